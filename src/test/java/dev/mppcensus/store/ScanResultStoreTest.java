package dev.mppcensus.store;

import static dev.mppcensus.scan.ScanSamples.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.detection.PaymentChallenge;
import dev.mppcensus.detection.PaymentOffer;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.EndpointProbe;
import dev.mppcensus.scan.ErrorKind;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What {@link ScanResultStore} writes reads back as written, and a rewrite keeps the first attempt's bookkeeping. */
class ScanResultStoreTest {

    /** Negative: this JVM's other tests ask for the latest run (the highest id) of the same database. */
    private static final long RUN = -7001;
    private static final String NASTY = "a\"b\\c,d{e}f g\th\ni\rj\\N k'l ü 雪 😀 NULL \u0000 end";
    private static JdbcTemplate jdbc;
    private static ScanResultStore store;

    @BeforeAll
    static void schema() {
        jdbc = TestDatabase.migrated();
        store = new ScanResultStore(jdbc);
        TestRun.of(RUN, "store-test").insertInto(jdbc);
        jdbc.update("INSERT INTO run_domain VALUES (?, 'a.test', 1, 5), (?, 'b.test', 2, NULL), (?, 'c.store.test', 3, NULL)",
                RUN, RUN, RUN);
    }

    @Test
    void awkwardTextArraysAndJsonRoundTrip() {
        ObjectNode evidence = JsonMapper.builder().build().createObjectNode();
        evidence.put("text", NASTY).putArray("list").add(NASTY).add("\\u0000");
        List<String> values = List.of(NASTY, "", "NULL", "{}", "x,y");
        Instant at = Instant.parse("2026-01-01T12:34:56.123456Z");
        DomainScan scan = scan("domain", "a.test", "rank", 5, "scannedAt", at, "durationMs", 42, "reachable", true,
                "errorKind", ErrorKind.CONNECT, "errorDetail", NASTY, "siteHost", "www.a.test", "scheme", "https",
                "declaredVia", List.of(DomainScan.VIA_WELL_KNOWN), "mppEndpoints", values, "declarationInvalid", true,
                "wellKnownStatus", 200, "wellKnownDocument", "absent", "homepageStatus", 301, "x402Declared", true,
                "openapiStatus", 404, "openapiPayableOperations", 0, "openapiUrl", NASTY, "openapi402Operations", 2,
                "x402WellKnownStatus", 404, "domainVerdict", DomainVerdict.SITE_UNREACHABLE, "methods", values,
                "sessionSupported", true, "networks", List.of("testnet"), "requests", 3, "evidence", evidence);

        store.save(RUN, List.of(scan));

        String clean = NASTY.replace('\0', '\uFFFD');
        List<String> cleanValues = values.stream().map(v -> v.replace('\0', '\uFFFD')).toList();
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM scan_result WHERE run_id = ? AND domain = 'a.test'", RUN);
        assertThat(row.get("error_detail")).isEqualTo(clean);
        assertThat(row.get("openapi_url")).isEqualTo(clean);
        assertThat(row.get("openapi_402_operations")).isEqualTo(2);
        assertThat(row.get("x402_well_known_status")).isEqualTo(404);
        assertThat(row.get("rank")).isEqualTo(5);
        assertThat(((java.sql.Timestamp) row.get("scanned_at")).toInstant()).isEqualTo(at);
        assertThat(((java.sql.Timestamp) row.get("first_scanned_at")).toInstant()).isEqualTo(at);
        assertThat(row.get("challenge_over_tls")).isNull();
        assertThat(row.get("endpoint_verdict")).isNull();
        assertThat(row.get("rescan_id")).isNull();
        assertThat(row.get("attempt")).isEqualTo(1);
        assertThat(row.get("homepage_status")).isEqualTo(301);
        assertThat(row.get("openapi_payable_operations")).isEqualTo(0);
        assertThat(jdbc.queryForList("SELECT unnest(mpp_endpoints) FROM scan_result WHERE run_id = ? AND domain = 'a.test'",
                String.class, RUN)).containsExactlyElementsOf(cleanValues);
        assertThat(jdbc.queryForList("SELECT unnest(methods) FROM scan_result WHERE run_id = ? AND domain = 'a.test'",
                String.class, RUN)).containsExactlyElementsOf(cleanValues);
        assertThat(jdbc.queryForObject("SELECT cardinality(intents) FROM scan_result WHERE run_id = ? AND domain = 'a.test'",
                Integer.class, RUN)).isZero();
        assertThat(jdbc.queryForObject("SELECT evidence ->> 'text' FROM scan_result WHERE run_id = ? AND domain = 'a.test'",
                String.class, RUN)).isEqualTo(clean);
        assertThat(jdbc.queryForList("SELECT jsonb_array_elements_text(evidence -> 'list') FROM scan_result "
                + "WHERE run_id = ? AND domain = 'a.test'", String.class, RUN))
                // The JSON escape of NUL is rewritten textually, so a literal backslash-u0000 becomes
                // backslash-ufffd as well: harmless for evidence, pinned here so a change of writer keeps it.
                .containsExactly(clean, "\\ufffd");
    }

