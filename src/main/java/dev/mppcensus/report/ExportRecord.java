package dev.mppcensus.report;

import dev.mppcensus.detection.Coded;
import dev.mppcensus.detection.PaymentOffer;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.ResultColumn;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-domain record of {@code export} and {@code check --json}: the exported columns of
 * {@link DomainScan} ({@link ResultColumn#DOMAIN_SCAN}), in component order, each under its column's name, then
 * {@code offers}: the domain's offers ({@code payment_offer}), each an object of its columns
 * ({@link #OFFER_COLUMNS}, prices as exact JSON numbers).
 * Field names are a contract other tools rely on: fields may be added, none renamed. Codes
 * ({@code error_kind}, the verdicts) are the stored lowercase codes, times ISO-8601 in UTC, lists JSON
 * arrays; {@code run_id} and {@code attempt} are {@code null} for a scan that was not stored (as in
 * {@code check}).
 */
public final class ExportRecord {

    private static final List<ResultColumn> EXPORTED = ResultColumn.DOMAIN_SCAN.stream()
            .filter(ResultColumn::exported).toList();

    /** The fields of each entry of {@code offers}: the columns of {@code payment_offer} a {@link PaymentOffer} fills. */
    public static final List<ResultColumn> OFFER_COLUMNS = ResultColumn.of(PaymentOffer.class);

    /** The last field: the domain's offers, one object each ({@link #OFFER_COLUMNS}), in the scan's order. */
    public static final String OFFERS = "offers";

    /** Every field, in output order (the CSV header). */
    public static final List<String> FIELDS = Stream.concat(EXPORTED.stream().map(ResultColumn::name), Stream.of(OFFERS))
            .toList();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExportRecord() {
    }

    /** The record of {@code scan} as it is held, e.g. not stored (as in {@code check}): its fields in {@link #FIELDS} order. */
    public static ObjectNode of(DomainScan scan) {
        ObjectNode record = NODES.objectNode();
        for (ResultColumn column : EXPORTED) {
            record.set(column.name(), json(column.kind(), column.valueIn(scan)));
        }
        ArrayNode offers = record.putArray(OFFERS);
        for (PaymentOffer offer : scan.offers()) {
            ObjectNode item = offers.addObject();
            OFFER_COLUMNS.forEach(column -> item.set(column.name(), json(column.kind(), column.valueIn(offer))));
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
        record.set(OFFERS, offers(rs.getString(OFFERS), json));
        return record;
    }

    /**
     * The SQL expression of a row's {@code offers}: a JSON array of its {@code payment_offer} rows in offer order,
     * each an array of {@link #OFFER_COLUMNS} in order, numerics as text (so that no digit is lost on the way);
     * {@code NULL} when there are none. {@code r} is the {@code scan_result} row. Column names come from
     * {@link PaymentOffer} only.
     */
    static String offersSql() {
        String columns = OFFER_COLUMNS.stream()
                .map(column -> "o." + column.name() + (column.kind() == ResultColumn.Kind.NUMERIC ? "::text" : ""))
                .collect(Collectors.joining(", "));
        return "(SELECT json_agg(json_build_array(" + columns + ") ORDER BY o.offer_index) FROM payment_offer o"
                + " WHERE o.run_id = r.run_id AND o.domain = r.domain)";
    }

    /** The {@code offers} array of {@link #offersSql()}'s text ({@code null}: none). */
    private static ArrayNode offers(String text, JsonMapper json) {
        ArrayNode offers = NODES.arrayNode();
        if (text == null) {
            return offers;
        }
        for (JsonNode row : json.readTree(text)) {
            ObjectNode offer = offers.addObject();
            for (int i = 0; i < OFFER_COLUMNS.size(); i++) {
                ResultColumn column = OFFER_COLUMNS.get(i);
                JsonNode value = row.get(i);
                offer.set(column.name(), value == null || value.isNull() ? NODES.nullNode() : switch (column.kind()) {
                    case NUMERIC -> NODES.numberNode(new BigDecimal(value.asString()));
                    case INTEGER, BIGINT -> NODES.numberNode(value.asLong());
                    default -> value;
                });
            }
        }
        return offers;
    }

    /** The value of {@code column} in the current row, as a {@link DomainScan} holds it (a code as text). */
    private static Object read(ResultSet rs, ResultColumn column, JsonMapper json) throws SQLException {
        String name = column.name();
        return switch (column.kind()) {
            case TEXT, CODE -> rs.getString(name);
            case INTEGER, BIGINT, BOOLEAN -> rs.getObject(name);
            case NUMERIC -> rs.getBigDecimal(name);
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
            case NUMERIC -> NODES.numberNode((BigDecimal) value);
        };
    }
}
