package dev.mppcensus.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything an {@link HttpFetcher} is configured with. The census builds it from a run's settings
 * ({@code census.ScanSettings#fetchSettings}), which hold the options' defaults and check their rules;
 * the values are taken here as given, only the caps, which are no options, are checked.
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

    /** The body cap of the census: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** The header cap of the census: 64 KiB. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    public FetchSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(addressPolicy, "addressPolicy");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative: " + maxBodyBytes);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024: " + maxHeaderBytes);
        }
        connectTo = connectTo == null ? List.of() : List.copyOf(connectTo);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
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
}
