package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.BotVendor;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Sites behind bot walls, over real sockets and TLS: each answers every path with one vendor's challenge
 * or block page (its real headers, cookies and body, see the fixtures' comment lines), beside a site
 * answering every path with a plain 403, sites walled on some paths only, a site behind two vendors, and
 * an MPP endpoint behind a wall. Each is recorded as the truth says: a site whose every check met a wall
 * is {@code unseen} (never {@code not_declared}) with {@code bot_challenge} and {@code bot_vendor} naming
 * the vendor, the vendor on every walled check in the evidence, never a rate limit, a stub or a key
 * wanted, and never retried; a site where some check was seen is judged on what was seen.
 */
class BotWallScanTest {

    private static final String WALLS = "/dev/mppcensus/detection/walls/";

    /** host | fixture answering every path. */
    private static final List<String[]> WALLED = List.of(
            new String[] {"cloudflare.test", "cloudflare-managed-challenge.http"},
            new String[] {"cloudflare-js.test", "cloudflare-js-challenge-503.http"},
            new String[] {"cloudflare-block.test", "cloudflare-block-1020.http"},
            new String[] {"akamai.test", "akamai-access-denied.http"},
            new String[] {"aws-waf.test", "aws-waf-challenge.http"},
            new String[] {"datadome.test", "datadome-html.http"},
            new String[] {"vercel.test", "vercel-checkpoint-429.http"},
            new String[] {"imperva.test", "imperva-incident.http"},
            new String[] {"sucuri.test", "sucuri-block.http"},
            new String[] {"perimeterx.test", "perimeterx-block.http"},
            new String[] {"kasada.test", "kasada-429.http"},
            new String[] {"f5.test", "f5-asm-rejected.http"});

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(hosts());

    private static FixtureWebServer server;
    private static HttpFetcher fetcher;

    private static List<String> hosts() {
        List<String> hosts = new ArrayList<>(WALLED.stream().map(site -> site[0]).toList());
        hosts.addAll(List.of("plain403.test", "partly.test", "walled-endpoint.test", "f5-home.test", "two-walls.test"));
        return hosts;
    }

    private static FixtureResponse wall(String fixture) {
        return CapturedResponse.load(WALLS + fixture).toFixtureResponse();
    }

    @BeforeAll
    static void startFleet() {
        server = web.server();
        for (String[] site : WALLED) {
            server.routeEveryPath(site[0], FixtureHandler.always(wall(site[1])));
        }
        server.routeEveryPath("plain403.test", FixtureHandler.always(FixtureResponse.status(403)
                .header("Server", "nginx").header("Content-Type", "text/html").body("<h1>403 Forbidden</h1>")));

        // the homepage and ai-agent.json are seen; the OpenAPI paths and /.well-known/x402 meet Cloudflare's challenge
        server.route("partly.test", "/", FixtureResponse.ok("home").header("Server", "cloudflare"));
        server.route("partly.test", "/.well-known/ai-agent.json", FixtureResponse.status(404).header("Server", "cloudflare"));
        server.routeEveryPath("partly.test", FixtureHandler.always(wall("cloudflare-js-challenge-503.http")));

        // an ordinary homepage through an F5 load balancer without ASM's cookie; every other path F5's blocking page
        server.route("f5-home.test", "/",
                CapturedResponse.load("/dev/mppcensus/detection/walls-controls/f5-200.http").toFixtureResponse());
        server.routeEveryPath("f5-home.test", FixtureHandler.always(wall("f5-asm-rejected.http")));

        // two vendors: Akamai refuses ai-agent.json, Cloudflare challenges every other path
        server.route("two-walls.test", "/.well-known/ai-agent.json", wall("akamai-access-denied.http"));
        server.routeEveryPath("two-walls.test", FixtureHandler.always(wall("cloudflare-managed-challenge.http")));

        // MPP declared, but its endpoint answers with DataDome's captcha (with X-DD-B: JSON was asked for)
        server.route("walled-endpoint.test", "/", FixtureResponse.ok("home"));
        server.route("walled-endpoint.test", "/.well-known/ai-agent.json",
                FixtureResponse.json("{\"payments\":{\"mpp\":\"https://walled-endpoint.test/mpp\"}}"));
        server.route("walled-endpoint.test", "/mpp", wall("datadome-json.http"));

        fetcher = new HttpFetcher(web.fetchSettings(List.of()).requestTimeout(Duration.ofSeconds(4))
                .connectTimeout(Duration.ofSeconds(2)).maxRequestsPerAddress(0).build());
    }

    @AfterAll
    static void stopFleet() {
        fetcher.close();
    }

    private static DomainScan scan(String domain) {
        return new DomainScanner(fetcher, EnumSet.allOf(ScanCheck.class), false, 1, ProbeMethods.DEFAULT)
                .scan(new ListedDomain(domain, null, 1));
    }

    /** The vendor code on the last hop of the evidence's chain {@code name}, or {@code null}. */
    private static String vendorOn(DomainScan scan, String name) {
        JsonNode hops = scan.evidence().get(name);
        JsonNode last = hops == null || hops.isEmpty() ? null : hops.get(hops.size() - 1);
        return last == null || last.get("bot_vendor") == null ? null : last.get("bot_vendor").asString();
    }

    /** host | vendor | status of ai-agent.json | homepage wall inferred (no body to read). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cloudflare.test       | CLOUDFLARE | 403 | false
            cloudflare-js.test    | CLOUDFLARE | 503 | true
            cloudflare-block.test | CLOUDFLARE | 403 | true
            akamai.test           | AKAMAI     | 403 | false
            aws-waf.test          | AWS_WAF    | 202 | false
            datadome.test         | DATADOME   | 403 | true
            vercel.test           | VERCEL     | 429 | false
            imperva.test          | IMPERVA    | 403 | true
            sucuri.test           | SUCURI     | 403 | false
            perimeterx.test       | PERIMETERX | 403 | true
            kasada.test           | KASADA     | 429 | false
            f5.test               | F5         | 200 | true
            """)
    void everyPathWalledIsUnseenBehindABotChallengeNamingTheVendor(String host, BotVendor vendor, int status,
                                                                    boolean inferred) {
        DomainScan scan = scan(host);
        String as = host + " " + scan.errorKind() + " " + scan.errorDetail() + " " + scan.evidence();

        assertThat(scan.reachable()).as(as).isTrue();
        assertThat(scan.errorKind()).as(as).isEqualTo(ErrorKind.BOT_CHALLENGE);
        assertThat(scan.errorDetail()).as(as).startsWith(vendor.displayName() + " ")
                .contains("(" + status + ") at https://" + host + "/.well-known/ai-agent.json; ");
        assertThat(scan.wellKnownStatus()).as(as).isEqualTo(status);
        assertThat(scan.wellKnownDocument()).as(as).isEqualTo("absent");
        for (String check : List.of("well_known", "openapi", "openapi_2", "x402_well_known")) {
            assertThat(vendorOn(scan, check)).as(check + " " + as).isEqualTo(vendor.code());
        }
        String homepage = scan.evidence().has("homepage_get") ? "homepage_get" : "homepage_head";
        assertThat(vendorOn(scan, homepage)).as(as).isEqualTo(vendor.code());
        JsonNode homepageHop = scan.evidence().get(homepage).get(scan.evidence().get(homepage).size() - 1);
        assertThat(homepageHop.has("bot_wall_inferred")).as(as).isEqualTo(inferred);
        JsonNode walls = scan.evidence().get("bot_walls");
        assertThat(StreamSupport.stream(walls.get("vendors").spliterator(), false).map(JsonNode::asString))
                .as(as).containsExactly(vendor.code());
        assertThat(walls.get("every_check_walled").asBoolean()).as(as).isTrue();
        assertThat(walls.get("walled_checks").asInt()).as(as).isEqualTo(walls.get("checks").asInt());
        assertThat(scan.domainVerdict()).as(as).isEqualTo(DomainVerdict.UNSEEN);
        assertThat(scan.botVendor()).as(as).isEqualTo(vendor);
        assertThat(scan.declaredVia()).as(as).isEmpty();
        assertThat(scan.openapiPayableOperations()).as(as).isZero();
        assertThat(scan.evidence().has("retries")).as(as).isFalse();
    }

    /** F5's blocking page comes with 200: a bodiless 200 is taken for it only when it carries ASM's cookie. */
    @Test
    void anOrdinaryHomepageBeforeF5sBlockingPageIsSeen() {
        DomainScan scan = scan("f5-home.test");

        assertThat(scan.errorKind()).isEqualTo(ErrorKind.BOT_CHALLENGE);
        assertThat(scan.errorDetail()).startsWith("F5 BIG-IP ASM block (200) at https://f5-home.test/.well-known/ai-agent.json; ");
        assertThat(scan.botVendor()).isEqualTo(BotVendor.F5);
        assertThat(scan.homepageStatus()).isEqualTo(200);
        assertThat(scan.evidence().has("homepage_get")).as("HEAD answered: no GET").isFalse();
        assertThat(vendorOn(scan, "homepage_head")).isNull();
        assertThat(scan.evidence().get("bot_walls").get("every_check_walled").asBoolean()).isFalse();
        assertThat(scan.domainVerdict()).isEqualTo(DomainVerdict.NOT_DECLARED);
    }

    /** Of two vendors, bot_vendor names the one error_detail names: ai-agent.json's wall; the evidence has both. */
    @Test
    void aSiteBehindTwoVendorsNamesTheWallOfItsFirstCheck() {
        DomainScan scan = scan("two-walls.test");

        assertThat(scan.domainVerdict()).isEqualTo(DomainVerdict.UNSEEN);
        assertThat(scan.errorKind()).isEqualTo(ErrorKind.BOT_CHALLENGE);
        assertThat(scan.errorDetail()).startsWith("Akamai block (403) at https://two-walls.test/.well-known/ai-agent.json; ");
        assertThat(scan.botVendor()).isEqualTo(BotVendor.AKAMAI);
        assertThat(StreamSupport.stream(scan.evidence().get("bot_walls").get("vendors").spliterator(), false)
                .map(JsonNode::asString)).containsExactlyInAnyOrder("cloudflare", "akamai");
        assertThat(vendorOn(scan, "openapi")).isEqualTo("cloudflare");
    }

    @Test
    void aPlain403IsWhatItIs() {
        DomainScan scan = scan("plain403.test");

        assertThat(scan.reachable()).isTrue();
        assertThat(scan.errorKind()).as(scan.errorDetail()).isNull();
        assertThat(scan.wellKnownStatus()).isEqualTo(403);
        assertThat(scan.domainVerdict()).isEqualTo(DomainVerdict.NOT_DECLARED);
        assertThat(scan.botVendor()).isNull();
        assertThat(scan.evidence().has("bot_walls")).isFalse();
        assertThat(scan.evidence().toString()).doesNotContain("bot_vendor");
    }

    @Test
    void aPartlyWalledSiteIsJudgedOnWhatWasSeenAndKeepsTheWallInItsEvidence() {
        DomainScan scan = scan("partly.test");

        assertThat(scan.errorKind()).isEqualTo(ErrorKind.BOT_CHALLENGE);
        assertThat(scan.errorDetail()).startsWith("Cloudflare challenge (503) at https://partly.test/openapi.json; ");
        assertThat(scan.domainVerdict()).isEqualTo(DomainVerdict.NOT_DECLARED);
        assertThat(scan.botVendor()).isEqualTo(BotVendor.CLOUDFLARE);
        assertThat(scan.wellKnownStatus()).isEqualTo(404);
        assertThat(vendorOn(scan, "homepage_head")).isNull();
        assertThat(vendorOn(scan, "well_known")).isNull();
        assertThat(vendorOn(scan, "openapi")).isEqualTo("cloudflare");
        assertThat(vendorOn(scan, "x402_well_known")).isEqualTo("cloudflare");
        JsonNode walls = scan.evidence().get("bot_walls");
        assertThat(walls.get("every_check_walled").asBoolean()).isFalse();
        assertThat(walls.get("walled_checks").asInt()).isEqualTo(3);
    }

    @Test
    void anEndpointBehindAWallIsUnreachableNotAStubAndIsNotProbedAgain() {
        server.clearRequests();
        DomainScan scan = scan("walled-endpoint.test");

        EndpointProbe probe = scan.endpoints().getFirst();
        assertThat(probe.verdict()).isEqualTo(EndpointVerdict.UNREACHABLE);
        assertThat(probe.status()).isEqualTo(403);
        assertThat(probe.errorKind()).isEqualTo(ErrorKind.BOT_CHALLENGE);
        assertThat(probe.errorDetail()).startsWith("DataDome challenge (403) at https://walled-endpoint.test/mpp; x-dd-b: 1");
        assertThat(scan.domainVerdict()).isEqualTo(DomainVerdict.ENDPOINT_UNREACHABLE);
        assertThat(scan.errorKind()).isNull();
        assertThat(scan.botVendor()).isNull();
        JsonNode endpoint = scan.evidence().get("endpoints").get(0);
        assertThat(endpoint.get("bot_vendor").asString()).isEqualTo("datadome");
        assertThat(endpoint.get("verdict").asString()).isEqualTo("unreachable");
        assertThat(server.requestsTo("walled-endpoint.test", "/mpp")).extracting(RecordedRequest::method)
                .containsExactly("GET");
    }

    @Test
    void theCensusMeetsAWallAsItselfAndNeverComesBackForMore() {
        server.clearRequests();
        scan("cloudflare-js.test");

        List<RecordedRequest> requests = server.requests();
        assertThat(requests).extracting(RecordedRequest::path).doesNotContain(
                "/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1");
        assertThat(requests).extracting(request -> request.method() + " " + request.path()).doesNotHaveDuplicates();
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.headers().firstValue("user-agent").orElse("")).startsWith("mpp-census/");
            assertThat(request.headers().firstValue("cookie")).isEmpty();
        });
    }
}
