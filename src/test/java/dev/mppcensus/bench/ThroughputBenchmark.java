package dev.mppcensus.bench;

import dev.mppcensus.bench.Fleet.Zone;
import dev.mppcensus.fixture.IssuedCertificate;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The throughput benchmark: starts a {@link SyntheticWeb} for a {@link Fleet}, runs the
 * real {@code java -jar mpp-census.jar scan} as a separate process into a fresh PostgreSQL database,
 * then {@code curl --parallel} over the same URLs with the same concurrency and deadline, each
 * {@code bench.runs} times, and prints per-run figures, medians, the ratio to curl and the fraction
 * of the Little's-law bound. Configured with {@code bench.*} system properties (see
 * {@code docs/benchmarks.md}); run with {@code ./mvnw -Pbenchmark verify}.
 */
public final class ThroughputBenchmark {

    private static final PrintStream out = System.out;

    private ThroughputBenchmark() {
    }

    /** One crawler run, measured from outside plus its own summary. */
    record CrawlerRun(double wallSeconds, double jobSeconds, long scanned, long requests, double dbShare,
                      double cpuSeconds, double startupCpuSeconds, long maxRssKiB, long serverRequests,
                      long serverConnections, double serverCpuSeconds, boolean ok) {

        double hostsPerSecondJob() {
            return scanned / jobSeconds;
        }

        double requestsPerDomain() {
            return (double) requests / scanned;
        }

        double scanCpuSeconds() {
            return cpuSeconds - startupCpuSeconds;
        }
    }

    /** One curl run. */
    record CurlRun(double wallSeconds, double cpuSeconds, long maxRssKiB, long transfers, long connects,
                   long serverRequests, long serverConnections, double serverCpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Fleet fleet = new Fleet(intProperty("bench.hosts", 20_000), intProperty("bench.latency", 75),
                intProperty("bench.jitter", 25), doubleProperty("bench.blackholed", 0.05),
                doubleProperty("bench.refused", 0.05), doubleProperty("bench.declaring", 0.02),
                !"http".equalsIgnoreCase(property("bench.scheme", "https")),
                "h2".equalsIgnoreCase(property("bench.protocol", "h1")),
                intProperty("bench.timeout", 5) * 1000, intProperty("bench.seed", 1));
        int concurrency = intProperty("bench.concurrency", 100);
        int runs = intProperty("bench.runs", 3);
        boolean withCurl = Boolean.parseBoolean(property("bench.curl", "true"));
        Path jar = Path.of(property("bench.jar", "target/mpp-census.jar")).toAbsolutePath();
        List<String> jvmArgs = splitArgs(property("bench.jvmArgs", ""));
        List<String> scanArgs = splitArgs(property("bench.scanArgs", ""));
        long limitSeconds = intProperty("bench.limitSeconds", 1800);
        String adminUrl = property("bench.adminUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        Path work = Files.createDirectories(Path.of(property("bench.dir", "target/bench")).toAbsolutePath());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no crawler jar at " + jar + "; build it first (./mvnw -DskipTests package)");
        }

        int[] zones = fleet.zoneCounts();
        out.printf(Locale.ROOT, "== mpp-census throughput benchmark ==%n");
        out.printf(Locale.ROOT, "machine      %d cores, %s%n", Runtime.getRuntime().availableProcessors(), cpuModel());
        out.printf(Locale.ROOT, "profile      %s%n", property("bench.profile", "none (the properties given)"));
        out.printf(Locale.ROOT, "fleet        %s%n", fleet);
        out.printf(Locale.ROOT, "zones        ok %d, mpp %d, blackholed %d, refused %d; %d requests expected%n",
                zones[Zone.OK.ordinal()], zones[Zone.MPP.ordinal()], zones[Zone.BLACKHOLE.ordinal()],
                zones[Zone.REFUSED.ordinal()], fleet.expectedRequests());
        out.printf(Locale.ROOT, "concurrency  %d; runs %d; crawler JVM args %s; extra scan args %s%n", concurrency, runs,
                jvmArgs, scanArgs);
        out.printf(Locale.ROOT, "bound        mean %.3f s per domain -> Little's law %.1f domains/s at concurrency %d "
                        + "(%d requests per answering host, each a transfer of its own, refusals free: curl's work)%n",
                fleet.meanDomainSeconds(), fleet.littleBound(concurrency), concurrency, fleet.requestsPer(Zone.OK));
        out.printf(Locale.ROOT, "crawler bound mean %.3f s per domain -> Little's law %.1f domains/s at concurrency %d "
                        + "(the crawler's sequence: HEAD / and the four documents once its connection is up, %s, "
                        + "%.3f s expected, then the probe of MPP hosts; one 250 ms retry backoff per refused host)%n",
                fleet.crawlerDomainSeconds(), fleet.crawlerLittleBound(concurrency), concurrency,
                fleet.h2() ? "at once as HTTP/2 streams" : "over 3 HTTP/1.1 connections",
                fleet.checksSeconds(fleet.checksInFlight()));
        out.printf(Locale.ROOT, "chain bound  mean %.3f s per domain -> Little's law %.1f domains/s at concurrency %d "
                        + "(connect + the longest chain of dependent requests: HEAD / and the documents at once, then "
                        + "the endpoint probe of MPP hosts; loopback connects free)%n",
                fleet.chainDomainSeconds(), fleet.chainLittleBound(concurrency), concurrency);

