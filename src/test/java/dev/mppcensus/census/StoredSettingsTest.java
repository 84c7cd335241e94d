package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.census.ScanSettings.Distribution;
import dev.mppcensus.census.ScanSettings.Workers;
import dev.mppcensus.scan.HomepageGet;
import dev.mppcensus.scan.ProbeMethods;
import dev.mppcensus.scan.ScanCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Settings stored by earlier versions, exactly as they wrote them, read back with their values, and
 * with the defaults of the settings added since: runs in a database can be restarted and rescanned
 * whichever version started them.
 */
class StoredSettingsTest {

    /** What every stored sample below says, with the defaults of what it did not store. */
    private static ScanSettings expected(ProbeMethods probeMethods, List<String> dnsServers, int connectionsPerHost) {
        return new ScanSettings(7, 33, Duration.ofMillis(2500), Duration.ofSeconds(1), "agent/1",
                List.of("a.test:443:127.0.0.1:8443"), Path.of("/tmp/ca.pem"), EnumSet.of(ScanCheck.LINK, ScanCheck.ENDPOINT),
                List.of("10.0.0.0/8"), 3, true, 2, probeMethods, HomepageGet.FALLBACK, dnsServers, connectionsPerHost,
                new Distribution(Workers.REMOTE, 12, 3, "q"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the first JSON, one job parameter (from November 30, 2026)
        """
        {"chunkSize":7,"concurrency":33,"timeout":"PT2.5S","connectTimeout":"PT1S","userAgent":"agent/1",\
        "connectTo":["a.test:443:127.0.0.1:8443"],"caFile":"file:///tmp/ca.pem","checks":["LINK","ENDPOINT"],\
        "allowPrivate":["10.0.0.0/8"],"perIpLimit":3,"robots":true,"retries":2,\
        "distribution":{"remote":true,"partitions":12,"parallelPartitions":3,"queue":"q"}}""",
        // with --probe-methods
        """
        {"chunkSize":7,"concurrency":33,"timeout":"PT2.5S","connectTimeout":"PT1S","userAgent":"agent/1",\
        "connectTo":["a.test:443:127.0.0.1:8443"],"caFile":"file:///tmp/ca.pem","checks":["LINK","ENDPOINT"],\
        "allowPrivate":["10.0.0.0/8"],"perIpLimit":3,"robots":true,"retries":2,"probeMethods":"DEFAULT",\
        "distribution":{"remote":true,"partitions":12,"parallelPartitions":3,"queue":"q"}}"""})
    void jsonOfVersionsBeforeASettingExistedReadsItsDefault(String stored) {
        assertThat(StoredSettings.fromJson(stored)).isEqualTo(expected(ProbeMethods.DEFAULT, List.of(), 3));
    }

    @Test
    void jsonWithRemoteInsteadOfWorkersReadsAsWorkers() {
        String stored = """
                {"chunkSize":7,"concurrency":33,"timeout":"PT2.5S","connectTimeout":"PT1S","userAgent":"agent/1",\
                "connectTo":["a.test:443:127.0.0.1:8443"],"caFile":"file:///tmp/ca.pem","checks":["LINK","ENDPOINT"],\
                "allowPrivate":["10.0.0.0/8"],"perIpLimit":3,"robots":true,"retries":2,"probeMethods":"ALL",\
                "dnsServers":["127.0.0.1:5353"],"connectionsPerHost":4,\
                "distribution":{"remote":true,"partitions":12,"parallelPartitions":3,"queue":"q"}}""";

        assertThat(StoredSettings.fromJson(stored)).isEqualTo(expected(ProbeMethods.ALL, List.of("127.0.0.1:5353"), 4));
        assertThat(StoredSettings.fromJson(stored.replace("\"remote\":true", "\"remote\":false")).distribution().workers())
                .isEqualTo(Workers.LOCAL);
    }

    @Test
    void parametersOfTheVersionsBeforeJsonReadAsTheSameSettings() {
        JobParameters stored = run()
                .addLong("chunkSize", 7L, false)
                .addLong("concurrency", 33L, false)
                .addLong("timeoutMs", 2500L, false)
                .addLong("connectTimeoutMs", 1000L, false)
                .addString("userAgent", "agent/1", false)
                .addString("connectTo", "a.test:443:127.0.0.1:8443", false)
                .addString("checks", "link,endpoint", false)
                .addString("allowPrivate", "10.0.0.0/8", false)
                .addLong("perIpLimit", 3L, false)
                .addString("robots", "true", false)
                .addLong("retries", 2L, false)
                .addString("workers", "remote", false)
                .addLong("partitions", 12L, false)
                .addLong("parallelPartitions", 3L, false)
                .addString("queue", "q", false)
                .addString("caFile", "/tmp/ca.pem", false)
                .toJobParameters();

        ScanRequest request = ScanRequest.fromJobParameters(stored);

        assertThat(request.settings()).isEqualTo(expected(ProbeMethods.DEFAULT, List.of(), 3));
        assertThat(request.listName()).isEqualTo("tranco");
        assertThat(request.runDate()).isEqualTo(LocalDate.of(2026, 11, 25));
    }

    @Test
    void parametersOfTheFirstVersionTakeTheDefaultsOfWhatItDidNotStore() {
        JobParameters stored = run()
                .addLong("chunkSize", 500L, false)
                .addLong("concurrency", 200L, false)
                .addLong("timeoutMs", 10_000L, false)
                .addLong("connectTimeoutMs", 5000L, false)
                .addString("userAgent", ScanSettings.DEFAULT_USER_AGENT, false)
                .addString("connectTo", "", false)
                .addString("robots", "false", false)
                .toJobParameters();

        assertThat(ScanRequest.fromJobParameters(stored).settings()).isEqualTo(ScanSettings.defaults());
    }

    private static JobParametersBuilder run() {
        return new JobParametersBuilder()
                .addString(ScanRequest.LIST, "tranco")
                .addLocalDate(ScanRequest.RUN_DATE, LocalDate.of(2026, 11, 25))
                .addString(ScanRequest.LIST_PATH, "/srv/lists/top-1m.csv", false)
                .addString(ScanRequest.LIST_SHA256, "00", false);
    }
}
