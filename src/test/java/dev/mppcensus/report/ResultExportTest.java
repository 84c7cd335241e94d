package dev.mppcensus.report;

import static dev.mppcensus.scan.ScanSamples.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.ErrorKind;
import dev.mppcensus.store.ScanResultStore;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export, pinned byte for byte by golden files: a stored run of scans holding every kind of field
 * (nulls, numbers, booleans, arrays, evidence JSON, text a CSV must quote, NUL bytes, a domain rescanned
 * to attempt 2, a listed domain never scanned) as JSON Lines and CSV, and {@code check --json}'s record of
 * scans that were not stored. Field names, order and formatting are a contract (docs/export.md): a field
 * may be added at the end of the record, none renamed, moved or written otherwise. So every exported line
 * must equal its golden line, or continue it with further fields after its last one. On a mismatch the
 * actual output is left in {@code target/export-golden/} to compare.
 */
class ResultExportTest {

    /** Negative: this JVM's other tests ask for the latest run (the highest id) of the same database. */
    private static final long RUN = -7101;
    private static final String NASTY = "a\"b\\c,d{e}f g\th\ni\rj\\N k'l ü 雪 😀 NULL \u0000 end";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<DomainScan> UNSTORED = new ArrayList<>();
    /** Scans stored once, without text that storing changes (NUL) or evidence numbers jsonb rewrites. */
    private static final List<DomainScan> STORED_AS_GIVEN = new ArrayList<>();
    private static ResultExport export;

    @BeforeAll
    static void storedRun() {
        JdbcTemplate jdbc = TestDatabase.migrated();
        DataSource dataSource = jdbc.getDataSource();
        TestRun.of(RUN, "export-test").insertInto(jdbc);
        jdbc.update("INSERT INTO run_domain VALUES (?, 'b.export.test', 1, NULL), (?, 'a.export.test', 2, 7), (?, 'c.export.test', 3, 3), "
                + "(?, 'd.export.test', 4, NULL), (?, 'e.export.test', 5, NULL), (?, 'f.export.test', 6, 12)", RUN, RUN, RUN, RUN, RUN, RUN);
        ScanResultStore store = new ScanResultStore(jdbc);

        DomainScan unreachable = scan("domain", "b.export.test", "scannedAt", Instant.parse("2026-01-01T00:00:00Z"),
                "durationMs", 5000, "errorKind", ErrorKind.TIMEOUT, "errorDetail", "no answer, in 5 s",
                "domainVerdict", DomainVerdict.SITE_UNREACHABLE, "requests", 2);
        DomainScan verified = scan("domain", "a.export.test", "rank", 7,
                "scannedAt", Instant.parse("2026-01-01T12:34:56.123456Z"), "durationMs", 1234, "reachable", true,
                "siteHost", "www.a.export.test", "scheme", "https",
                "declaredVia", List.of(DomainScan.VIA_WELL_KNOWN, DomainScan.VIA_LINK, DomainScan.VIA_OPENAPI),
                "mppEndpoints", List.of("https://api.a.export.test/pay", "https://api.a.export.test/other"),
                "wellKnownStatus", 200, "wellKnownDocument", "valid", "homepageStatus", 200, "x402Declared", true,
                "openapiStatus", 200, "openapiPayableOperations", 3, "openapiUrl", "https://a.export.test/openapi.json",
                "openapi402Operations", 2, "x402WellKnownStatus", 404, "domainVerdict", DomainVerdict.VERIFIED,
                "endpointVerdict", EndpointVerdict.VERIFIED_MPP, "methods", List.of("tempo", "stripe"),
                "intents", List.of("charge", "session"), "sessionSupported", true, "x402Offered", true,
                "challengeOverTls", true, "networks", List.of("mainnet", "testnet"), "requests", 9,
                "evidence", verifiedEvidence());
        DomainScan firstAttempt = scan("domain", "c.export.test", "rank", 3, "scannedAt", Instant.parse("2026-01-01T01:00:00Z"),
                "durationMs", 800, "errorKind", ErrorKind.CONNECT, "errorDetail", "Connection refused",
                "domainVerdict", DomainVerdict.SITE_UNREACHABLE, "requests", 4);
        DomainScan rescanned = scan("domain", "c.export.test", "rank", 3, "scannedAt", Instant.parse("2026-01-02T01:00:00.5Z"),
                "durationMs", 310, "reachable", true, "siteHost", "c.export.test", "scheme", "http", "wellKnownStatus", 404,
                "wellKnownDocument", "absent", "homepageStatus", 200, "openapiStatus", 404,
                "openapiPayableOperations", 0, "domainVerdict", DomainVerdict.NOT_DECLARED, "requests", 5,
                "evidence", JSON.createObjectNode().put("retries", 1));
        DomainScan hostile = scan("domain", "d.export.test", "scannedAt", Instant.parse("2026-01-01T23:59:59.999999Z"),
                "durationMs", 77, "reachable", true, "errorKind", ErrorKind.BOT_CHALLENGE, "errorDetail", NASTY,
                "siteHost", "d.export.test", "scheme", "https", "declaredVia", List.of(DomainScan.VIA_X402_WELL_KNOWN),
                "mppEndpoints", List.of(NASTY, "", "NULL", "{}", "x,y", "two words"), "declarationInvalid", true,
                "wellKnownStatus", 403, "wellKnownDocument", "encoded", "homepageStatus", 403,
                "openapiUrl", NASTY, "x402WellKnownStatus", 200, "domainVerdict", DomainVerdict.X402_CONFUSED,
                "endpointVerdict", EndpointVerdict.X402_ONLY, "methods", List.of("a\"b", "c,d"),
                "intents", List.of(""), "x402Offered", true, "challengeOverTls", false, "networks", List.of("unknown"),
                "requests", 3, "evidence", hostileEvidence());
        DomainScan unchecked = scan("domain", "f.export.test", "rank", 12, "scannedAt", Instant.parse("2026-01-01T06:00:00.010Z"),
                "durationMs", 2, "reachable", true, "siteHost", "www.f.export.test", "scheme", "https",
                "declaredVia", List.of(DomainScan.VIA_WELL_KNOWN), "mppEndpoints", List.of("https://f.export.test/mpp"),
                "wellKnownStatus", 200, "wellKnownDocument", "valid", "homepageStatus", 200, "openapiStatus", 200,
                "openapiPayableOperations", 0, "domainVerdict", DomainVerdict.DECLARED_UNCHECKED, "requests", 3,
                "evidence", numbersEvidence());
        store.save(RUN, List.of(unreachable, verified, firstAttempt, hostile));
        store.save(RUN, List.of(rescanned, unchecked), 41L);
        UNSTORED.addAll(List.of(verified, hostile));
        STORED_AS_GIVEN.addAll(List.of(unreachable, verified));
        export = new ResultExport(dataSource, new DataSourceTransactionManager(dataSource), JSON);
    }