    @Test
    void aRewriteRaisesTheAttemptAndKeepsWhatTheFirstFound() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        store.save(RUN, List.of(attempt("b.test", first, false, DomainVerdict.SITE_UNREACHABLE)));
        Instant second = first.plus(1, ChronoUnit.HOURS);
        store.save(RUN, List.of(attempt("b.test", second, true, DomainVerdict.NOT_DECLARED)), 99L);

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM scan_result WHERE run_id = ? AND domain = 'b.test'", RUN);
        assertThat(row.get("attempt")).isEqualTo(2);
        assertThat(row.get("reachable")).isEqualTo(true);
        assertThat(row.get("previous_reachable")).isEqualTo(false);
        assertThat(row.get("previous_error_kind")).isEqualTo("connect");
        assertThat(row.get("previous_domain_verdict")).isEqualTo(DomainVerdict.SITE_UNREACHABLE.code());
        assertThat(row.get("rescan_id")).isEqualTo(99L);
        assertThat(((java.sql.Timestamp) row.get("first_scanned_at")).toInstant()).isEqualTo(first);
        assertThat(((java.sql.Timestamp) row.get("scanned_at")).toInstant()).isEqualTo(second);
    }

    @Test
    void everyProbedEndpointIsOneRowAndARewriteReplacesThem() {
        List<String> tooMany = java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(i -> "violation " + i).toList();
        EndpointAssessment assessment = new EndpointAssessment(EndpointVerdict.VERIFIED_MPP,
                List.of(challenge("api.c.test"), challenge(null), challenge("api.c.test"), challenge("c.store.test")), true, true,
                List.of("tempo", NASTY), List.of("charge", "session"), "https://c.test/problems/" + NASTY, true, true,
                tooMany, List.of("mainnet"), true, null);
        EndpointProbe verified = new EndpointProbe("https://api.c.test/pay", "POST",
                List.of(DomainScan.VIA_OPENAPI, DomainScan.VIA_LINK), EndpointVerdict.VERIFIED_MPP, 402, null, null,
                "https://api.c.test/pay?x=" + NASTY, assessment, 2, 3, 40, List.of());
        EndpointProbe unreachable = new EndpointProbe("http://old.shop.c.co.uk/{id}", "GET", List.of(DomainScan.VIA_WELL_KNOWN),
                EndpointVerdict.UNREACHABLE, null, ErrorKind.TIMEOUT, "no answer", null, null, 1, 1, 5000, List.of());
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        store.save(RUN, List.of(scan("domain", "c.store.test", "scannedAt", at, "domainVerdict", DomainVerdict.VERIFIED,
                "endpoints", List.of(verified, unreachable))));

        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM endpoint_probe WHERE run_id = ? AND domain = 'c.store.test' "
                + "ORDER BY url", RUN);
        assertThat(rows).hasSize(2);
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("url")).isEqualTo("http://old.shop.c.co.uk/{id}");
        assertThat(first.get("http_method")).isEqualTo("GET");
        assertThat(strings(first.get("sources"))).containsExactly("well_known");
        assertThat(first.get("verdict")).isEqualTo("unreachable");
        assertThat(first.get("status")).isNull();
        assertThat(first.get("error_kind")).isEqualTo("timeout");
        assertThat(first.get("final_url")).isNull();
        assertThat(first.get("endpoint_host")).isEqualTo("old.shop.c.co.uk");
        assertThat(first.get("registrable_domain")).isEqualTo("c.co.uk");
        assertThat(strings(first.get("methods"))).isEmpty();
        assertThat(strings(first.get("intents"))).isEmpty();
        assertThat(strings(first.get("realms"))).isEmpty();
        assertThat(strings(first.get("violations"))).isEmpty();
        assertThat(strings(first.get("networks"))).isEmpty();
        assertThat(first.get("session_supported")).isEqualTo(false);
        assertThat(first.get("x402_offered")).isEqualTo(false);
        assertThat(first.get("over_tls")).isEqualTo(false);
        assertThat(first.get("cache_no_store")).isEqualTo(false);
        assertThat(first.get("problem_type")).isNull();
        assertThat(first.get("attempts")).isEqualTo(1);
        assertThat(first.get("realm_matches_host")).isNull();

        String clean = NASTY.replace('\0', '\uFFFD');
        Map<String, Object> second = rows.get(1);
        assertThat(second.get("url")).isEqualTo("https://api.c.test/pay");
        assertThat(second.get("http_method")).isEqualTo("POST");
        assertThat(strings(second.get("sources"))).containsExactly("openapi", "link");
        assertThat(second.get("verdict")).isEqualTo("verified_mpp");
        assertThat(second.get("status")).isEqualTo(402);
        assertThat(second.get("error_kind")).isNull();
        assertThat(second.get("final_url")).isEqualTo("https://api.c.test/pay?x=" + clean);
        assertThat(second.get("endpoint_host")).isNull(); // the final URL with NUL and spaces is no URI
        assertThat(second.get("registrable_domain")).isNull();
        assertThat(strings(second.get("methods"))).containsExactly("tempo", clean);
        assertThat(strings(second.get("intents"))).containsExactly("charge", "session");
        assertThat(strings(second.get("realms"))).containsExactly("api.c.test", "c.store.test");
        assertThat(strings(second.get("violations"))).hasSize(50).startsWith("violation 1").endsWith("violation 50");
        assertThat(strings(second.get("networks"))).containsExactly("mainnet");
        assertThat(second.get("session_supported")).isEqualTo(true);
        assertThat(second.get("x402_offered")).isEqualTo(true);
        assertThat(second.get("over_tls")).isEqualTo(true);
        assertThat(second.get("cache_no_store")).isEqualTo(true);
        assertThat(second.get("problem_type")).isEqualTo("https://c.test/problems/" + clean);
        assertThat(second.get("attempts")).isEqualTo(2);
        assertThat(second.get("realm_matches_host")).isEqualTo(true);

        store.save(RUN, List.of(scan("domain", "c.store.test", "scannedAt", at.plusSeconds(60),
                "domainVerdict", DomainVerdict.ENDPOINT_UNREACHABLE, "endpoints", List.of(unreachable))));
        assertThat(jdbc.queryForList("SELECT url FROM endpoint_probe WHERE run_id = ? AND domain = 'c.store.test'", String.class, RUN))
                .containsExactly("http://old.shop.c.co.uk/{id}");
    }

    private static PaymentChallenge challenge(String realm) {
        return new PaymentChallenge("id", realm, "tempo", "charge", null, null, null, null, List.of());
    }

    private static List<String> strings(Object array) {
        try {
            return List.of((String[]) ((java.sql.Array) array).getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void offersAreReplacedOnEveryWriteAndKeepEveryDigit() {
        jdbc.update("INSERT INTO run_domain VALUES (?, 'offers.store.test', 4, NULL)", RUN);
        String huge = "9".repeat(78);
        PaymentOffer exact = offer("https://offers.store.test/a", huge, new BigDecimal(huge).movePointLeft(6), null);
        PaymentOffer hostile = offer("https://offers.store.test/b", "1e6", null, "exponent notation");
        Instant at = Instant.parse("2026-02-01T00:00:00Z");

        store.save(RUN, List.of(scan("domain", "offers.store.test", "scannedAt", at, "domainVerdict", DomainVerdict.VERIFIED,
                "offers", List.of(exact, hostile), "priceDisagreements", 1)));
        assertThat(jdbc.queryForList("SELECT offer_index || ' ' || url || ' ' || amount || ' ' || coalesce(price::text, '-')"
                        + " || ' ' || coalesce(invalid_reason, '-') FROM payment_offer WHERE run_id = ? AND domain = ?"
                        + " ORDER BY offer_index", String.class, RUN, "offers.store.test"))
                .containsExactly("0 https://offers.store.test/a " + huge + " " + huge.substring(0, 72) + "." + huge.substring(72) + " -",
                        "1 https://offers.store.test/b 1e6 - exponent notation");
        assertThat(jdbc.queryForObject("SELECT price_disagreements FROM scan_result WHERE run_id = ? AND domain = ?",
                Integer.class, RUN, "offers.store.test")).isEqualTo(1);

        store.save(RUN, List.of(scan("domain", "offers.store.test", "scannedAt", at.plusSeconds(60),
                "domainVerdict", DomainVerdict.VERIFIED, "offers", List.of(hostile))));
        assertThat(jdbc.queryForList("SELECT offer_index || ' ' || url FROM payment_offer WHERE run_id = ? AND domain = ?",
                String.class, RUN, "offers.store.test")).as("a rewrite replaces the offers, never adds to them")
                .containsExactly("0 https://offers.store.test/b");
    }

    private static PaymentOffer offer(String url, String amount, BigDecimal price, String invalid) {
        return new PaymentOffer(url, "GET", null, PaymentOffer.Source.CHALLENGE, "tempo", "charge", "mainnet", 4217L,
                null, "0x20c0000000000000000000000000000000000000", PaymentOffer.PriceMode.FIXED, amount, null, null,
                PaymentOffer.AmountUnit.BASE_UNITS, 6, price, null, null, price, null, null, invalid);
    }

    private static DomainScan attempt(String domain, Instant at, boolean reachable, DomainVerdict verdict) {
        return scan("domain", domain, "scannedAt", at, "durationMs", 1, "reachable", reachable,
                "errorKind", reachable ? null : ErrorKind.CONNECT, "domainVerdict", verdict, "requests", 1);
    }
}
