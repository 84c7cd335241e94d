package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mppcensus.census.ScanSettings.Distribution;
import dev.mppcensus.census.ScanSettings.Setting;
import dev.mppcensus.census.ScanSettings.Workers;
import dev.mppcensus.fetch.FetchSettings;
import dev.mppcensus.scan.HomepageGet;
import dev.mppcensus.scan.ProbeMethods;
import dev.mppcensus.scan.ScanCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's settings: given by option name, defaulted and checked in one place, and stored whole. */
class ScanSettingsTest {

    @TempDir
    static Path dir;

    @Test
    void everySettingHasTheDefaultTheHelpAndTheDocsPromise() {
        ScanSettings defaults = ScanSettings.defaults();

        assertThat(defaults).isEqualTo(new ScanSettings(500, 200, Duration.ofSeconds(10), Duration.ofSeconds(5),
                ScanSettings.DEFAULT_USER_AGENT, List.of(), null, EnumSet.allOf(ScanCheck.class), List.of(), 8, false, 1,
                ProbeMethods.DEFAULT, HomepageGet.FALLBACK, List.of(), 3, new Distribution(Workers.LOCAL, 0, 8, "mpp-census.partitions")));
        assertThat(ScanSettings.settings()).extracting(Setting::option, Setting::defaultValue).contains(
                tuple("timeout", "10s"),
                tuple("checks", "well-known,link,openapi,x402,endpoint"),
                tuple("connect-to", null),
                tuple("queue", "mpp-census.partitions"));
    }

    @Test
    void optionsAreGivenByNameAsTypedOrConverted() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        Map<String, Object> options = new HashMap<>();
        options.put("chunk-size", 7);
        options.put("concurrency", "33");
        options.put("timeout", "2500ms");
        options.put("connect-timeout", Duration.ofSeconds(1));
        options.put("connect-to", List.of("a.test:443:127.0.0.1:8443"));
        options.put("ca-file", ca);
        options.put("checks", "link,endpoint");
        options.put("probe-methods", "all");
        options.put("dns-server", List.of("127.0.0.1:5353"));
        options.put("robots", true);
        options.put("workers", "remote");
        options.put("parallel-partitions", 3);

        ScanSettings settings = ScanSettings.of(options);

