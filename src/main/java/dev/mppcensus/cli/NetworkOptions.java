package dev.mppcensus.cli;

import dev.mppcensus.census.ScanRequest;
import dev.mppcensus.fetch.AddressPolicy;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.scan.DomainScanner;
import dev.mppcensus.fetch.FetchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import dev.mppcensus.scan.ScanCheck;
import picocli.CommandLine.Option;

/** The network options shared by every command that crawls. */
final class NetworkOptions {

    @Option(names = "--connect-to", paramLabel = "HOST1:PORT1:HOST2:PORT2",
            description = "Connect to HOST2:PORT2 instead of HOST1:PORT1 (curl's meaning: the URL, Host header and "
                    + "TLS SNI keep the domain's name). Empty HOST1 or PORT1 matches any; HOST1 may be *.example.com. "
                    + "Repeatable; the first matching rule wins.")
    List<String> connectTo = new ArrayList<>();

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Also trust the CA certificate(s) in this PEM file (verification stays on).")
    Path caFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Deadline of each HTTP request, headers and body included (default: ${DEFAULT-VALUE}; "
                    + "e.g. 500ms, 5s, 1m).")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Deadline of each TCP connect (default: ${DEFAULT-VALUE}; capped at --timeout).")
    Duration connectTimeout;

    @Option(names = "--user-agent", paramLabel = "STRING",
            description = "User-Agent header (default: mpp-census/VERSION with the project URL).")
    String userAgent;

    @Option(names = "--checks", paramLabel = "LIST", defaultValue = "well-known,link,openapi,endpoint",
            description = "Probes to run, comma-separated: well-known (ai-agent.json), link (homepage Link header), "
                    + "openapi (/openapi.json x-payment-info), endpoint (one unpaid GET per declared endpoint). "
                    + "Default: all.")
    String checks;

    @Option(names = "--allow-private", paramLabel = "CIDR",
            description = "Also allow connections to this otherwise refused network (loopback, RFC 1918, link-local, "
                    + "ULA, CGNAT...), e.g. 10.0.0.0/8 or fd00::/8; a bare address is one host. Repeatable. "
                    + "Default: public addresses only (--connect-to targets are always allowed).")
    List<String> allowPrivate = new ArrayList<>();

    @Option(names = "--per-ip-limit", paramLabel = "N", defaultValue = "8",
            description = "At most N requests in flight to one IP address, across all host names served from it "
                    + "(default: ${DEFAULT-VALUE}; 0 = no limit).")
    int perIpLimit;

