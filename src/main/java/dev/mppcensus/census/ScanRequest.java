package dev.mppcensus.census;

import dev.mppcensus.fetch.AddressPolicy;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.scan.DomainScanner;
import dev.mppcensus.scan.ScanCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Everything a census run needs, and its encoding as job parameters. Only the list name and the run
 * date identify a run (so each nightly run of a list is its own job instance and rerunning the same
 * command resumes it); the rest are non-identifying settings recorded with each execution.
 */
public record ScanRequest(
        Path listPath,
        String listName,
        String listSha256,
        LocalDate runDate,
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
        Distribution distribution,
        List<String> dnsServers,
        int connectionsPerHost) {

    static final String LIST = "list";
    static final String RUN_DATE = "runDate";
    static final String LIST_PATH = "listPath";
    static final String LIST_SHA256 = "listSha256";
    static final String CHUNK_SIZE = "chunkSize";
    static final String CONCURRENCY = "concurrency";
    static final String TIMEOUT_MS = "timeoutMs";
    static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    static final String USER_AGENT = "userAgent";
    static final String CONNECT_TO = "connectTo";
    static final String CA_FILE = "caFile";
    static final String CHECKS = "checks";
    static final String ALLOW_PRIVATE = "allowPrivate";
    static final String PER_IP_LIMIT = "perIpLimit";
    static final String ROBOTS = "robots";
    static final String RETRIES = "retries";
    static final String DNS_SERVERS = "dnsServers";
    static final String CONNECTIONS_PER_HOST = "connectionsPerHost";
    static final String WORKERS = "workers";
    static final String PARTITIONS = "partitions";
    static final String QUEUE = "queue";
    /** Identifying parameters of a rescan: the run's id and the rescan's round (1, 2, ...). */
    static final String RUN_ID = "runId";
    static final String ROUND = "round";

    public ScanRequest {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("--chunk-size must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        connectTo = List.copyOf(connectTo);
        allowPrivate = allowPrivate == null ? List.of() : List.copyOf(allowPrivate);
        if (perIpLimit < 0) {
            throw new IllegalArgumentException("--per-ip-limit must not be negative");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must not be negative");
        }
        checks = checks.isEmpty() ? EnumSet.noneOf(ScanCheck.class) : EnumSet.copyOf(checks);
        distribution = distribution == null ? Distribution.LOCAL : distribution;
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        if (connectionsPerHost < 1) {
            throw new IllegalArgumentException("--connections-per-host must be at least 1");
        }
    }

    /** A run scanned by this process alone. */
    public ScanRequest(Path listPath, String listName, String listSha256, LocalDate runDate, int chunkSize,
            int concurrency, Duration timeout, Duration connectTimeout, String userAgent, List<String> connectTo,
            Path caFile, Set<ScanCheck> checks, List<String> allowPrivate, int perIpLimit, boolean robots,
            int retries, List<String> dnsServers, int connectionsPerHost) {
        this(listPath, listName, listSha256, runDate, chunkSize, concurrency, timeout, connectTimeout, userAgent,
                connectTo, caFile, checks, allowPrivate, perIpLimit, robots, retries, Distribution.LOCAL, dnsServers,
                connectionsPerHost);
    }

    /**
     * Who scans the run's staged domains: this process ({@code remote == false}), or worker processes
     * that take line-range partitions from the RabbitMQ queue {@code queue}; {@code partitions} is
     * their number, 0 for the default (see {@link LineRangePartitioner}).
     */
    public record Distribution(boolean remote, int partitions, String queue) {
        public static final String DEFAULT_QUEUE = "mpp-census.partitions";
        public static final Distribution LOCAL = new Distribution(false, 0, DEFAULT_QUEUE);

        public Distribution {
            if (partitions < 0) {
                throw new IllegalArgumentException("--partitions must not be negative");
            }
            if (queue == null || queue.isBlank()) {
                throw new IllegalArgumentException("--queue must not be empty");
            }
        }
    }

    public ScanRequest withDistribution(Distribution distribution) {
        return new ScanRequest(listPath, listName, listSha256, runDate, chunkSize, concurrency, timeout,
                connectTimeout, userAgent, connectTo, caFile, checks, allowPrivate, perIpLimit, robots, retries,
                distribution, dnsServers, connectionsPerHost);
    }

    /** The parameters that identify the run's job instance: the list name and the run date. */
    JobParameters identifyingParameters() {
        return new JobParametersBuilder()
                .addString(LIST, listName)
                .addLocalDate(RUN_DATE, runDate)
                .toJobParameters();
    }

    JobParameters toJobParameters() {
        JobParametersBuilder builder = new JobParametersBuilder(identifyingParameters())
                .addString(LIST_PATH, listPath.toString(), false)
                .addString(LIST_SHA256, listSha256, false)
                .addLong(CHUNK_SIZE, (long) chunkSize, false)
                .addLong(CONCURRENCY, (long) concurrency, false)
                .addLong(TIMEOUT_MS, timeout.toMillis(), false)
                .addLong(CONNECT_TIMEOUT_MS, connectTimeout.toMillis(), false)
                .addString(USER_AGENT, userAgent, false)
                .addString(CONNECT_TO, String.join("\n", connectTo), false)
                .addString(CHECKS, ScanCheck.codes(checks), false)
                .addString(ALLOW_PRIVATE, String.join("\n", allowPrivate), false)
                .addLong(PER_IP_LIMIT, (long) perIpLimit, false)
                .addString(ROBOTS, Boolean.toString(robots), false)
                .addLong(RETRIES, (long) retries, false)
                .addString(DNS_SERVERS, String.join("\n", dnsServers), false)
                .addLong(CONNECTIONS_PER_HOST, (long) connectionsPerHost, false)
                .addString(WORKERS, distribution.remote() ? "remote" : "local", false)
                .addLong(PARTITIONS, (long) distribution.partitions(), false)
                .addString(QUEUE, distribution.queue(), false);
        if (caFile != null) {
            builder.addString(CA_FILE, caFile.toString(), false);
        }
        return builder.toJobParameters();
    }

    /**
     * Parameters of round {@code round} of the rescan of run {@code runId}: those two identify the
     * rescan's job instance; this request's settings ride along, non-identifying.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    JobParameters toRescanJobParameters(long runId, int round) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addLong(RUN_ID, runId)
                .addLong(ROUND, (long) round);
        for (JobParameter parameter : toJobParameters()) {
            builder.addJobParameter(new JobParameter(parameter.name(), parameter.value(), parameter.type(), false));
        }
        return builder.toJobParameters();
    }

    static ScanRequest fromJobParameters(JobParameters parameters) {
        String connectTo = parameters.getString(CONNECT_TO);
        String caFile = parameters.getString(CA_FILE);
        String allowPrivate = parameters.getString(ALLOW_PRIVATE);
        String dnsServers = parameters.getString(DNS_SERVERS);
        return new ScanRequest(
                Path.of(parameters.getString(LIST_PATH)),
                parameters.getString(LIST),
                parameters.getString(LIST_SHA256),
                parameters.getLocalDate(RUN_DATE),
                parameters.getLong(CHUNK_SIZE).intValue(),
                parameters.getLong(CONCURRENCY).intValue(),
                Duration.ofMillis(parameters.getLong(TIMEOUT_MS)),
                Duration.ofMillis(parameters.getLong(CONNECT_TIMEOUT_MS)),
                parameters.getString(USER_AGENT),
                connectTo == null || connectTo.isEmpty() ? List.of() : Arrays.asList(connectTo.split("\n")),
                caFile == null ? null : Path.of(caFile),
                parameters.getString(CHECKS) == null ? EnumSet.allOf(ScanCheck.class)
                        : ScanCheck.parse(parameters.getString(CHECKS)),
                allowPrivate == null || allowPrivate.isEmpty() ? List.of() : Arrays.asList(allowPrivate.split("\n")),
                parameters.getLong(PER_IP_LIMIT) == null ? FetchSettings.DEFAULT_MAX_REQUESTS_PER_ADDRESS
                        : parameters.getLong(PER_IP_LIMIT).intValue(),
                Boolean.parseBoolean(parameters.getString(ROBOTS)),
                parameters.getLong(RETRIES) == null ? DomainScanner.DEFAULT_RETRIES
                        : parameters.getLong(RETRIES).intValue(),
                new Distribution("remote".equals(parameters.getString(WORKERS)),
                        parameters.getLong(PARTITIONS) == null ? 0 : parameters.getLong(PARTITIONS).intValue(),
                        parameters.getString(QUEUE) == null ? Distribution.DEFAULT_QUEUE : parameters.getString(QUEUE)),
                dnsServers == null || dnsServers.isEmpty() ? List.of() : Arrays.asList(dnsServers.split("\n")),
                parameters.getLong(CONNECTIONS_PER_HOST) == null ? FetchSettings.defaults().maxConnectionsPerHost()
                        : parameters.getLong(CONNECTIONS_PER_HOST).intValue());
    }

    /** The HTTP client settings of this run. */
    FetchSettings fetchSettings() {
        FetchSettings defaults = FetchSettings.defaults();
        return new FetchSettings(connectTimeout, timeout, defaults.maxBodyBytes(), defaults.maxHeaderBytes(),
                userAgent, connectTo.stream().map(ConnectToRule::parse).toList(), caFile,
                AddressPolicy.allowing(allowPrivate), connectionsPerHost, perIpLimit,
                dnsServers.stream().map(FetchSettings::dnsServer).toList());
    }

    /** The scanner of this run: its checks, robots.txt and retries. */
    DomainScanner newScanner(HttpFetcher fetcher) {
        return new DomainScanner(fetcher, checks, robots, retries);
    }
}