    @Test
    void jsonLinesKeepTheirGoldenFieldsByteForByte() {
        StringWriter out = new StringWriter();
        assertThat(export.export(RUN, ExportFormat.JSONL, out)).isEqualTo(5);
        assertExtendsGolden("export-golden.jsonl", out.toString(), records(out.toString(), "\n"));
    }

    @Test
    void csvKeepsItsGoldenColumnsByteForByte() {
        StringWriter out = new StringWriter();
        assertThat(export.export(RUN, ExportFormat.CSV, out)).isEqualTo(5);
        assertExtendsGolden("export-golden.csv", out.toString(), records(out.toString(), "\r\n"));
    }

    @Test
    void checkJsonKeepsItsGoldenFieldsByteForByte() {
        StringBuilder out = new StringBuilder();
        for (DomainScan scan : UNSTORED) {
            out.append(JSON.writeValueAsString(ExportRecord.of(scan))).append('\n');
        }
        assertExtendsGolden("check-golden.jsonl", out.toString(), records(out.toString(), "\n"));
    }

    @Test
    void aStoredScanExportsAsTheRecordOfTheScanWithItsRunAndAttempt() {
        StringWriter out = new StringWriter();
        export.export(RUN, ExportFormat.JSONL, out);
        Map<String, JsonNode> exported = new HashMap<>();
        out.toString().lines().map(JSON::readTree).forEach(record -> exported.put(record.get("domain").asString(), record));
        for (DomainScan scan : STORED_AS_GIVEN) {
            ObjectNode expected = ExportRecord.of(scan).put("run_id", RUN).put("attempt", 1);
            assertThat(exported.get(scan.domain())).as(scan.domain())
                    .isEqualTo(JSON.readTree(JSON.writeValueAsString(expected)));
        }
    }

