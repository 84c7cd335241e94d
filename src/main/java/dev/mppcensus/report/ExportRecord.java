package dev.mppcensus.report;

import dev.mppcensus.detection.Coded;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.ResultColumn;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-domain record of {@code export} and {@code check --json}: the exported columns of
 * {@link DomainScan} ({@link ResultColumn#DOMAIN_SCAN}), in component order, each under its column's name.
 * Field names are a contract other tools rely on: fields may be added, none renamed. Codes
 * ({@code error_kind}, the verdicts) are the stored lowercase codes, times ISO-8601 in UTC, lists JSON
 * arrays; {@code run_id} and {@code attempt} are {@code null} for a scan that was not stored (as in
 * {@code check}).
 */
public final class ExportRecord {

    private static final List<ResultColumn> EXPORTED = ResultColumn.DOMAIN_SCAN.stream()
            .filter(ResultColumn::exported).toList();

    /** Every field, in output order (the CSV header). */
    public static final List<String> FIELDS = EXPORTED.stream().map(ResultColumn::name).toList();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExportRecord() {
    }

    /** The record of {@code scan} as it is held, e.g. not stored (as in {@code check}): its fields in {@link #FIELDS} order. */
    public static ObjectNode of(DomainScan scan) {
        ObjectNode record = NODES.objectNode();
        for (ResultColumn column : EXPORTED) {
            record.set(column.name(), json(column.kind(), column.valueIn(scan)));
        }
        return record;
    }

    /**
     * The record of the current row of {@code rs}, a row of {@code scan_result}: its fields in {@link #FIELDS}
     * order; {@code json} reads the JSON columns.
     */
    static ObjectNode ofRow(ResultSet rs, JsonMapper json) throws SQLException {
        ObjectNode record = NODES.objectNode();
        for (ResultColumn column : EXPORTED) {
            record.set(column.name(), json(column.kind(), read(rs, column, json)));
        }
        return record;
    }

    /** The value of {@code column} in the current row, as a {@link DomainScan} holds it (a code as text). */
    private static Object read(ResultSet rs, ResultColumn column, JsonMapper json) throws SQLException {
        String name = column.name();
        return switch (column.kind()) {
            case TEXT, CODE -> rs.getString(name);
            case INTEGER, BIGINT, BOOLEAN -> rs.getObject(name);
            case TIMESTAMP -> {
                Timestamp at = rs.getTimestamp(name);
                yield at == null ? null : at.toInstant();
            }
            case TEXT_ARRAY -> {
                Array array = rs.getArray(name);
                yield array == null ? null : List.of((String[]) array.getArray());
            }
            case JSON -> {
                String text = rs.getString(name);
                yield text == null ? null : json.readTree(text);
            }
        };
    }

    private static JsonNode json(ResultColumn.Kind kind, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (kind) {
            case TEXT -> NODES.textNode((String) value);
            case CODE -> NODES.textNode(value instanceof Coded coded ? coded.code() : (String) value);
            case INTEGER, BIGINT -> value instanceof Long number ? NODES.numberNode(number)
                    : NODES.numberNode(((Number) value).intValue());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case TIMESTAMP -> NODES.textNode(DateTimeFormatter.ISO_INSTANT.format((Instant) value));
            case TEXT_ARRAY -> {
                ArrayNode items = NODES.arrayNode();
                ((List<?>) value).forEach(item -> items.add(item == null ? NODES.nullNode() : NODES.textNode((String) item)));
                yield items;
            }
            case JSON -> (JsonNode) value;
        };
    }
}
