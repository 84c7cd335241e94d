package dev.mppcensus.census;

import dev.mppcensus.fetch.AddressPolicy;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.scan.DomainScanner;
import dev.mppcensus.scan.HomepageGet;
import dev.mppcensus.scan.ProbeMethods;
import dev.mppcensus.scan.ScanCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every setting of a run's scan, the one place where each has its default and its rule: how many
 * domains are in flight and per chunk, the HTTP client's deadlines, identity and address policy, the
 * probes, and who scans (this process or remote workers). A run keeps them whole, as JSON, in one
 * job parameter and in {@code census_run.parameters}, so a restart, a rescan and a worker scan with
 * exactly these.
 * <p>
 * Each component is a command-line option of the same name ({@code connectTimeout} is
 * {@code --connect-timeout}; {@link Name @Name} where they differ), bound the way Spring Boot binds a
 * {@code @ConfigurationProperties} record: {@link #of} takes options by name, {@link DefaultValue
 * @DefaultValue} fills in the others, and the constructor checks them all. A new setting is a new
 * component here (its default, its rule in the constructor, its use in {@link #fetchSettings},
 * {@link #newScanner} or the steps), an {@code @Option} of that name in one of the {@code cli} option
 * groups, and a row in docs/operations.md; {@code ScanOptionsDocumentedTest} fails until all three
 * are there. Runs stored before it was added read as its default ({@link StoredSettings}).
 *
 * @param chunkSize          results written per chunk transaction
 * @param concurrency        domains scanned at once by one process, across the run's partitions
 * @param timeout            deadline of each HTTP request, headers and body included
 * @param connectTimeout     deadline of each TCP connect (and DNS lookup), capped at {@code timeout}
 * @param userAgent          the User-Agent sent; blank for {@link #DEFAULT_USER_AGENT}
 * @param connectTo          {@code --connect-to} rules as typed, first match wins
 * @param caFile             an extra trusted CA file, or {@code null}
 * @param checks             the probes to run (empty: none)
 * @param allowPrivate       networks allowed besides public addresses (CIDRs as typed)
 * @param perIpLimit         requests in flight per IP address, 0 for no limit
 * @param robots             whether robots.txt is fetched and honoured
 * @param retries            retries after a refused or reset connection, 0 to {@value #MAX_RETRIES}
 * @param probeMethods       HTTP methods payable operations may be probed with
 * @param homepageGet        when the homepage is requested with GET after its HEAD
 * @param dnsServers         nameservers asked instead of the system's ({@code IP[:PORT]} as typed), empty for the system's
 * @param connectionsPerHost connections to one HTTP/1.1 host at most (an HTTP/2 host gets one), 1 to
 *                           {@value #MAX_CONNECTIONS_PER_HOST}
 * @param distribution       who scans the run's domains
 */
public record ScanSettings(
        @DefaultValue("500") int chunkSize,
        @DefaultValue("200") int concurrency,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue(DEFAULT_USER_AGENT) String userAgent,
        List<String> connectTo,
        Path caFile,
        @DefaultValue("well-known,link,openapi,x402,endpoint") Set<ScanCheck> checks,
        List<String> allowPrivate,
        @DefaultValue("8") int perIpLimit,
        boolean robots,
        @DefaultValue("1") int retries,
        @DefaultValue("default") ProbeMethods probeMethods,
        @DefaultValue("fallback") HomepageGet homepageGet,
        @Name("dns-server") List<String> dnsServers,
        @DefaultValue("3") int connectionsPerHost,
        @DefaultValue Distribution distribution) {

    /** The User-Agent of the census: the product token {@code mpp-census} and a contact URL. */
    public static final String DEFAULT_USER_AGENT = "mpp-census/0.1 (+https://github.com/mpp-census/mpp-census)";
    static final int MAX_RETRIES = 10;
    static final int MAX_CONNECTIONS_PER_HOST = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Checks every setting; {@code null} lists and sets are empty.
     *
     * @throws IllegalArgumentException with a one-line message naming the option, for any invalid setting
     */
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
        userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent;
        if (userAgent.indexOf('\r') >= 0 || userAgent.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("--user-agent must be one line");
        }
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
        Objects.requireNonNull(probeMethods, "probeMethods");
        Objects.requireNonNull(homepageGet, "homepageGet");
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        try {
            dnsServers.forEach(FetchSettings::dnsServer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-server: " + e.getMessage());
        }
        if (connectionsPerHost < 1 || connectionsPerHost > MAX_CONNECTIONS_PER_HOST) {
            throw new IllegalArgumentException("--connections-per-host must be between 1 and " + MAX_CONNECTIONS_PER_HOST);
        }
        Objects.requireNonNull(distribution, "distribution");
    }

    /**
     * Who scans the run's staged domains, cut into {@code partitions} line ranges (0 for the default,
     * see {@link LineRangePartitioner}): this process ({@link Workers#LOCAL}), scanning up to
     * {@code parallelPartitions} of them at once, or worker processes that take them from the RabbitMQ
     * queue {@code queue} ({@link Workers#REMOTE}).
     */
    public record Distribution(
            @DefaultValue("local") Workers workers,
            int partitions,
            @DefaultValue("" + DEFAULT_PARALLEL_PARTITIONS) int parallelPartitions,
            @DefaultValue(DEFAULT_QUEUE) String queue) {

        public static final String DEFAULT_QUEUE = "mpp-census.partitions";
        /** Partitions one process scans at once unless told otherwise (see docs/benchmarks.md). */
        public static final int DEFAULT_PARALLEL_PARTITIONS = 8;

        public Distribution {
            Objects.requireNonNull(workers, "workers");
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

        /** Whether worker processes scan the run's partitions. */
        public boolean remote() {
            return workers == Workers.REMOTE;
        }
    }

    /** Who scans a run ({@code --workers local|remote}). */
    public enum Workers { LOCAL, REMOTE }

    /**
     * A setting as the command line names it.
     *
     * @param option       the option's name without {@code --}, e.g. {@code connect-timeout}
     * @param jsonPath     where the stored JSON keeps it, e.g. {@code [distribution, queue]}
     * @param defaultValue its default as typed on a command line, or {@code null} (none, empty, off)
     */
    public record Setting(String option, List<String> jsonPath, String defaultValue) {
    }

    /** Every setting, in the order of the components. */
    public static List<Setting> settings() {
        return ScanSettingsBinder.SETTINGS.values().stream().map(ScanSettingsBinder.Bound::setting).toList();
    }

    /**
     * The settings a user gave, by option name ({@code "timeout"} for {@code --timeout}), each value
     * either as typed ({@code "10s"}) or already converted ({@code Duration.ofSeconds(10)}); the others
     * take their defaults. A CA file must be readable.
     *
     * @throws IllegalArgumentException with a one-line message naming the option, for an unknown
     *                                  option or an invalid value
     */
    public static ScanSettings of(Map<String, ?> options) {
        ScanSettings settings = ScanSettingsBinder.bind(options);
        if (settings.caFile() != null && !Files.isReadable(settings.caFile())) {
            throw new IllegalArgumentException("--ca-file not readable: " + settings.caFile());
        }
        return settings;
    }

    /** Every setting at its default. */
    public static ScanSettings defaults() {
        return ScanSettingsBinder.bind(Map.of());
    }

    /**
     * These settings with {@code options} (as {@link #of}) in place of their own: a worker's own
     * options over a run's.
     */
    public ScanSettings with(Map<String, ?> options) {
        return of(ScanSettingsBinder.merged(this, options));
    }

    /** These settings as JSON (what a run stores; read back by {@link StoredSettings}). */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** What the HTTP client needs of these settings. */
    public FetchSettings fetchSettings() {
        return new FetchSettings(connectTimeout, timeout, FetchSettings.MAX_BODY_BYTES, FetchSettings.MAX_HEADER_BYTES,
                userAgent, connectTo.stream().map(ConnectToRule::parse).toList(), caFile,
                AddressPolicy.allowing(allowPrivate), connectionsPerHost, perIpLimit,
                dnsServers.stream().map(FetchSettings::dnsServer).toList());
    }

    /**
     * A scanner with these settings' checks, robots.txt, retries, probe methods and homepage GET rule,
     * fetching through {@code fetcher}.
     */
    public DomainScanner newScanner(HttpFetcher fetcher) {
        return new DomainScanner(fetcher, checks, robots, retries, probeMethods, homepageGet);
    }
}
