package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.ConnectToRule;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.scan.DomainScanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two pipelines sharing a worker's slots (two partitions of one run on one worker) keep no more scans
 * in flight together than the slots allow, counted as connections accepted by a server that never
 * answers (each scan holds its connection until the deadline, far beyond the test's observation).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScanPipelineSharedSlotsTest {

    @Test
    void pipelinesSharingSlotsKeepTheirScansInFlightWithinThem() throws Exception {
        try (Listeners.Listener blackhole = Listeners.blackhole()) {
            List<ConnectToRule> rules = new ArrayList<>();
            for (String pipeline : List.of("a", "b")) {
                for (int i = 1; i <= 3; i++) {
                    rules.add(new ConnectToRule(pipeline + i + ".hole.test", null, "127.0.0.1", blackhole.port()));
                }
            }
            Semaphore slots = new Semaphore(3);
            try (HttpFetcher fetcher = new HttpFetcher(FetchSettings.defaults().withConnectTo(rules)
                    .withRequestTimeout(Duration.ofSeconds(20)).withConnectTimeout(Duration.ofSeconds(2)));
                    ScanPipeline a = new ScanPipeline(new DomainScanner(fetcher), 3, ScanMetrics.NONE, "a", slots);
                    ScanPipeline b = new ScanPipeline(new DomainScanner(fetcher), 3, ScanMetrics.NONE, "b", slots)) {
                Thread submitA = submitAll(a, "a");
                Thread submitB = submitAll(b, "b");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (blackhole.acceptedConnections() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(500); // time for more connections, had the slots not been shared
                assertThat(blackhole.acceptedConnections()).as("connections to a server that never answers").isEqualTo(3);
                assertThat(slots.availablePermits()).isZero();
                submitA.interrupt();
                submitB.interrupt();
            }
        }
    }

    private static Thread submitAll(ScanPipeline pipeline, String prefix) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= 3; i++) {
                    pipeline.submit(new ListedDomain(prefix + i + ".hole.test", i, i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
