package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.store.DomainQueue;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Partitions of a run's unscanned domains by list lines, and of a restarted run, on PostgreSQL. */
class LineRangePartitionerTest {

    /** Negative ids: this JVM's other tests ask for the latest run (the highest id) of the same database. */
    private static final long RUN = -9101;
    private static final int DOMAINS = 1_000;
    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static DomainQueue queue;
    private static JobRepository jobRepository;

    @BeforeAll
    static void stageARunWithGapsAndSomeResults() throws Exception {
        jdbc = TestDatabase.migrated();
        dataSource = jdbc.getDataSource();
        queue = new DomainQueue(dataSource, jdbc);
        JdbcJobRepositoryFactoryBean repository = new JdbcJobRepositoryFactoryBean();
        repository.setDataSource(dataSource);
        repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        repository.afterPropertiesSet();
        jobRepository = repository.getObject();
        TestRun.of(RUN, "partition-test").insertInto(jdbc);
        // lines 3, 6, 9, ... (rejected lines between them), the first 100 domains already scanned
        jdbc.update("INSERT INTO run_domain (run_id, domain, line_no, rank) "
                + "SELECT ?, 'd' || i || '.test', 3 * i, i FROM generate_series(1, ?) i", RUN, DOMAINS);
        jdbc.update("INSERT INTO scan_result (run_id, domain, scanned_at, reachable, duration_ms) "
                + "SELECT ?, 'd' || i || '.test', now(), true, 1 FROM generate_series(1, 100) i", RUN);
    }

    @Test
    void rangesAreDisjointAndHoldEveryUnscannedDomainOnceInAboutEqualShares() {
        Map<String, ExecutionContext> partitions = partitioner(RUN, 7).partition(1);

        assertThat(partitions).hasSize(7);
        List<long[]> ranges = new ArrayList<>();
        long total = 0;
        for (ExecutionContext context : partitions.values()) {
            long from = context.getLong(LineRangePartitioner.FROM_LINE);
            long to = context.getLong(LineRangePartitioner.TO_LINE);
            long unscanned = unscannedBetween(from, to);
            assertThat(context.getLong(LineRangePartitioner.DOMAINS)).isEqualTo(unscanned).isBetween(128L, 129L);
            ranges.add(new long[] {from, to});
            total += unscanned;
        }
        assertThat(total).isEqualTo(DOMAINS - 100);
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).isGreaterThan(ranges.get(i - 1)[1]);
        }
        assertThat(ranges.getFirst()[0]).isEqualTo(3 * 101);
        assertThat(partitions.keySet()).first().isEqualTo("partition00001");
    }

    @Test
    void theDefaultIsOnePartitionPer10000DomainsAndAtLeast8() {
        assertThat(LineRangePartitioner.partitionCount(0, 0)).isZero();
        assertThat(LineRangePartitioner.partitionCount(3, 0)).isEqualTo(3);
        assertThat(LineRangePartitioner.partitionCount(900, 0)).isEqualTo(8);
        assertThat(LineRangePartitioner.partitionCount(1_000_000, 0)).isEqualTo(100);
        assertThat(LineRangePartitioner.partitionCount(1_000_001, 0)).isEqualTo(101);
        assertThat(LineRangePartitioner.partitionCount(900, 20)).isEqualTo(20);
        assertThat(LineRangePartitioner.partitionCount(5, 20)).isEqualTo(5);
    }

    @Test
    void aRunWithNothingLeftToScanHasNoPartitions() {
        TestRun.of(-9102, "partition-done").insertInto(jdbc);
        assertThat(partitioner(-9102, 0).partition(1)).isEmpty();
    }

    @Test
    void aRestartedRunGetsTheRangesItsEarlierPartitionsRecordedNamedInLineOrder() throws Exception {
        // given a run whose first execution had three partitions (saved out of line order), one of which
        // failed and ran again in a second execution, and whose domains are all scanned by now
        JobInstance run = jobRepository.createJobInstance("censusJob",
                new JobParametersBuilder().addString("list", "restarted-cut").toJobParameters());
        JobExecution first = jobRepository.createJobExecution(run, new JobParametersBuilder()
                .addString("list", "restarted-cut").toJobParameters(), new ExecutionContext());
        partition(first, "partition00003", 201, 300);
        partition(first, "partition00001", 1, 120);
        partition(first, "partition00002", 121, 200);
        JobExecution second = jobRepository.createJobExecution(run, new JobParametersBuilder()
                .addString("list", "restarted-cut").toJobParameters(), new ExecutionContext());
        partition(second, "partition00002", 121, 200);

        // when it is partitioned again, asking for another number of partitions
        Map<String, ExecutionContext> partitions =
                new LineRangePartitioner(queue, jobRepository, run, 5).partition(1);

        // then it gets the same three, named as they were
        assertThat(partitions).containsOnlyKeys("partition00001", "partition00002", "partition00003");
        assertThat(LineRangePartitioner.lines(partitions.get("partition00001"))).isEqualTo(new DomainQueue.LineRange(1, 120));
        assertThat(LineRangePartitioner.lines(partitions.get("partition00002"))).isEqualTo(new DomainQueue.LineRange(121, 200));
        assertThat(LineRangePartitioner.lines(partitions.get("partition00003"))).isEqualTo(new DomainQueue.LineRange(201, 300));
    }

    private static LineRangePartitioner partitioner(long runId, int requestedPartitions) {
        return new LineRangePartitioner(queue, jobRepository, new JobInstance(runId, "censusJob"), requestedPartitions);
    }

    private static void partition(JobExecution execution, String name, long fromLine, long toLine) {
        StepExecution partition = jobRepository.createStepExecution("scanPartition:" + name, execution);
        partition.getExecutionContext().putLong(LineRangePartitioner.FROM_LINE, fromLine);
        partition.getExecutionContext().putLong(LineRangePartitioner.TO_LINE, toLine);
        jobRepository.updateExecutionContext(partition);
    }

    private static long unscannedBetween(long from, long to) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM run_domain rd WHERE rd.run_id = ? AND rd.line_no "
                + "BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id "
                + "AND r.domain = rd.domain)", Long.class, RUN, from, to);
        return count == null ? 0 : count;
    }
}
