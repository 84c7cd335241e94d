package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mppcensus.fixture.Listeners;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schedule --metrics-port} serves the census's meters at {@code /actuator/prometheus} while it
 * runs: the test scrapes between the first trigger's run (three domains, connection refused) and the
 * second trigger, and finds the counters and histograms of that run.
 */
class ScheduleMetricsTest {

    @TempDir
    Path dir;

    @Test
    void scheduleServesPrometheusMetricsWhileRunning() throws Exception {
        Path list = dir.resolve("metrics.txt");
        Files.writeString(list, "one.test\ntwo.test\nthree.test\n");
        int port = freePort();
        String connectTo = "::127.0.0.1:" + Listeners.refusedPort();
        CompletableFuture<CliRunner.Result> schedule = CompletableFuture.supplyAsync(() -> CliRunner.run(
                "schedule", "nightly-metrics=" + list, "--cron", "*/3 * * * * *", "--run-date", "2030-02-01",
                "--max-triggers", "2", "--connect-to", connectTo, "--timeout", "2s", "--retries", "0",
                "--metrics-port", String.valueOf(port)));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(5)).build();
        AtomicReference<String> scraped = new AtomicReference<>();
        await("metrics counting the first run's 3 domains, or the end of the schedule").atMost(90, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .ignoreExceptionsInstanceOf(ConnectException.class) // the context is still starting
                .until(() -> {
                    if (schedule.isDone()) {
                        return true;
                    }
                    HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && sum(response.body(), "mpp_census_domains_scanned_total") >= 3) {
                        scraped.set(response.body());
                    }
                    return scraped.get() != null;
                });
        CliRunner.Result result = schedule.get(3, TimeUnit.MINUTES);
        assertThat(result.exitCode()).as(result.err()).isZero();
        String metrics = scraped.get();
        assertThat(metrics).as("scraped during the run; stderr: %s", result.err()).isNotNull();

        assertThat(sum(metrics, "mpp_census_domains_scanned_total")).isEqualTo(3);
        assertThat(metrics).containsPattern("mpp_census_domains_scanned_total\\{[^}]*list=\"nightly-metrics\"");
        assertThat(metrics).containsPattern("mpp_census_domains_scanned_total\\{[^}]*verdict=\"");
        assertThat(sum(metrics, "mpp_census_errors_total")).isEqualTo(3);
        assertThat(metrics).containsPattern("mpp_census_errors_total\\{[^}]*kind=\"connect\"");
        assertThat(sum(metrics, "mpp_census_domain_duration_seconds_count")).isEqualTo(3);
        assertThat(metrics).contains("mpp_census_domain_duration_seconds_bucket{");
        assertThat(sum(metrics, "mpp_census_request_duration_seconds_count")).isGreaterThanOrEqualTo(3);
        assertThat(metrics).containsPattern("mpp_census_request_duration_seconds_bucket\\{[^}]*outcome=\"connect\"");
        assertThat(metrics).contains("mpp_census_in_flight ");
    }

    @Test
    void metricsOptionsBelongToScheduleOnly() {
        assertThat(CliRunner.run("scan", "--help").out()).doesNotContain("--metrics-port");
        assertThat(CliRunner.run("schedule", "--help").out()).contains("--metrics-port", "--metrics-address");
    }

    /** The sum of every sample of {@code name} (all label sets) in a Prometheus text exposition. */
    private static double sum(String exposition, String name) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(exposition);
        double total = 0;
        while (sample.find()) {
            total += Double.parseDouble(sample.group(1));
        }
        return total;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