    @Option(names = "--robots",
            description = "Fetch each site's /robots.txt first and skip the homepage, /.well-known/ai-agent.json and "
                    + "/openapi.json requests it disallows for mpp-census (or *); skipped checks give error kind robots.")
    boolean robots;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
            description = "Retry a request up to N times after a refused or reset connection, with backoff from 250 ms "
                    + "doubling each time; timeouts are not retried (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--dns-server", paramLabel = "IP[:PORT]",
            description = "Ask this nameserver (port 53 unless given; IPv6 as [::1]:53) instead of those in "
                    + "/etc/resolv.conf. Repeatable, asked in order. Every lookup ends within --connect-timeout.")
    List<String> dnsServers = new ArrayList<>();

    @Option(names = "--connections-per-host", paramLabel = "N", defaultValue = "2",
            description = "At most N connections to one host over HTTP/1.1 (default: ${DEFAULT-VALUE}); a host "
                    + "that negotiates HTTP/2 gets one connection carrying all of its requests.")
    int connectionsPerHost;

    /** The census run of {@code listFile} with these network options. */
    ScanRequest scanRequest(dev.mppcensus.domainlist.DomainListFile listFile, String listName,
            java.time.LocalDate runDate, int chunkSize, int concurrency) {
        return new ScanRequest(listFile.path(), listName, listFile.sha256(), runDate, chunkSize,
                concurrency, timeout, effectiveConnectTimeout(), effectiveUserAgent(), connectTo, absoluteCaFile(),
                scanChecks(), allowPrivate, perIpLimit, robots, retries, dnsServers, connectionsPerHost);
    }

    /**
     * {@code run} with the options that were given on this command line ({@code given} tells which, by
     * their names) in place of the run's own: how a worker adapts a run's settings to where it runs.
     */
    ScanRequest overriding(ScanRequest run, Predicate<String> given, PipelineOptions pipeline) {
        Duration runTimeout = given.test("--timeout") ? timeout : run.timeout();
        Duration runConnectTimeout = given.test("--connect-timeout") ? connectTimeout : run.connectTimeout();
        if (runConnectTimeout.compareTo(runTimeout) > 0) {
            runConnectTimeout = runTimeout;
        }
        return new ScanRequest(run.listPath(), run.listName(), run.listSha256(), run.runDate(),
                given.test("--chunk-size") ? pipeline.chunkSize : run.chunkSize(),
                given.test("--concurrency") ? pipeline.concurrency : run.concurrency(),
                runTimeout, runConnectTimeout,
                given.test("--user-agent") ? userAgent : run.userAgent(),
                given.test("--connect-to") ? connectTo : run.connectTo(),
                given.test("--ca-file") ? absoluteCaFile() : run.caFile(),
                given.test("--checks") ? scanChecks() : run.checks(),
                given.test("--allow-private") ? allowPrivate : run.allowPrivate(),
                given.test("--per-ip-limit") ? perIpLimit : run.perIpLimit(),
                given.test("--robots") ? robots : run.robots(),
                given.test("--retries") ? retries : run.retries(),
                run.distribution(),
                given.test("--dns-server") ? dnsServers : run.dnsServers(),
                given.test("--connections-per-host") ? connectionsPerHost : run.connectionsPerHost());
    }

    /** A scanner with these options' checks, robots and retries. */
    DomainScanner newScanner(HttpFetcher fetcher) {
        return new DomainScanner(fetcher, scanChecks(), robots, retries);
    }

    Set<ScanCheck> scanChecks() {
        return ScanCheck.parse(checks);
    }

    /** Validates the options; throws {@link IllegalArgumentException} with a one-line message. */
    void validate() {
        connectTo.forEach(ConnectToRule::parse);
        scanChecks();
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new IllegalArgumentException("--ca-file not readable: " + caFile);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        try {
            AddressPolicy.allowing(allowPrivate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--allow-private: " + e.getMessage());
        }
        if (perIpLimit < 0) {
            throw new IllegalArgumentException("--per-ip-limit must not be negative");
        }
        try {
            dnsServers.forEach(FetchSettings::dnsServer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-server: " + e.getMessage());
        }
        if (connectionsPerHost < 1 || connectionsPerHost > 64) {
            throw new IllegalArgumentException("--connections-per-host must be between 1 and 64");
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("--retries must be between 0 and 10");
        }
    }

    Duration effectiveConnectTimeout() {
        return connectTimeout.compareTo(timeout) > 0 ? timeout : connectTimeout;
    }

    String effectiveUserAgent() {
        return userAgent != null ? userAgent : FetchSettings.defaults().userAgent();
    }

    /** The HTTP client settings these options describe (public addresses plus --allow-private and --connect-to targets). */
    FetchSettings fetchSettings() {
        FetchSettings defaults = FetchSettings.defaults();
        return new FetchSettings(effectiveConnectTimeout(), timeout, defaults.maxBodyBytes(), defaults.maxHeaderBytes(),
                effectiveUserAgent(), connectTo.stream().map(ConnectToRule::parse).toList(), absoluteCaFile(),
                AddressPolicy.allowing(allowPrivate), connectionsPerHost, perIpLimit,
                dnsServers.stream().map(FetchSettings::dnsServer).toList());
    }

    Path absoluteCaFile() {
        return caFile == null ? null : caFile.toAbsolutePath().normalize();
    }
}