        Path list = work.resolve("fleet-" + fleet.hosts() + "-" + fleet.seed() + ".txt");
        fleet.writeList(list);
        TestCertificateAuthority ca = TestCertificateAuthority.create("mpp-census bench CA");
        IssuedCertificate certificate = SyntheticWeb.certificate(ca);
        Path caPem = ca.writeCaPem(work);

        int warmupHosts = intProperty("bench.warmupHosts", 2000);
        if (warmupHosts > 0) {
            // The synthetic web runs in this JVM: its first minute would be JIT compilation on the machine
            // the crawler is measured on, which remote servers do not cost a crawler. Run 0 warms it up.
            Path warmupList = work.resolve("warmup-" + warmupHosts + ".txt");
            fleet.writeList(warmupList, warmupHosts);
            CrawlerRun warmup = runCrawler(fleet, certificate, caPem, warmupList, jar, jvmArgs, scanArgs, concurrency,
                    adminUrl, work, 0, limitSeconds);
            out.printf(Locale.ROOT, "run 0 warm-up of the synthetic web: %d hosts, %.1f s; not counted%n",
                    warmup.scanned(), warmup.wallSeconds());
        }
        List<CrawlerRun> crawlerRuns = new ArrayList<>();
        List<CurlRun> curlRuns = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            CrawlerRun c = runCrawler(fleet, certificate, caPem, list, jar, jvmArgs, scanArgs, concurrency,
                    adminUrl, work, run, limitSeconds);
            crawlerRuns.add(c);
            printCrawler(run, fleet, concurrency, c);
            if (withCurl) {
                CurlRun k = runCurl(fleet, certificate, caPem, concurrency, work, run, limitSeconds);
                curlRuns.add(k);
                printCurl(run, fleet, k);
                out.printf(Locale.ROOT, "run %d ratio  hosts/s ours/curl %.2f (job) %.2f (process wall); "
                                + "CPU per host ours/curl %.2f (whole process) %.2f (scan only)%n", run,
                        c.hostsPerSecondJob() / (fleet.hosts() / k.wallSeconds()),
                        k.wallSeconds() / c.wallSeconds(), c.cpuSeconds() / k.cpuSeconds(),
                        c.scanCpuSeconds() / k.cpuSeconds());
            }
        }
        printMedians(fleet, concurrency, crawlerRuns, curlRuns);
    }

    private static CrawlerRun runCrawler(Fleet fleet, IssuedCertificate certificate, Path caPem, Path list, Path jar,
            List<String> jvmArgs, List<String> scanArgs, int concurrency, String adminUrl, Path work, int run,
            long limitSeconds) throws Exception {
        String database = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(adminUrl, "CREATE DATABASE " + database);
        int workerCount = intProperty("bench.workers", 0);
        String url = adminUrl.replaceFirst("/[^/?]+\\?", "/" + database + "?");
        // bench.workers > 0: the scan is a manager (--workers remote) and that many worker processes share
        // the concurrency, so the total in flight (and Little's bound) stays the same as a local run's
        try (SyntheticWeb web = new SyntheticWeb(fleet, certificate);
             RemoteWorkers workers = workerCount > 0 ? RemoteWorkers.start(workerCount, jvmArgs, jar, url, database,
                     work.resolve("crawler-run" + run)) : null) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar.toString(), "scan", list.toString(), "--list-name", database,
                    "--concurrency", Integer.toString(workers == null ? concurrency : Math.max(1, concurrency / workerCount)),
                    "--timeout", (fleet.deadlineMillis() / 1000) + "s",
                    "--connect-timeout", connectTimeoutSeconds(fleet) + "s", "--ca-file", caPem.toString(),
                    // Every synthetic host is 127.0.0.1: the default per-address politeness bound (8 requests
                    // in flight) would cap the whole fleet, and curl has no such bound.
                    "--per-ip-limit", "0"));
            for (String rule : web.connectToRules()) {
                command.add("--connect-to");
                command.add(rule);
            }
            command.addAll(scanArgs);
            if (workers != null) {
                command.addAll(List.of("--workers", "remote", "--queue", database));
            }
            double serverCpuBefore = SyntheticWeb.processCpuSeconds();
            double workerCpuBefore = workers == null ? 0 : workers.cpuSeconds();
            MeasuredProcess.Outcome o = MeasuredProcess.run(command, Map.of("SPRING_DATASOURCE_URL", url),
                    work.resolve("crawler-run" + run), limitSeconds);
            double workerCpu = workers == null ? 0 : workers.cpuSeconds() - workerCpuBefore;
            if (workers != null) {
                out.printf(Locale.ROOT, "run %d remote manager + %d workers (concurrency %d each): manager CPU %.1f s "
                                + "(start-up %.1f s), workers CPU %.1f s during the run, worker peak RSS %d MiB, "
                                + "manager peak RSS %d MiB%n", run, workers.count(), Math.max(1, concurrency / workerCount),
                        o.cpuSeconds(), web.firstRequestNanos() == 0 ? 0 : o.cpuAt(web.firstRequestNanos()), workerCpu,
                        workers.maxPeakRssKiB() / 1024, o.maxRssKiB() / 1024);
            }
            double serverCpu = SyntheticWeb.processCpuSeconds() - serverCpuBefore;
            String summary = o.stdoutText();
            long firstRequest = web.firstRequestNanos();
            double startupCpu = firstRequest == 0 ? 0 : o.cpuAt(firstRequest);
            boolean ok = o.exitCode() == 0 && !o.timedOut();
            if (!ok) {
                out.printf("run %d crawler FAILED (exit %d%s); see %s%n", run, o.exitCode(),
                        o.timedOut() ? ", killed at the time limit" : "", o.stderr());
            }
            if (!ok) {
                try (Connection db = DriverManager.getConnection(url); Statement st = db.createStatement();
                     var rs = st.executeQuery("SELECT count(*) FROM scan_result")) {
                    rs.next();
                    out.printf(Locale.ROOT, "run %d crawler had written %d results when it stopped after %.0f s%n",
                            run, rs.getLong(1), o.wallSeconds());
                } catch (SQLException e) {
                    out.printf("run %d: cannot count results: %s%n", run, e.getMessage());
                }
            }
            if (ok) {
                printZoneTimes(run, fleet, url, concurrency);
            }
            writeSamples(work.resolve("crawler-run" + run + ".samples.csv"), o.samples());
            long peakSampled = o.samples().stream().mapToLong(MeasuredProcess.Sample::rssKiB).max().orElse(0);
            long lastSampled = o.samples().isEmpty() ? 0 : o.samples().getLast().rssKiB();
            out.printf(Locale.ROOT, "run %d rss    sampled every %d ms: peak %d MiB, last %d MiB (%s)%n", run,
                    MeasuredProcess.SAMPLE_MILLIS, peakSampled / 1024, lastSampled / 1024,
                    work.resolve("crawler-run" + run + ".samples.csv"));
            return new CrawlerRun(o.wallSeconds(),
                    MeasuredProcess.number(summary, "throughput\\s+[\\d.]+ domains/s \\(\\d+ scanned in ([\\d.]+) s\\)"),
                    (long) MeasuredProcess.number(summary, "domains scanned\\s+(\\d+)"),
                    (long) MeasuredProcess.number(summary, "\\n\\s*requests\\s+(\\d+)"),
                    MeasuredProcess.number(summary, "database writes\\s+[\\d.]+ s \\(([\\d.]+)% of"),
                    o.cpuSeconds() + workerCpu, startupCpu, o.maxRssKiB(), web.requests(), web.connections(), serverCpu,
                    ok);
        } finally {
            if (Boolean.getBoolean("bench.keepDatabases")) {
                out.printf("run %d database kept: %s%n", run, url);
            } else {
                admin(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /**
     * Where a run's time went: per zone, the hosts' scan times as the crawler recorded them
     * ({@code duration_ms}, from the first request to the result) beside the bound's model of them, and
     * the steady rate.
     */
    private static void printZoneTimes(int run, Fleet fleet, String url, int concurrency) {
        String query = "SELECT split_part(domain, '.', 2), count(*), avg(duration_ms), "
                + "percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms), "
                + "percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms) FROM scan_result GROUP BY 1 ORDER BY 1";
        try (Connection db = DriverManager.getConnection(url); Statement st = db.createStatement();
             var rs = st.executeQuery(query)) {
            while (rs.next()) {
                Fleet.Zone zone = Fleet.Zone.ofHost("h." + rs.getString(1) + ".");
                out.printf(Locale.ROOT, "run %d zone   %-9s %6d hosts: scan time mean %.3f s, median %.3f s, p99 %.3f s; "
                                + "bound's model %.3f s%n", run, rs.getString(1), rs.getLong(2), rs.getDouble(3) / 1000,
                        rs.getDouble(4) / 1000, rs.getDouble(5) / 1000,
                        zone == null ? Double.NaN : fleet.crawlerZoneSeconds(zone));
            }
            printSteadyRate(run, fleet, db, concurrency);
        } catch (SQLException e) {
            out.printf("run %d: cannot read the scan times: %s%n", run, e.getMessage());
        }
    }

    /**
     * The rate between the 10th and the 90th percentile of the scans' end times: the run without its
     * start (JIT compilation, the first connections) and its end (the last domains, blackholed ones
     * among them, finishing with fewer in flight), which a longer list amortises.
     */
    private static void printSteadyRate(int run, Fleet fleet, Connection db, int concurrency) throws SQLException {
        String query = "WITH ends AS (SELECT extract(epoch FROM scanned_at) + duration_ms / 1000.0 AS t FROM scan_result) "
                + "SELECT count(*), percentile_cont(0.1) WITHIN GROUP (ORDER BY t), "
                + "percentile_cont(0.9) WITHIN GROUP (ORDER BY t), min(t) FROM ends";
        try (Statement st = db.createStatement(); var rs = st.executeQuery(query)) {
            rs.next();
            double middle = rs.getDouble(3) - rs.getDouble(2);
            double rate = middle <= 0 ? Double.NaN : 0.8 * rs.getLong(1) / middle;
            out.printf(Locale.ROOT, "run %d steady %.1f domains/s between the 10th and 90th percentile of the scans' ends "
                            + "(%.1f s to %.1f s after the first), %.0f%% of Little's bound%n", run, rate,
                    rs.getDouble(2) - rs.getDouble(4), rs.getDouble(3) - rs.getDouble(4),
                    100 * rate / fleet.crawlerLittleBound(concurrency));
        }
    }

    /**
     * curl does per host what the crawler does, as separate transfers in one {@code --parallel}
     * run: answering hosts {@link Fleet#SITE_REQUESTS} (over HTTP after a refused https attempt), MPP
     * hosts the endpoint probe too, blackholed hosts HEAD / until the deadline, refused hosts https
     * and http on the domain and on www. Each transfer carries its own exact-host {@code connect-to}
     * (curl 7.88 has no wildcards) and the crawler's deadlines.
     */
    private static CurlRun runCurl(Fleet fleet, IssuedCertificate certificate, Path caPem, int concurrency, Path work,
            int run, long limitSeconds) throws Exception {
        try (SyntheticWeb web = new SyntheticWeb(fleet, certificate)) {
            Path config = work.resolve("curl-run" + run + ".config");
            long transfers = writeCurlConfig(fleet, web, caPem, concurrency, config);
            double serverCpuBefore = SyntheticWeb.processCpuSeconds();
            MeasuredProcess.Outcome o = MeasuredProcess.run(List.of("/usr/bin/curl", "--config", config.toString()),
                    Map.of(), work.resolve("curl-run" + run), limitSeconds);
            double serverCpu = SyntheticWeb.processCpuSeconds() - serverCpuBefore;
            long connects = 0;
            long lines = 0;
            for (String line : Files.readAllLines(o.stdout())) {
                String[] f = line.trim().split(" ");
                if (f.length == 2) {
                    lines++;
                    connects += Long.parseLong(f[1]);
                }
            }
            if (lines != transfers) {
                out.printf("run %d curl reported %d of %d transfers (exit %d)%n", run, lines, transfers, o.exitCode());
            }
            return new CurlRun(o.wallSeconds(), o.cpuSeconds(), o.maxRssKiB(), lines, connects, web.requests(),
                    web.connections(), serverCpu);
        }
    }

    private static long writeCurlConfig(Fleet fleet, SyntheticWeb web, Path caPem, int concurrency, Path config)
            throws IOException {
        long transfers = 0;
        String common = "cacert = \"" + caPem + "\"\nmax-time = " + fleet.deadlineMillis() / 1000
                + "\nconnect-timeout = " + connectTimeoutSeconds(fleet)
                + "\noutput = /dev/null\nsilent\nwrite-out = \"%{http_code} %{num_connects}\\n\"\n";
        try (BufferedWriter w = Files.newBufferedWriter(config, StandardCharsets.US_ASCII)) {
            w.write("parallel\nparallel-max = " + concurrency + "\n");
            boolean first = true;
            for (int i = 0; i < fleet.hosts(); i++) {
                String host = fleet.host(i);
                List<String[]> requests = new ArrayList<>(); // {method, url-host, scheme, path}
                switch (fleet.zoneOf(i)) {
                    case OK, MPP -> {
                        String scheme = fleet.https() ? "https" : "http";
                        if (!fleet.https()) {
                            requests.add(new String[] {"HEAD", host, "https", "/"});
                        }
                        for (String[] request : Fleet.SITE_REQUESTS) {
                            requests.add(new String[] {request[0], host, scheme, request[1]});
                        }
                        if (fleet.zoneOf(i) == Zone.MPP) {
                            requests.add(new String[] {"GET", host, scheme, "/mpp"});
                        }
                    }
                    case BLACKHOLE -> requests.add(new String[] {"HEAD", host, "https", "/"});
                    case REFUSED -> {
                        for (String h : List.of(host, "www." + host)) {
                            requests.add(new String[] {"HEAD", h, "https", "/"});
                            requests.add(new String[] {"HEAD", h, "http", "/"});
                        }
                    }
                }
                for (String[] r : requests) {
                    if (!first) {
                        w.write("next\n");
                    }
                    first = false;
                    int port = r[2].equals("https") ? 443 : 80;
                    w.write("url = \"" + r[2] + "://" + r[1] + r[3] + "\"\n");
                    w.write("connect-to = \"" + r[1] + ":" + port + ":127.0.0.1:" + web.targetPort(r[1], port) + "\"\n");
                    if (r[0].equals("HEAD")) {
                        w.write("head\n");
                    }
                    w.write(common);
                    transfers++;
                }
            }
        }
        return transfers;
    }

    /**
     * The connect deadline of both clients: the crawler's default {@code --connect-timeout} (5 s), capped
     * by the request deadline. curl's includes the TLS handshake; the crawler's handshake runs under the
     * request deadline, so a host that accepts and never answers costs both the full deadline when it
     * equals the connect deadline, as it does by default.
     */
    private static int connectTimeoutSeconds(Fleet fleet) {
        return Math.min(5, fleet.deadlineMillis() / 1000);
    }

    private static void printCrawler(int run, Fleet fleet, int concurrency, CrawlerRun c) {
        out.printf(Locale.ROOT, "run %d ours   %s wall %.1f s, job %.1f s, %d scanned, %.1f domains/s (job) "
                        + "%.1f (process wall), %.1f requests/s, %.2f requests/domain; %.0f%% of Little's bound, %.0f%% of the chain bound; "
                        + "CPU %.1f s (start-up %.1f s)"
                        + " = %.2f ms/host (scan only %.2f ms/host), %.0f%% of the machine during the job; peak RSS %d MiB;"
                        + " db writes %.1f%% of wall; server saw %d requests on %d connections, server CPU %.1f s"
                        + " (%.2f ms/request)%n",
                run, c.ok() ? "ok" : "FAILED", c.wallSeconds(), c.jobSeconds(), c.scanned(), c.hostsPerSecondJob(),
                fleet.hosts() / c.wallSeconds(), c.requests() / c.jobSeconds(), c.requestsPerDomain(),
                100 * c.hostsPerSecondJob() / fleet.crawlerLittleBound(concurrency),
                100 * c.hostsPerSecondJob() / fleet.chainLittleBound(concurrency), c.cpuSeconds(), c.startupCpuSeconds(),
                1000 * c.cpuSeconds() / fleet.hosts(), 1000 * c.scanCpuSeconds() / fleet.hosts(),
                100 * c.scanCpuSeconds() / c.jobSeconds() / Runtime.getRuntime().availableProcessors(),
                c.maxRssKiB() / 1024, c.dbShare(), c.serverRequests(), c.serverConnections(), c.serverCpuSeconds(),
                1000 * c.serverCpuSeconds() / Math.max(1, c.serverRequests()));
    }

    private static void printCurl(int run, Fleet fleet, CurlRun k) {
        out.printf(Locale.ROOT, "run %d curl   wall %.1f s, %.1f hosts/s, %d transfers (%.1f/s) on %d connections; "
                        + "CPU %.1f s = %.2f ms/host; peak RSS %d MiB; server saw %d requests on %d connections, "
                        + "server CPU %.1f s%n",
                run, k.wallSeconds(), fleet.hosts() / k.wallSeconds(), k.transfers(), k.transfers() / k.wallSeconds(),
                k.connects(), k.cpuSeconds(), 1000 * k.cpuSeconds() / fleet.hosts(), k.maxRssKiB() / 1024,
                k.serverRequests(), k.serverConnections(), k.serverCpuSeconds());
    }

    private static void printMedians(Fleet fleet, int concurrency, List<CrawlerRun> ours, List<CurlRun> curl) {
        double bound = fleet.littleBound(concurrency);
        double oursJob = median(ours, CrawlerRun::hostsPerSecondJob);
        double oursWall = median(ours, c -> fleet.hosts() / c.wallSeconds());
        double oursCpu = median(ours, c -> 1000 * c.cpuSeconds() / fleet.hosts());
        double oursScanCpu = median(ours, c -> 1000 * c.scanCpuSeconds() / fleet.hosts());
        out.printf(Locale.ROOT, "%n== medians of %d runs ==%n", ours.size());
        out.printf(Locale.ROOT, "ours   %.1f domains/s (job), %.1f domains/s (process wall incl. JVM start), "
                        + "%.1f requests/s (job), %.2f requests/domain; CPU %.2f ms/host (whole process, start-up "
                        + "included), %.2f ms/host (scan only); "
                        + "peak RSS %.0f MiB; db writes %.1f%% of wall; server CPU %.2f ms/request%n",
                oursJob, oursWall, median(ours, c -> c.requests() / c.jobSeconds()),
                median(ours, CrawlerRun::requestsPerDomain), oursCpu, oursScanCpu,
                median(ours, c -> c.maxRssKiB() / 1024.0), median(ours, CrawlerRun::dbShare),
                median(ours, c -> 1000 * c.serverCpuSeconds() / Math.max(1, c.serverRequests())));
        double crawlerBound = fleet.crawlerLittleBound(concurrency);
        out.printf(Locale.ROOT, "bound  Little's law for the crawler's sequence %.1f domains/s; ours is %.0f%% of it (job), "
                        + "%.0f%% (process wall)%n", crawlerBound, 100 * oursJob / crawlerBound, 100 * oursWall / crawlerBound);
        double chainBound = fleet.chainLittleBound(concurrency);
        out.printf(Locale.ROOT, "bound  Little's law for connect + the longest chain of dependent requests %.1f domains/s; "
                        + "ours is %.0f%% of it (job), %.0f%% (process wall)%n", chainBound, 100 * oursJob / chainBound,
                100 * oursWall / chainBound);
        out.printf(Locale.ROOT, "bound  Little's law for curl's transfers (one slot per request), refusals free %.1f domains/s; ours is %.0f%% "
                        + "of it (job), %.0f%% (process wall)%n", bound, 100 * oursJob / bound, 100 * oursWall / bound);
        if (!curl.isEmpty()) {
            double curlRate = median(curl, k -> fleet.hosts() / k.wallSeconds());
            double curlCpu = median(curl, k -> 1000 * k.cpuSeconds() / fleet.hosts());
            out.printf(Locale.ROOT, "curl   %.1f hosts/s; CPU %.2f ms/host; %.0f connections for %.0f transfers; "
                            + "%.0f%% of Little's law%n", curlRate, curlCpu, median(curl, k -> (double) k.connects()),
                    median(curl, k -> (double) k.transfers()), 100 * curlRate / bound);
            out.printf(Locale.ROOT, "ratio  hosts/s ours/curl %.2f (job) %.2f (process wall); "
                            + "CPU/host ours/curl %.2f (whole process) %.2f (scan only)%n",
                    oursJob / curlRate, oursWall / curlRate, oursCpu / curlCpu, oursScanCpu / curlCpu);
        }
        out.printf(Locale.ROOT, "RESULT hosts=%d concurrency=%d latency=%d jitter=%d scheme=%s protocol=%s ours_job=%.1f "
                        + "ours_wall=%.1f bound=%.1f crawler_bound=%.1f chain_bound=%.1f curl=%s cpu_ms_host=%.2f scan_cpu_ms_host=%.2f curl_cpu_ms_host=%s "
                        + "rss_mib=%.0f db_share=%.1f requests_per_domain=%.2f%n",
                fleet.hosts(), concurrency, fleet.latencyMillis(), fleet.jitterMillis(), fleet.https() ? "https" : "http",
                fleet.h2() ? "h2" : "h1", oursJob, oursWall, bound, crawlerBound, chainBound,
                curl.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", median(curl, k -> fleet.hosts() / k.wallSeconds())),
                oursCpu, oursScanCpu,
                curl.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", median(curl, k -> 1000 * k.cpuSeconds() / fleet.hosts())),
                median(ours, c -> c.maxRssKiB() / 1024.0), median(ours, CrawlerRun::dbShare),
                median(ours, CrawlerRun::requestsPerDomain));
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] v = items.stream().mapToDouble(value).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void writeSamples(Path file, List<MeasuredProcess.Sample> samples) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("seconds,cpu_seconds,rss_kib\n");
            long start = samples.isEmpty() ? 0 : samples.getFirst().nanos();
            for (MeasuredProcess.Sample s : samples) {
                w.write(String.format(Locale.ROOT, "%.2f,%.2f,%d%n", (s.nanos() - start) / 1e9, s.cpuSeconds(),
                        s.rssKiB()));
            }
        }
    }

    private static void admin(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The mixes of docs/benchmarks.md by {@code bench.profile}: their settings, which properties given on the
     * command line override.
     */
    static final Map<String, Map<String, String>> PROFILES = Map.of(
            // the latency-bound mix of the figures (the defaults)
            "latency-bound", Map.of(),
            // a census of the top million from a small VM: slower sites, more in flight
            "realistic", Map.of("bench.hosts", "20000", "bench.latency", "100", "bench.jitter", "50",
                    "bench.blackholed", "0.05", "bench.timeout", "5", "bench.concurrency", "500"),
            // sites that answer at once: the crawler's CPU is the limit
            "cpu-bound", Map.of("bench.hosts", "20000", "bench.latency", "5", "bench.jitter", "2",
                    "bench.blackholed", "0", "bench.concurrency", "300"));

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        String profile = System.getProperty("bench.profile", "").trim();
        if (profile.isEmpty()) {
            return fallback;
        }
        Map<String, String> settings = PROFILES.get(profile);
        if (settings == null) {
            throw new IllegalArgumentException("unknown bench.profile '" + profile + "'; expected one of "
                    + new java.util.TreeSet<>(PROFILES.keySet()));
        }
        return settings.getOrDefault(name, fallback);
    }

    private static int intProperty(String name, int fallback) {
        return Integer.parseInt(property(name, Integer.toString(fallback)));
    }

    private static double doubleProperty(String name, double fallback) {
        return Double.parseDouble(property(name, Double.toString(fallback)));
    }

    private static List<String> splitArgs(String value) {
        return value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }
}
