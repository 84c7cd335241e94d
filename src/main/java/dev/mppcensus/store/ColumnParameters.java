package dev.mppcensus.store;

import dev.mppcensus.detection.Coded;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Named SQL parameters of one record: {@code :site_host} is the record's {@code siteHost()} as its column
 * stores it ({@link #stored}), with its SQL type, so nothing is bound by position; values the record does
 * not hold (a run id, the same for a whole batch) come from {@code others}. A value is converted each time
 * it is asked for ({@link NamedBatch} asks once a placeholder).
 */
final class ColumnParameters implements SqlParameterSource {

    private final Record record;
    private final Map<String, ResultColumn> columns;
    private final Map<String, SqlParameterValue> others;

    /** Parameters named after {@code columns}, whose values come from {@code record}, and {@code others}. */
    ColumnParameters(Record record, Map<String, ResultColumn> columns, Map<String, SqlParameterValue> others) {
        this.record = record;
        this.columns = columns;
        this.others = others;
    }

    /** Parameters named after {@code columns}, whose values come from {@code record}. */
    ColumnParameters(Record record, Map<String, ResultColumn> columns) {
        this(record, columns, Map.of());
    }

    @Override
    public boolean hasValue(String name) {
        return columns.containsKey(name) || others.containsKey(name);
    }

    @Override
    public Object getValue(String name) {
        ResultColumn column = columns.get(name);
        if (column == null) {
            SqlParameterValue other = others.get(name);
            if (other == null) {
                throw new IllegalArgumentException("no parameter :" + name + " for a " + record.getClass().getSimpleName());
            }
            return other.getValue();
        }
        return stored(column.kind(), column.valueIn(record));
    }

    @Override
    public int getSqlType(String name) {
        ResultColumn column = columns.get(name);
        if (column != null) {
            return column.kind().sqlType();
        }
        SqlParameterValue other = others.get(name);
        return other == null ? TYPE_UNKNOWN : other.getSqlType();
    }

    /**
     * {@code value} as a column of {@code kind} stores it: a {@link Coded} as its code, an {@link Instant} as a
     * timestamp, a list as a {@code text[]}, JSON as its text. Text loses its NUL characters, which PostgreSQL
     * text cannot hold: each becomes U+FFFD, and in JSON text so does NUL's escape sequence.
     */
    static Object stored(ResultColumn.Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case TEXT -> withoutNul((String) value);
            case CODE -> ((Coded) value).code();
            case INTEGER, BIGINT, BOOLEAN, NUMERIC -> value;
            case TIMESTAMP -> Timestamp.from((Instant) value);
            case TEXT_ARRAY -> new SqlArrayValue("text", textArray((List<?>) value));
            case JSON -> withoutNul(value.toString()).replace("\\u0000", "\\ufffd");
        };
    }

    private static Object[] textArray(List<?> items) {
        Object[] texts = new Object[items.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = withoutNul((String) items.get(i));
        }
        return texts;
    }

    /** PostgreSQL text cannot hold NUL; a hostile server's NUL characters become U+FFFD. */
    static String withoutNul(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }
}
