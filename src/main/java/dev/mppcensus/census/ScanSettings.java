package dev.mppcensus.census;

import dev.mppcensus.fetch.AddressPolicy;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.scan.DomainScanner;
import dev.mppcensus.scan.ProbeMethods;
import dev.mppcensus.scan.ScanCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every setting of a run's scan, validated once: how many domains are in flight and per chunk, the
 * HTTP client's deadlines, identity and address policy, the probes, and who scans (this process or
 * remote workers). A run keeps them whole, as JSON, in one job parameter and in
 * {@code census_run.parameters}, so a restart, a rescan and a worker scan with exactly these.
 * <p>
 * A new setting is a new component here (validated in the constructor, used by {@link #fetchSettings}
 * or {@link #newScanner} or the steps), an option in {@code cli.NetworkOptions} or
 * {@code cli.PipelineOptions} mapped in their {@code settings} method, and one line in
 * {@code NetworkOptions.overriding} if a worker may replace it. Nothing else changes.
 *
 * @param connectTimeout capped at {@code timeout}
 * @param userAgent      {@code null} for the default ({@link FetchSettings#defaults()})
 * @param connectTo      {@code --connect-to} rules as typed
 * @param caFile         an extra trusted CA file, or {@code null}
 * @param allowPrivate   networks allowed besides public addresses (CIDRs as typed)
 * @param perIpLimit     requests in flight per IP address, 0 for no limit
 * @param retries        retries after a refused or reset connection, 0 to 10
 * @param probeMethods   HTTP methods payable operations may be probed with, {@code null} for the default
 * @param dnsServers     nameservers asked instead of the system's ({@code IP[:PORT]} as typed), empty for the system's
 * @param connectionsPerHost connections to one HTTP/1.1 host at most (an HTTP/2 host gets one), 1 to 64;
 *                       0 for the default, 2
 */
public record ScanSettings(
        int chunkSize,
        int concurrency,
        Duration timeout,
        Duration connectTimeout,
        String userAgent,
        List<String> connectTo,
        Path caFile,
        Set<ScanCheck> checks,
        List<String> allowPrivate,
        int perIpLimit,
        boolean robots,
        int retries,
        ProbeMethods probeMethods,
        List<String> dnsServers,
        int connectionsPerHost,
        Distribution distribution) {

    static final int MAX_RETRIES = 10;
    static final int MAX_CONNECTIONS_PER_HOST = 64;
    /** Connections per HTTP/1.1 host when a stored run names none ({@code 0}). */
    static final int DEFAULT_CONNECTIONS_PER_HOST = 2;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @throws IllegalArgumentException with a one-line message naming the option, for any invalid setting */
    public ScanSettings {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("--chunk-size must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("--connect-timeout must be positive");
        }
        connectTimeout = connectTimeout.compareTo(timeout) > 0 ? timeout : connectTimeout;
        userAgent = userAgent == null || userAgent.isBlank() ? FetchSettings.defaults().userAgent() : userAgent;
        connectTo = connectTo == null ? List.of() : List.copyOf(connectTo);
        connectTo.forEach(ConnectToRule::parse);
        caFile = caFile == null ? null : caFile.toAbsolutePath().normalize();
        checks = checks == null || checks.isEmpty() ? EnumSet.noneOf(ScanCheck.class) : EnumSet.copyOf(checks);
        allowPrivate = allowPrivate == null ? List.of() : List.copyOf(allowPrivate);
        try {
            AddressPolicy.allowing(allowPrivate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--allow-private: " + e.getMessage());
        }
        if (perIpLimit < 0) {
            throw new IllegalArgumentException("--per-ip-limit must not be negative");
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("--retries must be between 0 and " + MAX_RETRIES);
        }
        probeMethods = probeMethods == null ? ProbeMethods.DEFAULT : probeMethods;
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        try {
            dnsServers.forEach(FetchSettings::dnsServer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-server: " + e.getMessage());
        }
        connectionsPerHost = connectionsPerHost == 0 ? DEFAULT_CONNECTIONS_PER_HOST : connectionsPerHost;
        if (connectionsPerHost < 1 || connectionsPerHost > MAX_CONNECTIONS_PER_HOST) {
            throw new IllegalArgumentException("--connections-per-host must be between 1 and " + MAX_CONNECTIONS_PER_HOST);
        }
        distribution = distribution == null ? Distribution.LOCAL : distribution;
    }

    /**
     * Who scans the run's staged domains, cut into {@code partitions} line ranges (0 for the default,
     * see {@link LineRangePartitioner}): this process ({@code remote == false}), scanning up to
     * {@code parallelPartitions} of them at once, or worker processes that take them from the RabbitMQ
     * queue {@code queue}.
     */
    public record Distribution(boolean remote, int partitions, int parallelPartitions, String queue) {
        public static final String DEFAULT_QUEUE = "mpp-census.partitions";
        /** Partitions one process scans at once unless told otherwise (see docs/benchmarks.md). */
        public static final int DEFAULT_PARALLEL_PARTITIONS = 8;
        public static final Distribution LOCAL = new Distribution(false, 0, DEFAULT_PARALLEL_PARTITIONS, DEFAULT_QUEUE);

        public Distribution {
            if (partitions < 0) {
                throw new IllegalArgumentException("--partitions must not be negative");
            }
            if (parallelPartitions < 1) {
                throw new IllegalArgumentException("--parallel-partitions must be at least 1");
            }
            if (queue == null || queue.isBlank()) {
                throw new IllegalArgumentException("--queue must not be empty");
            }
        }
    }

    /** These settings as JSON (what a run stores). */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** Settings stored by {@link #toJson()}. */
    static ScanSettings fromJson(String json) {
        return JSON.readValue(json, ScanSettings.class);
    }

    /** The HTTP client settings of these settings. */
    public FetchSettings fetchSettings() {
        FetchSettings defaults = FetchSettings.defaults();
        return new FetchSettings(connectTimeout, timeout, defaults.maxBodyBytes(), defaults.maxHeaderBytes(),
                userAgent, connectTo.stream().map(ConnectToRule::parse).toList(), caFile,
                AddressPolicy.allowing(allowPrivate), connectionsPerHost, perIpLimit,
                dnsServers.stream().map(FetchSettings::dnsServer).toList());
    }

    /** A scanner with these settings' checks, robots.txt, retries and probe methods, fetching through {@code fetcher}. */
    public DomainScanner newScanner(HttpFetcher fetcher) {
        return new DomainScanner(fetcher, checks, robots, retries, probeMethods);
    }
}
