package dev.mppcensus.census;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cuts a run's staged domains that have no result yet into partitions of consecutive list lines
 * ({@code run_domain.line_no} from {@link #FROM_LINE} to {@link #TO_LINE}, inclusive) holding about
 * the same number of domains, so that a worker needs only the run id and a line range, never the list
 * file. The ranges are kept in each partition's execution context, so a restarted run reuses them.
 */
final class LineRangePartitioner implements Partitioner {

    static final String FROM_LINE = "partition.fromLine";
    static final String TO_LINE = "partition.toLine";
    static final String DOMAINS = "partition.domains";
    /** Domains per partition when the run does not say how many partitions it wants. */
    static final int DEFAULT_PARTITION_SIZE = 10_000;
    /** Small runs still get this many partitions (or one per domain), so that every worker takes some. */
    static final int MIN_DEFAULT_PARTITIONS = 8;

    private final JdbcTemplate jdbc;
    private final long runId;
    private final int requestedPartitions;

    /** {@code requestedPartitions} 0 means the default: see {@link #partitionCount}. */
    LineRangePartitioner(DataSource dataSource, long runId, int requestedPartitions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.runId = runId;
        this.requestedPartitions = requestedPartitions;
    }

    /** One partition per {@value #DEFAULT_PARTITION_SIZE} domains, at least {@value #MIN_DEFAULT_PARTITIONS}. */
    static int partitionCount(long unscanned, int requested) {
        if (unscanned == 0) {
            return 0;
        }
        long wanted = requested > 0 ? requested
                : Math.max(MIN_DEFAULT_PARTITIONS, (unscanned + DEFAULT_PARTITION_SIZE - 1) / DEFAULT_PARTITION_SIZE);
        return (int) Math.min(wanted, unscanned);
    }

    /** {@code gridSize} is ignored: the number of partitions follows from the run's domains. */
    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Long unscanned = jdbc.queryForObject("""
                SELECT count(*) FROM run_domain rd WHERE rd.run_id = ? AND NOT EXISTS
                  (SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id AND r.domain = rd.domain)""",
                Long.class, runId);
        int count = partitionCount(unscanned == null ? 0 : unscanned, requestedPartitions);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (count == 0) {
            return partitions;
        }
        jdbc.query("""
                SELECT bucket, min(line_no) AS from_line, max(line_no) AS to_line, count(*) AS domains
                FROM (SELECT rd.line_no, ntile(?) OVER (ORDER BY rd.line_no) AS bucket
                      FROM run_domain rd WHERE rd.run_id = ? AND NOT EXISTS
                        (SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id AND r.domain = rd.domain)) numbered
                GROUP BY bucket ORDER BY bucket""", rs -> {
            ExecutionContext context = new ExecutionContext();
            context.putLong(FROM_LINE, rs.getLong("from_line"));
            context.putLong(TO_LINE, rs.getLong("to_line"));
            context.putLong(DOMAINS, rs.getLong("domains"));
            partitions.put("partition%05d".formatted(rs.getInt("bucket")), context);
        }, count, runId);
        return partitions;
    }
}
