package dev.mppcensus.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything an {@link HttpFetcher} is configured with. Immutable; use {@link #defaults()} and the
 * {@code with...} copies.
 *
 * @param connectTimeout        deadline for the TCP connect (per address tried)
 * @param requestTimeout        total deadline of one request, from the call until the last body byte;
 *                              also the idle timeout of a connection
 * @param maxBodyBytes          body cap; more makes the fetch fail with {@link FetchErrorKind#TOO_LARGE}
 *                              after keeping the first {@code maxBodyBytes}
 * @param maxHeaderBytes        cap on the size of the status line plus response headers
 * @param userAgent             the User-Agent sent with every request
 * @param connectTo             curl-style connect-to rules, first match wins
 * @param caFile                PEM file with extra trusted CA certificates (added to the JVM's), or
 *                              {@code null}
 * @param addressPolicy         which resolved addresses may be connected to
 * @param maxConnectionsPerHost bound on simultaneous connections to one scheme+host+port
 * @param maxRequestsPerAddress bound on requests in flight to one IP address across all host names
 *                              (politeness towards shared hosting); {@code 0} means no bound
 * @param dnsServers            nameservers to ask (IP and port), in order; empty for the system's
 *                              ({@code /etc/resolv.conf}). Every lookup is bounded by {@code connectTimeout}.
 */
public record FetchSettings(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes,
                            int maxHeaderBytes, String userAgent, List<ConnectToRule> connectTo, Path caFile,
                            AddressPolicy addressPolicy, int maxConnectionsPerHost, int maxRequestsPerAddress,
                            List<InetSocketAddress> dnsServers) {

    /** The User-Agent of the census: the product token {@code mpp-census} and a contact URL. */
    public static final String DEFAULT_USER_AGENT = "mpp-census/0.1 (+https://github.com/mpp-census/mpp-census)";

    /** Default bound on requests in flight to one IP address. */
    public static final int DEFAULT_MAX_REQUESTS_PER_ADDRESS = 8;

    public FetchSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(addressPolicy, "addressPolicy");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative: " + maxBodyBytes);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024: " + maxHeaderBytes);
        }
        if (maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1: " + maxConnectionsPerHost);
        }
        if (userAgent.isBlank() || userAgent.indexOf('\r') >= 0 || userAgent.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("userAgent must be one non-blank line");
        }
        if (maxRequestsPerAddress < 0) {
            throw new IllegalArgumentException("maxRequestsPerAddress must not be negative: " + maxRequestsPerAddress);
        }
        connectTo = connectTo == null ? List.of() : List.copyOf(connectTo);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    }

    /** Settings asking the system's nameservers. */
    public FetchSettings(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes, int maxHeaderBytes,
                         String userAgent, List<ConnectToRule> connectTo, Path caFile, AddressPolicy addressPolicy,
                         int maxConnectionsPerHost, int maxRequestsPerAddress) {
        this(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile, addressPolicy,
                maxConnectionsPerHost, maxRequestsPerAddress, List.of());
    }

    /** Settings with the default per-address bound ({@value #DEFAULT_MAX_REQUESTS_PER_ADDRESS}). */
    public FetchSettings(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes, int maxHeaderBytes,
                         String userAgent, List<ConnectToRule> connectTo, Path caFile, AddressPolicy addressPolicy,
                         int maxConnectionsPerHost) {
        this(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile, addressPolicy,
                maxConnectionsPerHost, DEFAULT_MAX_REQUESTS_PER_ADDRESS);
    }

    /**
     * Connect 5 s, total deadline 10 s, body 1 MiB, headers 64 KiB, the census User-Agent, no connect-to
     * rules, no extra CA, {@link AddressPolicy#publicOnly()}, 2 connections per host, 8 requests in flight
     * per IP address.
     */
    public static FetchSettings defaults() {
        return new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 1024 * 1024, 64 * 1024,
                DEFAULT_USER_AGENT, List.of(), null, AddressPolicy.publicOnly(), 2);
    }

    public FetchSettings withConnectTimeout(Duration value) {
        return new FetchSettings(value, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withRequestTimeout(Duration value) {
        return new FetchSettings(connectTimeout, value, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withMaxBodyBytes(int value) {
        return new FetchSettings(connectTimeout, requestTimeout, value, maxHeaderBytes, userAgent, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withMaxHeaderBytes(int value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, value, userAgent, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withUserAgent(String value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, value, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withConnectTo(List<ConnectToRule> value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, value, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withCaFile(Path value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, value,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withAddressPolicy(AddressPolicy value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile,
                value, maxConnectionsPerHost, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withMaxConnectionsPerHost(int value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile,
                addressPolicy, value, maxRequestsPerAddress, dnsServers);
    }

    public FetchSettings withDnsServers(List<InetSocketAddress> value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, maxRequestsPerAddress, value);
    }

    /**
     * A nameserver given as {@code IP}, {@code IP:PORT} or {@code [IPv6]:PORT} (port 53 by default).
     *
     * @throws IllegalArgumentException when it is not an IP address with an optional port
     */
    public static InetSocketAddress dnsServer(String spec) {
        String text = spec == null ? "" : spec.strip();
        String host = text;
        int port = 53;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[") ? colon > text.indexOf(']') : colon > 0 && colon == text.indexOf(':')) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        InetAddress address = ConnectToResolver.literal(host);
        if (address == null || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not a nameserver IP[:PORT]: " + spec);
        }
        return new InetSocketAddress(address, port);
    }

    public FetchSettings withMaxRequestsPerAddress(int value) {
        return new FetchSettings(connectTimeout, requestTimeout, maxBodyBytes, maxHeaderBytes, userAgent, connectTo, caFile,
                addressPolicy, maxConnectionsPerHost, value, dnsServers);
    }
}
