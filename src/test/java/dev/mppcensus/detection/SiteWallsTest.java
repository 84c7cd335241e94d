package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a domain's every check met a wall, decided over its checks' final answers. A check is named by
 * a fixture, {@code HEAD:fixture} for the same answer without its body (a homepage {@code HEAD}), or
 * {@code none} for a check that got no HTTP answer.
 */
class SiteWallsTest {

    private static SiteWalls.Sight sight(String check) {
        if (check.equals("none")) {
            return SiteWalls.Sight.NO_ANSWER;
        }
        boolean head = check.startsWith("HEAD:");
        CapturedResponse answer = CapturedResponse.load("/dev/mppcensus/detection/" + (head ? check.substring(5) : check));
        return SiteWalls.Sight.of(answer.status(), answer.headers(), head ? new byte[0] : answer.body());
    }

    /** checks (space-separated) | outcomes | vendors ('' none) | every check walled. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            HEAD:walls/cloudflare-js-challenge-503.http walls/cloudflare-js-challenge-503.http walls/cloudflare-js-challenge-503.http | WALLED_INFERRED WALLED WALLED | CLOUDFLARE | true
            HEAD:walls/cloudflare-managed-challenge.http walls/cloudflare-managed-challenge.http none | WALLED WALLED NO_ANSWER | CLOUDFLARE | true
            HEAD:walls/akamai-access-denied.http walls/akamai-access-denied.http | WALLED WALLED | AKAMAI | true
            HEAD:walls/aws-waf-challenge.http walls/aws-waf-challenge.http | WALLED WALLED | AWS_WAF | true
            HEAD:walls/datadome-html.http walls/datadome-json.http | WALLED_INFERRED WALLED | DATADOME | true
            HEAD:walls/vercel-checkpoint-429.http walls/vercel-checkpoint-429.http | WALLED WALLED | VERCEL | true
            HEAD:walls/imperva-incident.http walls/imperva-incident.http | WALLED_INFERRED WALLED | IMPERVA | true
            HEAD:walls/sucuri-block.http walls/sucuri-block.http | WALLED WALLED | SUCURI | true
            HEAD:walls/perimeterx-block.http walls/perimeterx-abr-json.http | WALLED_INFERRED WALLED | PERIMETERX | true
            HEAD:walls/kasada-429.http walls/kasada-429.http | WALLED WALLED | KASADA | true
            HEAD:walls/f5-asm-rejected.http walls/f5-asm-rejected.http | WALLED_INFERRED WALLED | F5 | true
            HEAD:walls-controls/f5-200.http walls/f5-asm-rejected.http | SEEN WALLED | F5 | false
            HEAD:walls/f5-asm-rejected.http walls-controls/f5-200.http | SEEN SEEN | '' | false
            HEAD:walls-controls/cloudflare-200.http walls/cloudflare-managed-challenge.http | SEEN WALLED | CLOUDFLARE | false
            HEAD:walls-controls/plain-403.http walls-controls/plain-403.http | SEEN SEEN | '' | false
            HEAD:walls-controls/cloudflare-maintenance-503.http walls-controls/cloudflare-maintenance-503.http | SEEN SEEN | '' | false
            HEAD:walls/imperva-incident.http walls/cloudflare-managed-challenge.http | SEEN WALLED | CLOUDFLARE | false
            walls/cloudflare-js-challenge-503.http walls/akamai-access-denied.http | WALLED WALLED | CLOUDFLARE AKAMAI | true
            none none | NO_ANSWER NO_ANSWER | '' | false
            '' | '' | '' | false
            """)
    void everyCheckWalledOverTheChecksAnswers(String checks, String outcomes, String vendors, boolean everyCheckWalled) {
        List<SiteWalls.Sight> sights = new ArrayList<>();
        for (String check : words(checks)) {
            sights.add(sight(check));
        }

        SiteWalls walls = SiteWalls.of(sights);

        assertThat(walls.checks()).extracting(outcome -> outcome.kind().name()).containsExactlyElementsOf(words(outcomes));
        assertThat(walls.vendors()).extracting(BotVendor::name).containsExactlyElementsOf(words(vendors));
        assertThat(walls.everyCheckWalled()).isEqualTo(everyCheckWalled);
        assertThat(walls.checks()).allSatisfy(outcome -> assertThat(outcome.walled())
                .isEqualTo(outcome.kind() == SiteWalls.Kind.WALLED || outcome.kind() == SiteWalls.Kind.WALLED_INFERRED));
        walls.checks().stream().filter(outcome -> outcome.kind() == SiteWalls.Kind.WALLED_INFERRED)
                .forEach(outcome -> assertThat(outcome.wall().marker()).startsWith("no body to read; status "));
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }
}
