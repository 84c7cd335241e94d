package dev.mppcensus.store;

import dev.mppcensus.detection.Coded;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Named SQL parameters of one record: {@code :site_host} is the record's {@code siteHost()} as its column
 * stores it ({@link #stored}), with its SQL type, so nothing is bound by position. Values the record does
 * not hold (a run id) are added with {@link #and}. Each value is converted once, when the parameters are
 * made: Spring's batch update asks for a value more than once.
 */
final class ColumnParameters implements SqlParameterSource {

    private final String recordType;
    private final Map<String, SqlParameterValue> values;

    /** Parameters named after {@code columns}, whose values come from {@code record}. */
    ColumnParameters(Record record, Map<String, ResultColumn> columns) {
        this.recordType = record.getClass().getSimpleName();
        this.values = HashMap.newHashMap(columns.size() + 2);
        columns.forEach((name, column) -> values.put(name,
                new SqlParameterValue(column.kind().sqlType(), stored(column.kind(), column.valueIn(record)))));
    }

    /** These parameters and {@code name}, a value of SQL type {@code sqlType} ({@link java.sql.Types}). */
    ColumnParameters and(String name, Object value, int sqlType) {
        values.put(name, new SqlParameterValue(sqlType, value));
        return this;
    }

    @Override
    public boolean hasValue(String name) {
        return values.containsKey(name);
    }

    /** The value with its SQL type, as a {@link SqlParameterValue}. */
    @Override
    public Object getValue(String name) {
        SqlParameterValue value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter :" + name + " for a " + recordType);
        }
        return value;
    }

    @Override
    public int getSqlType(String name) {
        SqlParameterValue value = values.get(name);
        return value == null ? TYPE_UNKNOWN : value.getSqlType();
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
            case INTEGER, BIGINT, BOOLEAN -> value;
            case TIMESTAMP -> Timestamp.from((Instant) value);
            case TEXT_ARRAY -> new SqlArrayValue("text",
                    ((List<?>) value).stream().map(item -> withoutNul((String) item)).toArray());
            case JSON -> withoutNul(value.toString()).replace("\\u0000", "\\ufffd");
        };
    }

    /** PostgreSQL text cannot hold NUL; a hostile server's NUL characters become U+FFFD. */
    static String withoutNul(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }
}
