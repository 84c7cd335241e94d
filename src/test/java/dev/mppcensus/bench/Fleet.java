package dev.mppcensus.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The synthetic fleet's shape: how many hosts, which share of them sits in each behaviour zone, how
 * long the server waits before answering, and the scan deadline. Host {@code i} is
 * {@code h<i>.<zone>.bench.test}; its zone is drawn from a seeded random, so a fleet is reproducible.
 *
 * @param hosts          number of listed domains
 * @param latencyMillis  mean server wait before each answer
 * @param jitterMillis   the wait is uniform in {@code latency ± jitter}
 * @param blackholed     share of hosts that accept connections and never answer
 * @param refused        share of hosts whose every port refuses connections
 * @param declaring      share of hosts declaring MPP (well-known JSON and a Link header)
 * @param https          answering hosts speak HTTPS (else their port 443 refuses and they answer on 80)
 * @param h2             answering HTTPS hosts offer HTTP/2 by ALPN (else HTTP/1.1 only)
 * @param deadlineMillis the crawler's and curl's per-request deadline
 * @param seed           seed of the zone assignment
 */
record Fleet(int hosts, int latencyMillis, int jitterMillis, double blackholed, double refused, double declaring,
             boolean https, boolean h2, int deadlineMillis, long seed) {

    static final String SUFFIX = ".bench.test";

    /** Behaviour zones; the zone is the host's second label. */
    enum Zone {
        OK, MPP, BLACKHOLE, REFUSED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Zone ofHost(String host) {
            int first = host.indexOf('.');
            int second = host.indexOf('.', first + 1);
            if (first < 0 || second < 0) {
                return null;
            }
            return switch (host.substring(first + 1, second)) {
                case "ok" -> OK;
                case "mpp" -> MPP;
                case "blackhole" -> BLACKHOLE;
                case "refused" -> REFUSED;
                default -> null;
            };
        }
    }

    Fleet {
        if (hosts < 1 || latencyMillis < 0 || jitterMillis < 0 || jitterMillis > latencyMillis
                || blackholed + refused + declaring > 1.0 || deadlineMillis < 1 || (h2 && !https)) {
            throw new IllegalArgumentException("inconsistent fleet: " + this);
        }
    }

    Zone zoneOf(int index) {
        double r = new SplittableRandom(seed * 1_000_003L + index).nextDouble();
        if (r < blackholed) {
            return Zone.BLACKHOLE;
        }
        if (r < blackholed + refused) {
            return Zone.REFUSED;
        }
        if (r < blackholed + refused + declaring) {
            return Zone.MPP;
        }
        return Zone.OK;
    }

    String host(int index) {
        return "h" + index + "." + zoneOf(index).label() + SUFFIX;
    }

    /** Writes the domain list (one domain a line), streaming. */
    void writeList(Path file) throws IOException {
        writeList(file, hosts);
    }

    /** Writes the first {@code count} domains of the list. */
    void writeList(Path file, int count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < Math.min(count, hosts); i++) {
                out.write(host(i));
                out.write('\n');
            }
        }
    }

    /** Counts of hosts per zone, indexed by {@link Zone#ordinal()}. */
    int[] zoneCounts() {
        int[] counts = new int[Zone.values().length];
        for (int i = 0; i < hosts; i++) {
            counts[zoneOf(i).ordinal()]++;
        }
        return counts;
    }

    /**
     * The requests the crawler makes to an answering site, as {method, path}: HEAD {@code /} (which
     * carries a Link header, so no GET fallback) locates the site, then its four discovery documents
     * (every one answers 404, except the well-known of MPP hosts). MPP hosts get one more request, the
     * probe of their endpoint {@code /mpp}.
     */
    static final java.util.List<String[]> SITE_REQUESTS = java.util.List.of(new String[] {"HEAD", "/"},
            new String[] {"GET", "/.well-known/ai-agent.json"}, new String[] {"GET", "/openapi.json"},
            new String[] {"GET", "/api/openapi.json"}, new String[] {"GET", "/.well-known/x402"});

    /**
     * Requests the crawler makes per host of a zone: answering hosts {@link #SITE_REQUESTS} (MPP hosts
     * the endpoint probe too); over plain HTTP their refused https attempt comes first; a blackholed
     * host costs one request that runs into the deadline; a refused host costs https and http on the
     * domain and on www.
     */
    int requestsPer(Zone zone) {
        int plainHttp = https ? 0 : 1;
        return switch (zone) {
            case OK -> SITE_REQUESTS.size() + plainHttp;
            case MPP -> SITE_REQUESTS.size() + 1 + plainHttp;
            case BLACKHOLE -> 1;
            case REFUSED -> 4;
        };
    }

    /** Requests for the whole fleet, the sum of {@link #requestsPer} over the hosts. */
    long expectedRequests() {
        int[] counts = zoneCounts();
        long total = 0;
        for (Zone zone : Zone.values()) {
            total += (long) counts[zone.ordinal()] * requestsPer(zone);
        }
        return total;
    }

    /**
     * Mean time one domain holds a slot when each of its requests is a transfer of its own (curl's
     * way), in seconds: an answering host's transfers each hold one of the slots for the server's mean
     * latency, a blackholed host's transfer the deadline; refusals, handshakes and CPU count as free.
     */
    double meanDomainSeconds() {
        int[] counts = zoneCounts();
        double latency = latencyMillis / 1000.0;
        double total = counts[Zone.OK.ordinal()] * requestsPer(Zone.OK) * latency
                + counts[Zone.MPP.ordinal()] * requestsPer(Zone.MPP) * latency
                + counts[Zone.BLACKHOLE.ordinal()] * deadlineMillis / 1000.0;
        return total / hosts;
    }

    /** Little's law: at most {@code concurrency} domains in flight, each taking {@link #meanDomainSeconds()}. */
    double littleBound(int concurrency) {
        double mean = meanDomainSeconds();
        return mean <= 0 ? Double.POSITIVE_INFINITY : concurrency / mean;
    }

    /**
     * How many of an answering host's requests are in flight at once: 3 over HTTP/1.1 (the default
     * connections per host), all of them over HTTP/2 (streams of one connection).
     */
    int checksInFlight() {
        return h2 ? SITE_REQUESTS.size() : 3;
    }

    private static final int SCHEDULE_SAMPLES = 100_000;

    /**
     * Expected time of an answering host's {@link #SITE_REQUESTS}, all issued together (the documents
     * go out as soon as the homepage's connection is up), at most {@code inFlight} at a time, in seconds:
     * each request waits {@code latency ± jitter} (uniform), a slot (connection) that becomes free takes
     * the next request, and the host is done with the last answer. That is longer than one mean latency
     * per round: over HTTP/2 it is the largest of 5 waits (92 ms at 75 ± 25 ms), over 3 HTTP/1.1
     * connections about 154 ms. Estimated over {@value #SCHEDULE_SAMPLES} schedules drawn from the
     * fleet's seed.
     */
    double checksSeconds(int inFlight) {
        SplittableRandom random = new SplittableRandom(seed);
        double total = 0;
        for (int sample = 0; sample < SCHEDULE_SAMPLES; sample++) {
            double[] freeAt = new double[inFlight];
            double end = 0;
            for (int request = 0; request < SITE_REQUESTS.size(); request++) {
                int next = 0;
                for (int c = 1; c < inFlight; c++) {
                    next = freeAt[c] < freeAt[next] ? c : next;
                }
                freeAt[next] += latencyMillis - jitterMillis + 2.0 * jitterMillis * random.nextDouble();
                end = Math.max(end, freeAt[next]);
            }
            total += end;
        }
        return total / SCHEDULE_SAMPLES / 1000;
    }

    /** The crawler's default --retries 1: a host that refused every connection is tried again after this backoff. */
    private static final double RETRY_BACKOFF_SECONDS = 0.25;

    /**
     * Mean time one domain needs on this fleet when scanned the way the crawler must with its defaults:
     * answering hosts wait for their requests, {@link #checksInFlight()} at a time ({@link #checksSeconds}),
     * MPP hosts the mean latency once more (the endpoint probe); blackholed hosts the deadline, and a
     * refused host the retry backoff once (its four origins are tried, then tried again). Over http the
     * refused https attempt of an answering host costs nothing: http is tried at once. Handshakes and CPU
     * are still counted as free.
     */
    double crawlerDomainSeconds() {
        int[] counts = zoneCounts();
        double total = 0;
        for (Zone zone : Zone.values()) {
            total += counts[zone.ordinal()] * crawlerZoneSeconds(zone);
        }
        return total / hosts;
    }

    /** The time one host of {@code zone} needs in {@link #crawlerDomainSeconds()}'s model. */
    double crawlerZoneSeconds(Zone zone) {
        return zoneSeconds(zone, checksInFlight());
    }

    private double zoneSeconds(Zone zone, int checksInFlight) {
        return switch (zone) {
            case OK -> checksSeconds(checksInFlight);
            case MPP -> checksSeconds(checksInFlight) + latencyMillis / 1000.0;
            case BLACKHOLE -> deadlineMillis / 1000.0;
            case REFUSED -> RETRY_BACKOFF_SECONDS;
        };
    }

    /**
     * Mean time one domain needs when all of a host's requests run at once, whatever the protocol: the
     * longest of an answering host's {@link #SITE_REQUESTS}, then for an MPP host the endpoint probe
     * (which needs the declarations); blackholed and refused hosts as in {@link #crawlerDomainSeconds()}.
     * Connects are on loopback and counted as free, like handshakes and CPU.
     */
    double chainDomainSeconds() {
        int[] counts = zoneCounts();
        double total = 0;
        for (Zone zone : Zone.values()) {
            total += counts[zone.ordinal()] * zoneSeconds(zone, SITE_REQUESTS.size());
        }
        return total / hosts;
    }

    /** Little's law for {@link #chainDomainSeconds()}. */
    double chainLittleBound(int concurrency) {
        double mean = chainDomainSeconds();
        return mean <= 0 ? Double.POSITIVE_INFINITY : concurrency / mean;
    }

    /** Little's law for the crawler's own sequence of requests: see {@link #crawlerDomainSeconds()}. */
    double crawlerLittleBound(int concurrency) {
        double mean = crawlerDomainSeconds();
        return mean <= 0 ? Double.POSITIVE_INFINITY : concurrency / mean;
    }
}