    /**
     * Each of {@code actual}'s records equals its golden record or continues it with more fields. A JSON
     * record continues {@code {...,"last":1}} as {@code {...,"last":1,"added":2}}; a CSV record, header
     * included, as {@code ...,last,added}.
     */
    private static void assertExtendsGolden(String golden, String actualText, List<String> actual) {
        boolean json = !golden.endsWith(".csv");
        try {
            List<String> expected = records(resource(golden), json ? "\n" : "\r\n");
            assertThat(actual).as("records of " + golden).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                String want = expected.get(i);
                String got = actual.get(i);
                String kept = json ? want.substring(0, want.length() - 1) : want;
                assertThat(got.equals(want) || got.startsWith(kept + ","))
                        .as("record %d of %s%n  golden: %s%n  actual: %s", i + 1, golden, want, got).isTrue();
            }
        } catch (AssertionError e) {
            keepActual(golden, actualText);
            throw e;
        }
    }

    /** {@code text} cut into records at {@code end}, except inside a CSV quoted field. */
    private static List<String> records(String text, String end) {
        List<String> records = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (end.equals("\r\n") && text.charAt(i) == '"') {
                quoted = !quoted;
            } else if (!quoted && text.startsWith(end, i)) {
                records.add(text.substring(start, i));
                start = i + end.length();
                i = start - 1;
            }
        }
        assertThat(text.substring(start)).as("text after the last record end").isEmpty();
        return records;
    }

    private static String resource(String name) {
        try (InputStream in = ResultExportTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keepActual(String golden, String actual) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "export-golden"));
            Files.writeString(dir.resolve(golden), actual, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a verified domain's evidence looks like: requests, Link values, an endpoint's decoded challenge. */
    private static ObjectNode verifiedEvidence() {
        ObjectNode evidence = JSON.createObjectNode();
        var requests = evidence.putArray("requests");
        requests.addObject().put("method", "HEAD").put("url", "https://www.a.export.test/").put("status", 200).put("ms", 81)
                .putObject("headers").put("link", "</mpp>; rel=\"mpp-endpoint\"").put("server", "nginx");
        requests.addObject().put("method", "GET").put("url", "https://www.a.export.test/.well-known/ai-agent.json")
                .put("status", 200).put("ms", 77).put("bytes", 412);
        evidence.putArray("links").add("</mpp>; rel=\"mpp-endpoint\"");
        ObjectNode endpoint = evidence.putArray("endpoints").addObject().put("url", "https://api.a.export.test/pay")
                .put("verdict", "verified_mpp").put("status", 402);
        endpoint.putArray("challenges").addObject().put("method", "tempo").put("intent", "charge")
                .putObject("request").put("amount", "1000").put("currency", "0x20c0").put("recipient", "0xabc");
        evidence.put("note", "quote \" comma , line\nend");
        return evidence;
    }

    /** Evidence a hostile server shaped: NUL bytes, control characters, every script, deep nesting. */
    private static ObjectNode hostileEvidence() {
        ObjectNode evidence = JSON.createObjectNode();
        evidence.put("text", NASTY).putArray("list").add(NASTY).add("\\u0000").addNull().add(false);
        evidence.putObject("headers").put("server", "\u0000\u0001\u001f\u007f").put("x-ü", "雪");
        evidence.putObject("deep").putObject("a").putObject("b").putArray("c").addArray().add(1);
        return evidence;
    }

    /** Numbers in evidence: as PostgreSQL's jsonb keeps them and the export's reader reads them back. */
    private static ObjectNode numbersEvidence() {
        ObjectNode evidence = JSON.createObjectNode();
        evidence.put("int", 7).put("negative", -3).put("long", 12345678901234L).put("zero", 0)
                .put("decimal", new java.math.BigDecimal("1.50")).put("fraction", 0.1).put("big", new java.math.BigInteger(
                        "123456789012345678901234567890")).put("exponent", 1e21).put("yes", true).putNull("nothing");
        evidence.putArray("empty");
        evidence.putObject("none");
        return evidence;
    }
}
