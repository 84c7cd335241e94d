package dev.mppcensus.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.ErrorKind;
import dev.mppcensus.store.ScanResultStore;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Every field of an exported record, in JSON Lines and CSV, byte for byte, in list order. */
class ResultExportTest {

    /** Negative: this JVM's other tests ask for the latest run (the highest id) of the same database. */
    private static final long RUN = -7101;
    private static ResultExport export;

    @BeforeAll
    static void storedRun() {
        JdbcTemplate jdbc = TestDatabase.migrated();
        DataSource dataSource = jdbc.getDataSource();
        TestRun.of(RUN, "export-test").insertInto(jdbc);
        jdbc.update("INSERT INTO run_domain VALUES (?, 'b.test', 1, NULL), (?, 'a.test', 2, 7)", RUN, RUN);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode evidence = json.createObjectNode();
        evidence.put("note", "quote \" comma , line\nend").putArray("list").add(1).add("two");
        DomainScan full = new DomainScan("a.test", 7, Instant.parse("2026-01-01T12:34:56.123456Z"), 1234, true, null,
                null, "www.a.test", "https", List.of(DomainScan.VIA_WELL_KNOWN, DomainScan.VIA_LINK),
                List.of("https://api.a.test/pay", "https://api.a.test/other"), false, 200, "valid", 200, true, 200, 3,
                "https://a.test/openapi.json", 2, 404, DomainVerdict.VERIFIED, EndpointVerdict.VERIFIED_MPP,
                List.of("tempo", "stripe"), List.of("charge", "session"), true, true, true,
                List.of("eip155:4217"), List.of(), 9, evidence);
        DomainScan unreachable = new DomainScan("b.test", null, Instant.parse("2026-01-01T00:00:00Z"), 5000, false,
                ErrorKind.TIMEOUT, "no answer, in 5 s", null, null, List.of(), List.of(), false, null, null, null,
                false, null, null, null, null, null, DomainVerdict.SITE_UNREACHABLE, null, List.of(), List.of(), false,
                false, null, List.of(), List.of(), 2, json.createObjectNode());
        new ScanResultStore(jdbc).save(RUN, List.of(full, unreachable));
        export = new ResultExport(dataSource, new DataSourceTransactionManager(dataSource), json);
    }

    @Test
    void jsonLinesHoldEveryFieldInContractOrder() {
        StringWriter out = new StringWriter();
        assertThat(export.export(RUN, ExportFormat.JSONL, out)).isEqualTo(2);
        assertThat(out.toString()).isEqualTo(
                "{\"run_id\":-7101,\"domain\":\"b.test\",\"rank\":null,\"scanned_at\":\"2026-01-01T00:00:00Z\",\"reachable\":false,\"error_kind\":\"timeout\",\"error_detail\":\"no answer, in 5 s\",\"scheme\":null,\"site_host\":null,\"declared_via\":[],\"mpp_endpoints\":[],\"declaration_invalid\":false,\"well_known_status\":null,\"well_known_document\":null,\"homepage_status\":null,\"x402_declared\":false,\"openapi_status\":null,\"openapi_payable_operations\":null,\"endpoint_verdict\":null,\"domain_verdict\":\"site_unreachable\",\"methods\":[],\"intents\":[],\"session_supported\":false,\"x402_offered\":false,\"challenge_over_tls\":null,\"requests\":2,\"attempt\":1,\"duration_ms\":5000,\"evidence\":{},\"openapi_url\":null,\"openapi_402_operations\":null,\"x402_well_known_status\":null,\"networks\":[]}\n"
                + "{\"run_id\":-7101,\"domain\":\"a.test\",\"rank\":7,\"scanned_at\":\"2026-01-01T12:34:56.123456Z\",\"reachable\":true,\"error_kind\":null,\"error_detail\":null,\"scheme\":\"https\",\"site_host\":\"www.a.test\",\"declared_via\":[\"well_known\",\"link\"],\"mpp_endpoints\":[\"https://api.a.test/pay\",\"https://api.a.test/other\"],\"declaration_invalid\":false,\"well_known_status\":200,\"well_known_document\":\"valid\",\"homepage_status\":200,\"x402_declared\":true,\"openapi_status\":200,\"openapi_payable_operations\":3,\"endpoint_verdict\":\"verified_mpp\",\"domain_verdict\":\"verified\",\"methods\":[\"tempo\",\"stripe\"],\"intents\":[\"charge\",\"session\"],\"session_supported\":true,\"x402_offered\":true,\"challenge_over_tls\":true,\"requests\":9,\"attempt\":1,\"duration_ms\":1234,\"evidence\":{\"list\":[1,\"two\"],\"note\":\"quote \\\" comma , line\\nend\"},\"openapi_url\":\"https://a.test/openapi.json\",\"openapi_402_operations\":2,\"x402_well_known_status\":404,\"networks\":[\"eip155:4217\"]}\n");
    }

    @Test
    void csvHoldsEveryFieldInContractOrder() {
        StringWriter out = new StringWriter();
        assertThat(export.export(RUN, ExportFormat.CSV, out)).isEqualTo(2);
        assertThat(out.toString()).isEqualTo(
                "run_id,domain,rank,scanned_at,reachable,error_kind,error_detail,scheme,site_host,declared_via,mpp_endpoints,declaration_invalid,well_known_status,well_known_document,homepage_status,x402_declared,openapi_status,openapi_payable_operations,endpoint_verdict,domain_verdict,methods,intents,session_supported,x402_offered,challenge_over_tls,requests,attempt,duration_ms,evidence,openapi_url,openapi_402_operations,x402_well_known_status,networks\r\n"
                + "-7101,b.test,,2026-01-01T00:00:00Z,false,timeout,\"no answer, in 5 s\",,,,,false,,,,false,,,,site_unreachable,,,false,false,,2,1,5000,{},,,,\r\n"
                + "-7101,a.test,7,2026-01-01T12:34:56.123456Z,true,,,https,www.a.test,well_known link,https://api.a.test/pay https://api.a.test/other,false,200,valid,200,true,200,3,verified_mpp,verified,tempo stripe,charge session,true,true,true,9,1,1234,\"{\"\"list\"\":[1,\"\"two\"\"],\"\"note\"\":\"\"quote \\\"\" comma , line\\nend\"\"}\",https://a.test/openapi.json,2,404,eip155:4217\r\n");
    }
}
