package dev.mppcensus.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams one record per domain of a run, in list order, without holding the run in memory.
 * The JSON field names are a contract: fields may be added, none renamed.
 */
@Service
public class ResultExport {

    private static final String ROWS = """
            SELECT r.*, %s AS offers FROM scan_result r JOIN run_domain d ON d.run_id = r.run_id AND d.domain = r.domain
             WHERE r.run_id = ? ORDER BY d.line_no""".formatted(ExportRecord.offersSql());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;
    /** Writes a record's JSON line; decimals (offers' prices) in plain notation, never {@code 5E-18}. */
    private final ObjectWriter jsonLine;

    ResultExport(DataSource dataSource, PlatformTransactionManager transactionManager, JsonMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1_000);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.json = json;
        this.jsonLine = json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** Writes the records of run {@code runId} to {@code out}; returns how many were written. */
    public long export(long runId, ExportFormat format, Writer out) {
        long[] count = {0};
        readOnly.executeWithoutResult(status -> {
            try {
                CsvRows csv = format == ExportFormat.CSV ? new CsvRows(out, ExportRecord.FIELDS) : null;
                jdbc.query(ROWS, rs -> {
                    ObjectNode record = ExportRecord.ofRow(rs, json);
                    if (csv == null) {
                        writeJsonLine(record, out);
                    } else {
                        csv.write(ExportRecord.FIELDS.stream().map(field -> csvText(record.get(field))).toList());
                    }
                    count[0]++;
                }, runId);
                if (csv != null) {
                    csv.flush();
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return count[0];
    }

    private void writeJsonLine(ObjectNode record, Writer out) {
        try {
            out.write(jsonLine.writeValueAsString(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A CSV cell: arrays of values joined by spaces, objects and arrays of objects ({@code offers}) as JSON text,
     * {@code null} as an empty field.
     */
    private static String csvText(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        } else if (value.isArray() && value.values().stream().anyMatch(JsonNode::isContainer)) {
            return value.toString();
        } else if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            value.forEach(item -> joined.append(joined.isEmpty() ? "" : " ").append(item.asString()));
            return joined.toString();
        }
        return value.isObject() ? value.toString() : value.asString();
    }
}
