package dev.mppcensus.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.ErrorKind;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams one record per domain of a run, in list order, without holding the run in memory.
 * The JSON field names are a contract: fields may be added, none renamed.
 */
@Service
public class ResultExport {

    private static final String ROWS = """
            SELECT r.* FROM scan_result r JOIN run_domain d ON d.run_id = r.run_id AND d.domain = r.domain
             WHERE r.run_id = ? ORDER BY d.line_no""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;

    ResultExport(DataSource dataSource, PlatformTransactionManager transactionManager, JsonMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1_000);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.json = json;
    }

    /** Writes the records of run {@code runId} to {@code out}; returns how many were written. */
    public long export(long runId, ExportFormat format, Writer out) {
        long[] count = {0};
        readOnly.executeWithoutResult(status -> {
            try {
                if (format == ExportFormat.CSV) {
                    out.write(String.join(",", ScanRecord.FIELDS) + "\r\n");
                }
                jdbc.query(ROWS, rs -> {
                    ObjectNode record = record(rs);
                    write(record, format, out);
                    count[0]++;
                }, runId);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return count[0];
    }

    private ObjectNode record(ResultSet rs) throws SQLException {
        DomainScan scan = new DomainScan(rs.getString("domain"), (Integer) rs.getObject("rank"),
                rs.getTimestamp("scanned_at").toInstant(), rs.getInt("duration_ms"), rs.getBoolean("reachable"),
                enumOf(ErrorKind.class, rs.getString("error_kind")), rs.getString("error_detail"),
                rs.getString("site_host"), rs.getString("scheme"), strings(rs.getArray("declared_via")),
                strings(rs.getArray("mpp_endpoints")), rs.getBoolean("declaration_invalid"),
                (Integer) rs.getObject("well_known_status"), rs.getString("well_known_document"),
                (Integer) rs.getObject("homepage_status"), rs.getBoolean("x402_declared"),
                (Integer) rs.getObject("openapi_status"), (Integer) rs.getObject("openapi_payable_operations"),
                rs.getString("openapi_url"), (Integer) rs.getObject("openapi_402_operations"),
                (Integer) rs.getObject("x402_well_known_status"),
                enumOf(DomainVerdict.class, rs.getString("domain_verdict")),
                enumOf(EndpointVerdict.class, rs.getString("endpoint_verdict")), strings(rs.getArray("methods")),
                strings(rs.getArray("intents")), rs.getBoolean("session_supported"), rs.getBoolean("x402_offered"),
                (Boolean) rs.getObject("challenge_over_tls"), strings(rs.getArray("networks")), List.of(),
                rs.getInt("requests"),
                (ObjectNode) json.readTree(rs.getString("evidence")));
        return ScanRecord.of(rs.getLong("run_id"), rs.getInt("attempt"), scan);
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String code) {
        return code == null ? null : Enum.valueOf(type, code.toUpperCase(java.util.Locale.ROOT));
    }

    private void write(ObjectNode record, ExportFormat format, Writer out) {
        try {
            if (format == ExportFormat.JSONL) {
                out.write(json.writeValueAsString(record));
                out.write('\n');
                return;
            }
            StringBuilder line = new StringBuilder();
            for (String field : ScanRecord.FIELDS) {
                if (!line.isEmpty()) {
                    line.append(',');
                }
                line.append(csvField(record.get(field)));
            }
            out.write(line.append("\r\n").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvField(tools.jackson.databind.JsonNode value) {
        String text;
        if (value == null || value.isNull()) {
            return "";
        } else if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            value.forEach(item -> joined.append(joined.isEmpty() ? "" : " ").append(item.asString()));
            text = joined.toString();
        } else if (value.isObject()) {
            text = value.toString();
        } else {
            text = value.asString();
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
