package dev.mppcensus.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameter;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * A statement with named parameters ({@code :site_host}) run as one JDBC batch, one row per parameter
 * source: Spring's {@link NamedParameterUtils} turns each name into a placeholder, and each placeholder
 * is bound from the source's value of its name, with the source's SQL type
 * ({@link StatementCreatorUtils#setParameterValue}). {@code NamedParameterJdbcTemplate.batchUpdate} does
 * the same but asks every source for each value twice and wraps each in a new object; on the census
 * writer's rows that cost about a tenth of the rows per second the database took while it shared the
 * writer's cores (the writer benchmark of docs/benchmarks.md).
 */
final class NamedBatch {

    private final ParsedSql parsed;
    private final String jdbcSql;

    NamedBatch(String namedSql) {
        this.parsed = NamedParameterUtils.parseSqlStatement(namedSql);
        this.jdbcSql = NamedParameterUtils.parseSqlStatementIntoString(namedSql);
    }

    /** Runs the statement once per source, as one batch on {@code jdbc}'s connection (the current transaction's). */
    void run(JdbcTemplate jdbc, List<? extends SqlParameterSource> sources) {
        if (sources.isEmpty()) {
            return;
        }
        List<SqlParameter> placeholders = NamedParameterUtils.buildSqlParameterList(parsed, sources.getFirst());
        jdbc.batchUpdate(jdbcSql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int row) throws SQLException {
                SqlParameterSource source = sources.get(row);
                for (int i = 0; i < placeholders.size(); i++) {
                    SqlParameter placeholder = placeholders.get(i);
                    StatementCreatorUtils.setParameterValue(statement, i + 1, placeholder,
                            source.getValue(placeholder.getName()));
                }
            }

            @Override
            public int getBatchSize() {
                return sources.size();
            }
        });
    }

    @Override
    public String toString() {
        return parsed.toString();
    }
}