        assertThat(settings.chunkSize()).isEqualTo(7);
        assertThat(settings.concurrency()).isEqualTo(33);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.connectTo()).containsExactly("a.test:443:127.0.0.1:8443");
        assertThat(settings.caFile()).isEqualTo(ca.toAbsolutePath());
        assertThat(settings.checks()).containsExactly(ScanCheck.LINK, ScanCheck.ENDPOINT);
        assertThat(settings.probeMethods()).isEqualTo(ProbeMethods.ALL);
        assertThat(settings.dnsServers()).containsExactly("127.0.0.1:5353");
        assertThat(settings.robots()).isTrue();
        assertThat(settings.distribution()).isEqualTo(new Distribution(Workers.REMOTE, 0, 3, "mpp-census.partitions"));
        assertThat(settings.retries()).as("not given: the default").isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            link,x402      | LINK,X402
            ' Link, X402 ' | LINK,X402
            link,,x402     | LINK,X402
            well-known     | WELL_KNOWN
            """)
    void checksAreTypedAsACommaSeparatedList(String typed, String checks) {
        assertThat(ScanSettings.of(Map.of("checks", typed)).checks()).containsExactlyElementsOf(
                Arrays.stream(checks.split(",")).map(ScanCheck::valueOf).toList());
    }

    @Test
    void emptyChecksRunNoProbeAndTheConnectTimeoutIsCappedAtTheTimeout() {
        ScanSettings settings = ScanSettings.of(Map.of("checks", "", "timeout", "2s", "connect-timeout", "5s",
                "user-agent", " "));

        assertThat(settings.checks()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.userAgent()).as("blank: the default").isEqualTo(ScanSettings.DEFAULT_USER_AGENT);
    }

    @Test
    void everySettingSurvivesTheJsonARunStores() throws Exception {
        ScanSettings settings = ScanSettings.of(Map.of("chunk-size", 7, "timeout", "2500ms", "user-agent", "agent/1",
                "connect-to", List.of("a.test:443:127.0.0.1:8443", "::127.0.0.1:9"),
                "ca-file", Files.writeString(dir.resolve("stored.pem"), ""), "checks", "well-known",
                "allow-private", List.of("10.0.0.0/8"), "dns-server", List.of("127.0.0.1:5353"), "workers", "remote",
                "queue", "q"));

        assertThat(StoredSettings.fromJson(settings.toJson())).isEqualTo(settings);
    }

    @Test
    void theFetcherGetsTheHttpSettings() {
        FetchSettings fetch = ScanSettings.of(Map.of("timeout", "3s", "connect-timeout", "1s", "per-ip-limit", 0,
                "connections-per-host", 5, "connect-to", List.of("::127.0.0.1:9"), "dns-server", List.of("[::1]:53")))
                .fetchSettings();

        assertThat(fetch.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fetch.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fetch.maxRequestsPerAddress()).isZero();
        assertThat(fetch.maxConnectionsPerHost()).isEqualTo(5);
        assertThat(fetch.connectTo()).hasSize(1);
        assertThat(fetch.dnsServers()).hasSize(1);
        assertThat(fetch.userAgent()).isEqualTo(ScanSettings.DEFAULT_USER_AGENT);
        assertThat(fetch.maxBodyBytes()).isEqualTo(FetchSettings.MAX_BODY_BYTES);
    }

    @Test
    void aWorkersOptionsReplaceTheRunsAndNothingElse() {
        ScanSettings run = ScanSettings.of(Map.of("chunk-size", 7, "timeout", "2s", "connect-to", List.of("::10.0.0.1:9"),
                "workers", "remote", "partitions", 12));

        ScanSettings worker = run.with(Map.of("concurrency", 50, "connect-to", List.of("::127.0.0.1:9")));

        assertThat(worker).isEqualTo(new ScanSettings(7, 50, Duration.ofSeconds(2), Duration.ofSeconds(2),
                run.userAgent(), List.of("::127.0.0.1:9"), null, run.checks(), List.of(), 8, false, 1,
                ProbeMethods.DEFAULT, HomepageGet.FALLBACK, List.of(), 3, run.distribution()));
    }

    @ParameterizedTest(name = "--{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            chunk-size           | 0          | --chunk-size must be at least 1
            concurrency          | 0          | --concurrency must be at least 1
            timeout              | 0s         | --timeout must be positive
            connect-timeout      | -1s        | --connect-timeout must be positive
            connect-to           | bad        | connect-to rule must be HOST1:PORT1:HOST2:PORT2, got 'bad'
            ca-file              | /no/ca.pem | --ca-file not readable: /no/ca.pem
            checks               | nope       | --checks: unknown check 'nope'; expected well-known, link, openapi, x402 or endpoint
            allow-private        | not-a-net  | --allow-private: not an IP network: 'not-a-net'
            per-ip-limit         | -1         | --per-ip-limit must not be negative
            retries              | 11         | --retries must be between 0 and 10
            retries              | -1         | --retries must be between 0 and 10
            probe-methods        | some       | --probe-methods: unknown probe methods 'some'; expected get, default or all
            dns-server           | host       | --dns-server: not a nameserver IP[:PORT]: host
            connections-per-host | 0          | --connections-per-host must be between 1 and 64
            connections-per-host | -1         | --connections-per-host must be between 1 and 64
            connections-per-host | 65         | --connections-per-host must be between 1 and 64
            partitions           | -1         | --partitions must not be negative
            parallel-partitions  | 0          | --parallel-partitions must be at least 1
            queue                | ' '        | --queue must not be empty
            no-such-option       | 1          | no setting is named --no-such-option
            """)
    void anInvalidSettingIsRefusedWithTheOptionsName(String option, String value, String message) {
        Object typed = option.equals("connect-to") || option.equals("allow-private") || option.equals("dns-server")
                ? List.of(value) : value;

        assertThatThrownBy(() -> ScanSettings.of(Map.of(option, typed)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aUserAgentOfTwoLinesIsRefused() {
        assertThatThrownBy(() -> ScanSettings.of(Map.of("user-agent", "a\r\nX-Injected: 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--user-agent must be one line");
    }
}
