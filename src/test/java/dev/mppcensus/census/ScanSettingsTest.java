package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mppcensus.scan.ProbeMethods;
import dev.mppcensus.scan.ScanCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's settings: validated once, and stored whole. */
class ScanSettingsTest {

    private static ScanSettings settings(int chunkSize, int concurrency, String timeout, String connectTimeout,
            List<String> connectTo, List<String> allowPrivate, int perIpLimit, int retries) {
        return new ScanSettings(chunkSize, concurrency, Duration.parse(timeout), Duration.parse(connectTimeout), null,
                connectTo, null, EnumSet.allOf(ScanCheck.class), allowPrivate, perIpLimit, false, retries, null, List.of(), 2, null);
    }

    @Test
    void everySettingSurvivesTheJsonARunStores() {
        ScanSettings settings = new ScanSettings(7, 33, Duration.ofMillis(2500), Duration.ofSeconds(1), "agent/1",
                List.of("a.test:443:127.0.0.1:8443", "::127.0.0.1:9"), Path.of("/tmp/ca.pem"),
                EnumSet.of(ScanCheck.values()[0]), List.of("10.0.0.0/8"), 3, true, 2, ProbeMethods.ALL, List.of("127.0.0.1:5353"), 3,
                new ScanSettings.Distribution(true, 12, 3, "q"));

        assertThat(ScanSettings.fromJson(settings.toJson())).isEqualTo(settings);
    }

    @Test
    void defaultsAreFilledInAndTheConnectTimeoutIsCappedAtTheTimeout() {
        ScanSettings settings = settings(1, 1, "PT2S", "PT5S", null, null, 0, 0);

        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.userAgent()).startsWith("mpp-census/");
        assertThat(settings.connectTo()).isEmpty();
        assertThat(settings.distribution()).isEqualTo(ScanSettings.Distribution.LOCAL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 | 1 | PT1S | 0  | 0  | ''           | --chunk-size must be at least 1
            1 | 0 | PT1S | 0  | 0  | ''           | --concurrency must be at least 1
            1 | 1 | PT0S | 0  | 0  | ''           | --timeout must be positive
            1 | 1 | PT1S | -1 | 0  | ''           | --per-ip-limit must not be negative
            1 | 1 | PT1S | 0  | 11 | ''           | --retries must be between 0 and 10
            1 | 1 | PT1S | 0  | 0  | not-a-net    | --allow-private:
            """)
    void anInvalidSettingIsRefusedWithTheOptionsName(int chunkSize, int concurrency, String timeout, int perIpLimit,
            int retries, String allowPrivate, String message) {
        assertThatThrownBy(() -> settings(chunkSize, concurrency, timeout, "PT1S", List.of(),
                allowPrivate.isEmpty() ? List.of() : List.of(allowPrivate), perIpLimit, retries))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}
