package dev.mppcensus.census;

import dev.mppcensus.fetch.RequestObserver;
import dev.mppcensus.scan.DomainScan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The census's Micrometer meters (plain Micrometer, no Spring): what {@code schedule} exposes at
 * {@code /actuator/prometheus}. Prometheus names:
 * <ul>
 *   <li>{@code mpp_census_domains_scanned_total{list,verdict}}: domains whose scan finished;
 *   <li>{@code mpp_census_errors_total{list,kind}}: finished scans with an error kind ({@code ErrorKind});
 *   <li>{@code mpp_census_domain_duration_seconds{list}}: histogram of a domain's scan time;
 *   <li>{@code mpp_census_request_duration_seconds{outcome}}: histogram of one HTTP request's time,
 *       {@code outcome} being {@code ok} or the fetch error kind (e.g. {@code timeout});
 *   <li>{@code mpp_census_in_flight}: domain scans in progress.
 * </ul>
 * {@link #NONE} records nothing (scan paths without a registry).
 */
public final class ScanMetrics {

    /** Records nothing. */
    public static final ScanMetrics NONE = new ScanMetrics(null);

    private static final Duration MIN_EXPECTED = Duration.ofMillis(5);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(120);

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * The meters registered so far by their tags: found here without building a meter's description and
     * looking it up in the registry for every request and domain. Tag values are few (lists, verdicts,
     * error kinds, fetch outcomes).
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    /** Meters in {@code registry}, or none when it is {@code null}. */
    public ScanMetrics(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            registry.gauge("mpp.census.in.flight", inFlight);
        }
    }

    /** Domain scans in progress in this process. */
    int inFlight() {
        return inFlight.get();
    }

    void scanStarted() {
        inFlight.incrementAndGet();
    }

    /** {@code scan} is {@code null} when the scan ended abnormally (interrupted, a bug). */
    void scanFinished(String list, DomainScan scan) {
        inFlight.decrementAndGet();
        if (registry == null || scan == null) {
            return;
        }
        String listTag = list == null ? "" : list;
        String verdict = scan.domainVerdict() == null ? "none" : lower(scan.domainVerdict().name());
        counters.computeIfAbsent(List.of("scanned", listTag, verdict), key -> Counter.builder("mpp.census.domains.scanned")
                .description("Domains whose scan finished, by domain verdict")
                .tag("list", listTag)
                .tag("verdict", verdict)
                .register(registry)).increment();
        if (scan.errorKind() != null) {
            String kind = lower(scan.errorKind().name());
            counters.computeIfAbsent(List.of("errors", listTag, kind), key -> Counter.builder("mpp.census.errors")
                    .description("Finished domain scans with an error, by error kind")
                    .tag("list", listTag)
                    .tag("kind", kind)
                    .register(registry)).increment();
        }
        timers.computeIfAbsent(List.of("duration", listTag), key -> Timer.builder("mpp.census.domain.duration")
                .description("Wall time of one domain's scan")
                .tag("list", listTag)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry)).record(scan.durationMs(), TimeUnit.MILLISECONDS);
    }

    /** An observer recording each HTTP request's duration (a no-op without a registry). */
    public RequestObserver requestObserver() {
        if (registry == null) {
            return RequestObserver.NONE;
        }
        return (response, nanos) -> {
            String outcome = response.error() == null ? "ok" : lower(response.error().kind().name());
            timers.computeIfAbsent(List.of("request", outcome), key -> Timer.builder("mpp.census.request.duration")
                    .description("Wall time of one HTTP request")
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                    .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
