package dev.mppcensus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mppcensus.detection.DomainVerdict;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.SqlArrayValue;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A record's named parameters: each column's value as the column stores it, with its SQL type. */
class ColumnParametersTest {

    record Row(String text, DomainVerdict verdict, Integer count, long total, Boolean flag, Instant at,
               List<String> tags, ObjectNode document) {
    }

    private static final Map<String, ResultColumn> COLUMNS = byName(ResultColumn.of(Row.class));

    @Test
    void eachColumnGivesItsStoredValueAndSqlType() {
        Instant at = Instant.parse("2026-01-01T12:34:56.123456Z");
        ObjectNode document = JsonNodeFactory.instance.objectNode().put("nul", "a\u0000b");
        ColumnParameters parameters = new ColumnParameters(new Row("x\u0000y", DomainVerdict.X402_CONFUSED, null, 7L,
                true, at, List.of("a", "b\u0000"), document), COLUMNS,
                Map.of("run_id", new SqlParameterValue(Types.BIGINT, 42L)));

        assertThat(parameters.getValue("text")).isEqualTo("x\uFFFDy");
        assertThat(parameters.getValue("verdict")).isEqualTo("x402_confused");
        assertThat(parameters.getValue("count")).isNull();
        assertThat(parameters.getValue("total")).isEqualTo(7L);
        assertThat(parameters.getValue("flag")).isEqualTo(true);
        assertThat(parameters.getValue("at")).isEqualTo(Timestamp.from(at));
        assertThat(parameters.getValue("tags")).isInstanceOf(SqlArrayValue.class);
        assertThat(parameters.getValue("document")).isEqualTo("{\"nul\":\"a\\ufffdb\"}");
        assertThat(parameters.getValue("run_id")).isEqualTo(42L);
        assertThat(List.of("text", "verdict", "count", "total", "flag", "at", "tags", "document", "run_id").stream()
                .map(parameters::getSqlType).toList())
                .containsExactly(Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.BIGINT, Types.BOOLEAN, Types.TIMESTAMP,
                        Types.ARRAY, Types.OTHER, Types.BIGINT);
    }

    @Test
    void aValueAskedForAgainIsTheSameAfterOthersWereAsked() {
        ColumnParameters parameters = new ColumnParameters(new Row("first", null, 1, 0, null, null, List.of(), null),
                COLUMNS);

        assertThat(parameters.getValue("text")).isEqualTo("first");
        assertThat(parameters.getValue("text")).isEqualTo("first");
        assertThat(parameters.getValue("count")).isEqualTo(1);
        assertThat(parameters.getValue("text")).isEqualTo("first");
        assertThat(parameters.getValue("document")).isNull();
    }

    @Test
    void aNameNoColumnHasIsRefusedByName() {
        ColumnParameters parameters = new ColumnParameters(new Row(null, null, null, 0, null, null, List.of(), null),
                COLUMNS);

        assertThat(parameters.hasValue("site_host")).isFalse();
        assertThat(parameters.getSqlType("site_host")).isEqualTo(ColumnParameters.TYPE_UNKNOWN);
        assertThatThrownBy(() -> parameters.getValue("site_host")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":site_host").hasMessageContaining("Row");
    }

    private static Map<String, ResultColumn> byName(List<ResultColumn> columns) {
        Map<String, ResultColumn> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.put(column.name(), column));
        return byName;
    }
}
