package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.CapturedResponse;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The catalogue of walls as a table: each vendor's challenge or block answer (headers, cookies and body
 * snippets from its documentation or published captures, see each fixture's comment lines), and the
 * answers that must stay what they are: a plain 403, ordinary pages served through each vendor, rate
 * limits, 503 maintenance pages and a page that merely quotes the markers.
 */
class BotWallsTest {

    private static CapturedResponse fixture(String name) {
        return CapturedResponse.load("/dev/mppcensus/detection/" + name);
    }

    /**
     * fixture | wall vendor ('-' none) | kind | marker contains | vendor without the body ('-' none) |
     * response problem ('-' none).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            walls/cloudflare-managed-challenge.http        | CLOUDFLARE | CHALLENGE | cf-mitigated: challenge        | CLOUDFLARE | BOT_CHALLENGE
            walls/cloudflare-js-challenge-503.http         | CLOUDFLARE | CHALLENGE | cf-browser-verification        | -          | BOT_CHALLENGE
            walls/cloudflare-block-1020.http               | CLOUDFLARE | BLOCK     | cf-error-details               | -          | BOT_CHALLENGE
            walls/akamai-access-denied.http                | AKAMAI     | BLOCK     | reference&#32;&#35;18&#46;     | AKAMAI     | BOT_CHALLENGE
            walls/aws-waf-challenge.http                   | AWS_WAF    | CHALLENGE | x-amzn-waf-action: challenge   | AWS_WAF    | BOT_CHALLENGE
            walls/aws-waf-captcha.http                     | AWS_WAF    | CHALLENGE | x-amzn-waf-action: captcha     | AWS_WAF    | BOT_CHALLENGE
            walls/datadome-json.http                       | DATADOME   | CHALLENGE | x-dd-b: 1                      | DATADOME   | BOT_CHALLENGE
            walls/datadome-html.http                       | DATADOME   | CHALLENGE | captcha-delivery.com           | -          | BOT_CHALLENGE
            walls/vercel-checkpoint-429.http               | VERCEL     | CHALLENGE | x-vercel-mitigated: challenge  | VERCEL     | BOT_CHALLENGE
            walls/imperva-incident.http                    | IMPERVA    | BLOCK     | incapsula incident id          | -          | BOT_CHALLENGE
            walls/sucuri-block.http                        | SUCURI     | BLOCK     | x-sucuri-block: TMP021         | SUCURI     | BOT_CHALLENGE
            walls/perimeterx-block.http                    | PERIMETERX | CHALLENGE | px-captcha                     | -          | BOT_CHALLENGE
            walls/perimeterx-abr-json.http                 | PERIMETERX | CHALLENGE | "blockscript"                  | -          | BOT_CHALLENGE
            walls/kasada-429.http                          | KASADA     | CHALLENGE | header x-kpsdk-                | KASADA     | BOT_CHALLENGE
            walls/f5-asm-rejected.http                     | F5         | BLOCK     | the requested url was rejected | -          | BOT_CHALLENGE
            walls-controls/plain-403.http                  | -          | -         | -                              | -          | -
            walls-controls/cloudflare-200.http             | -          | -         | -                              | -          | -
            walls-controls/cloudflare-origin-403.http      | -          | -         | -                              | -          | -
            walls-controls/cloudflare-maintenance-503.http | -          | -         | -                              | -          | SERVER_ERROR
            walls-controls/cloudflare-rate-limited-429.http | -         | -         | -                              | -          | RATE_LIMITED
            walls-controls/imperva-200.http                | -          | -         | -                              | -          | -
            walls-controls/datadome-200.http               | -          | -         | -                              | -          | -
            walls-controls/datadome-origin-403.http        | -          | -         | -                              | -          | -
            walls-controls/akamai-403-other.http           | -          | -         | -                              | AKAMAI     | -
            walls-controls/vercel-200.http                 | -          | -         | -                              | -          | -
            walls-controls/sucuri-200.http                 | -          | -         | -                              | -          | -
            walls-controls/perimeterx-200.http             | -          | -         | -                              | -          | -
            walls-controls/origin-429.http                 | -          | -         | -                              | -          | RATE_LIMITED
            walls-controls/maintenance-503.http            | -          | -         | -                              | -          | RATE_LIMITED
            walls-controls/blog-about-walls-200.http       | -          | -         | -                              | -          | -
            walls-controls/f5-200.http                     | -          | -         | -                              | -          | -
            """)
    void recognisesEachVendorsWallAndNothingElse(String name, BotVendor vendor, BotWall.Kind kind, String marker,
                                                 BotVendor withoutBody, ResponseProblem.Kind problem) {
        CapturedResponse answer = fixture(name);

        BotWall wall = BotWalls.find(answer.status(), answer.headers(), answer.body()).orElse(null);

        assertThat(wall == null ? null : wall.vendor()).as(String.valueOf(wall)).isEqualTo(vendor);
        if (vendor != null) {
            assertThat(wall.kind()).isEqualTo(kind);
            assertThat(wall.marker()).containsIgnoringCase(marker);
        }
        // the same answer to a HEAD: only markers outside the body remain
        assertThat(BotWalls.find(answer.status(), answer.headers(), new byte[0]).map(BotWall::vendor).orElse(null))
                .isEqualTo(withoutBody);
        var found = ResponseProblem.of("https://site.test/.well-known/ai-agent.json", answer.status(), answer.headers(),
                answer.body());
        assertThat(found.map(ResponseProblem::kind).orElse(null)).isEqualTo(problem);
        if (vendor != null) {
            assertThat(found.orElseThrow().detail()).startsWith(vendor.displayName() + " " + kind.code() + " ("
                    + answer.status() + ") at https://site.test/.well-known/ai-agent.json; ");
            assertThat(found.orElseThrow().wall()).isEqualTo(wall);
        }
    }

    /** fixture | vendors present without a body to read ('-' none). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            walls/cloudflare-js-challenge-503.http         | CLOUDFLARE
            walls/cloudflare-block-1020.http               | CLOUDFLARE
            walls/datadome-html.http                       | DATADOME
            walls/imperva-incident.http                    | IMPERVA
            walls/perimeterx-block.http                    | PERIMETERX
            walls/f5-asm-rejected.http                     | F5
            walls-controls/f5-200.http                     | -
            walls-controls/plain-403.http                  | -
            walls-controls/cloudflare-200.http             | -
            walls-controls/imperva-200.http                | -
            walls-controls/cloudflare-maintenance-503.http | CLOUDFLARE
            """)
    void vendorsPresentWithAWallStatus(String name, BotVendor vendor) {
        CapturedResponse answer = fixture(name);

        assertThat(BotWalls.presentWithWallStatus(answer.status(), answer.headers()))
                .isEqualTo(vendor == null ? List.of() : List.of(vendor));
    }

    @Test
    void aVendorsPresenceIsNeverAWallByItself() {
        byte[] ordinary = "<html><body><h1>Forbidden</h1><p>Sign in first.</p></body></html>".getBytes(StandardCharsets.UTF_8);
        for (BotWalls.Presence presence : BotWalls.PRESENCE) {
            for (BotWalls.Marker marker : presence.markers().markers()) {
                HttpHeaders headers = switch (marker) {
                    case BotWalls.HeaderValue h -> CapturedResponse.headersOf(h.name(),
                            h.values().isEmpty() ? "1" : h.values().getFirst());
                    case BotWalls.HeaderNamePrefix h -> CapturedResponse.headersOf(h.prefix() + "ct", "token");
                    case BotWalls.CookieName c -> CapturedResponse.headersOf("Set-Cookie", c.name() + "=v; Path=/");
                    default -> throw new AssertionError("presence by " + marker);
                };
                for (int status : presence.statuses()) {
                    // Kasada's x-kpsdk-* headers are its wall's own marker: its presence and its wall coincide
                    if (presence.vendor() != BotVendor.KASADA) {
                        assertThat(BotWalls.find(status, headers, ordinary)).as(presence.vendor() + " " + marker + " " + status)
                                .isEmpty();
                    }
                    assertThat(BotWalls.presentWithWallStatus(status, headers)).contains(presence.vendor());
                }
            }
        }
    }

    @Test
    void everyRowCitesItsSourceAndEveryVendorHasAWall() {
        assertThat(BotWalls.RULES).allSatisfy(rule -> assertThat(rule.source()).startsWith("https://"));
        assertThat(BotWalls.PRESENCE).allSatisfy(presence -> assertThat(presence.source()).startsWith("https://"));
        Set<BotVendor> covered = BotWalls.RULES.stream().map(BotWalls.Rule::vendor).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(BotVendor.class));
    }

    @Test
    void onlyTheBodysFirstBytesAreSearched() {
        HttpHeaders sucuri = CapturedResponse.headersOf("Server", "Sucuri/Cloudproxy");
        String page = "<title>Sucuri WebSite Firewall - Access Denied</title>";
        byte[] early = (page + " ".repeat(BotWalls.MAX_INSPECTED_BYTES)).getBytes(StandardCharsets.US_ASCII);
        byte[] late = (" ".repeat(BotWalls.MAX_INSPECTED_BYTES) + page).getBytes(StandardCharsets.US_ASCII);

        assertThat(BotWalls.find(403, sucuri, early)).map(BotWall::vendor).contains(BotVendor.SUCURI);
        assertThat(BotWalls.find(403, sucuri, late)).isEmpty();
    }

    /** The JavaScript Detections script, under either of its paths, is not a challenge page. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /cdn-cgi/challenge-platform/scripts/jsd/main.js               | false
            /cdn-cgi/challenge-platform/h/b/scripts/jsd/5eaf848a/main.js  | false
            /cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=1 | true
            /cdn-cgi/challenge-platform/orchestrate/jsch/v1               | true
            /CDN-CGI/Challenge-Platform/H/G/Orchestrate/managed/v1        | true
            /cdn-cgi/challenge-platform/h/                                | true
            /cdn-cgi/challenge-platform/                                  | true
            """)
    void challengePlatformPathsOtherThanJavaScriptDetections(String path, boolean challenge) {
        HttpHeaders cloudflare = CapturedResponse.headersOf("Server", "cloudflare");
        List<String> bodies = new ArrayList<>(List.of("<script src=\"" + path + "\"></script>",
                // a detections script before a challenge script: the later one still counts
                "<script src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script><script src=\"" + path + "\">"));

        assertThat(BotWalls.find(403, cloudflare, bodies.getFirst().getBytes(StandardCharsets.US_ASCII)).isPresent())
                .isEqualTo(challenge);
        assertThat(BotWalls.find(503, cloudflare, bodies.getLast().getBytes(StandardCharsets.US_ASCII)).isPresent())
                .isEqualTo(challenge);
        assertThat(BotWalls.find(200, cloudflare, bodies.getFirst().getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void hostileInputIsNoWallAndNoCrash() {
        assertThat(BotWalls.find(403, null, null)).isEmpty();
        assertThat(BotWalls.find(-1, CapturedResponse.headersOf(), new byte[] {(byte) 0xff, 0, (byte) 0x80})).isEmpty();
        assertThat(BotWalls.find(403, CapturedResponse.headersOf("Set-Cookie", "", "Set-Cookie", "=;;"), new byte[0]))
                .isEmpty();
        assertThat(BotWalls.presentWithWallStatus(403, null)).isEmpty();
    }
}
