package dev.mppcensus.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
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

    static final List<String> FIELDS = List.of("run_id", "domain", "rank", "scanned_at", "reachable", "error_kind",
            "error_detail", "scheme", "site_host", "declared_via", "mpp_endpoints", "declaration_invalid",
            "well_known_status", "well_known_document", "homepage_status", "x402_declared", "requests", "attempt",
            "duration_ms", "evidence");

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
                    out.write(String.join(",", FIELDS) + "\r\n");
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
        ObjectNode node = json.createObjectNode();
        node.put("run_id", rs.getLong("run_id"));
        node.put("domain", rs.getString("domain"));
        node.put("rank", (Integer) rs.getObject("rank"));
        node.put("scanned_at", DateTimeFormatter.ISO_INSTANT.format(rs.getTimestamp("scanned_at").toInstant()));
        node.put("reachable", rs.getBoolean("reachable"));
        node.put("error_kind", rs.getString("error_kind"));
        node.put("error_detail", rs.getString("error_detail"));
        node.put("scheme", rs.getString("scheme"));
        node.put("site_host", rs.getString("site_host"));
        stringArray(node, "declared_via", rs.getArray("declared_via"));
        stringArray(node, "mpp_endpoints", rs.getArray("mpp_endpoints"));
        node.put("declaration_invalid", rs.getBoolean("declaration_invalid"));
        node.put("well_known_status", (Integer) rs.getObject("well_known_status"));
        node.put("well_known_document", rs.getString("well_known_document"));
        node.put("homepage_status", (Integer) rs.getObject("homepage_status"));
        node.put("x402_declared", rs.getBoolean("x402_declared"));
        node.put("requests", rs.getInt("requests"));
        node.put("attempt", rs.getInt("attempt"));
        node.put("duration_ms", rs.getInt("duration_ms"));
        node.set("evidence", json.readTree(rs.getString("evidence")));
        return node;
    }

    private static void stringArray(ObjectNode node, String field, Array array) throws SQLException {
        var values = node.putArray(field);
        Arrays.stream((String[]) array.getArray()).forEach(values::add);
    }

    private void write(ObjectNode record, ExportFormat format, Writer out) {
        try {
            if (format == ExportFormat.JSONL) {
                out.write(json.writeValueAsString(record));
                out.write('\n');
                return;
            }
            StringBuilder line = new StringBuilder();
            for (String field : FIELDS) {
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
