package dev.mppcensus.census;

import dev.mppcensus.domainlist.DomainListFile;
import dev.mppcensus.domainlist.ListLine;
import dev.mppcensus.domainlist.ListLineParser;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.domainlist.RejectedLine;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.store.ScanResultStore;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.StagingStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The census job, beans in execution order: {@code stageDomainsStep} copies the list into
 * {@code run_domain} and {@code rejected_line}; {@code scanDomainsStep} reads the staged domains that
 * have no result yet, scans them through a {@link ScanPipeline} and upserts the results. A second job,
 * {@code rescanJob}, scans a completed run's transient failures again through the same kind of step.
 */
@Configuration(proxyBeanMethods = false)
class CensusJobConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CensusJobConfiguration.class);

    static final String JOB_NAME = "censusJob";
    static final String STAGE_STEP = "stageDomainsStep";
    static final String SCAN_STEP = "scanDomainsStep";
    static final String RESCAN_JOB_NAME = "rescanJob";
    static final String RESCAN_STEP = "rescanDomainsStep";
    /** Milliseconds the scan step's writer spent in the database, kept in its execution context. */
    static final String WRITE_MILLIS_KEY = "scan.writeMillis";
    private static final int STAGE_CHUNK_SIZE = 2_000;

    @Bean
    Job censusJob(JobRepository jobRepository, CensusRunListener censusRunListener, Step stageDomainsStep,
            Step scanDomainsStep) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(censusRunListener)
                .start(stageDomainsStep)
                .next(scanDomainsStep)
                .build();
    }

    @Bean
    @JobScope
    Step stageDomainsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FlatFileItemReader<ListLine> domainListReader, StagingStore stagingStore, HeldRunLocks locks,
            @Value("#{jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{jobExecution.jobParameters}") JobParameters parameters) {
        ScanRequest request = ScanRequest.fromJobParameters(parameters);
        ItemProcessor<ListLine, ListLine> dropIgnored = line -> line instanceof ListLine.Ignored ? null : line;
        return new StepBuilder(STAGE_STEP, jobRepository)
                .<ListLine, ListLine>chunk(STAGE_CHUNK_SIZE)
                .transactionManager(transactionManager)
                .reader(domainListReader)
                .processor(dropIgnored)
                .writer(chunk -> {
                    locks.verifyHeld(runId, request.listName(), request.runDate());
                    stagingStore.stage(runId,
                            chunk.getItems().stream().filter(ListedDomain.class::isInstance).map(ListedDomain.class::cast).toList(),
                            chunk.getItems().stream().filter(RejectedLine.class::isInstance).map(RejectedLine.class::cast).toList());
                })
                .build();
    }

    /** Restartable: it saves the line count, so a restart resumes after the last committed chunk. */
    @Bean
    @StepScope
    FlatFileItemReader<ListLine> domainListReader(@Value("#{jobParameters['listPath']}") String listPath) {
        DomainListFile list = DomainListFile.open(Path.of(listPath));
        return new FlatFileItemReaderBuilder<ListLine>()
                .name("domainListReader")
                .resource(new FileSystemResource(list.path()))
                .bufferedReaderFactory((resource, encoding) -> list.openReader())
                .lineMapper(new ListLineParser())
                .strict(true)
                .build();
    }

    /** The census's meters (see {@link ScanMetrics}), in Boot's registry when there is one. */
    @Bean
    ScanMetrics scanMetrics(ObjectProvider<MeterRegistry> registry) {
        return new ScanMetrics(registry.getIfAvailable());
    }

    /**
     * Scans the staged domains in this process, or, for a run with remote workers, hands line-range
     * partitions to worker processes through RabbitMQ and waits for them (see {@link RemotePartitioning}).
     */
    @Bean
    @JobScope
    Step scanDomainsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            DataSource dataSource, ScanResultStore resultStore, HeldRunLocks locks,
            @Value("#{jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{jobExecution.jobParameters}") JobParameters parameters, ScanMetrics metrics,
            ObjectProvider<RemotePartitioning> remote) throws Exception {
        ScanRequest request = ScanRequest.fromJobParameters(parameters);
        if (request.distribution().remote()) {
            RemotePartitioning partitioning = remote.getIfAvailable();
            if (partitioning == null) {
                throw new IllegalStateException("run " + runId + " has remote workers, but this process was started "
                        + "without the broker (mpp-census.broker=true)");
            }
            return partitioning.managerStep(SCAN_STEP, request, runId);
        }
        return pipelinedScanStep(SCAN_STEP, jobRepository, transactionManager, request,
                () -> locks.verifyHeld(runId, request.listName(), request.runDate()), metrics,
                unscannedDomainReader(dataSource, runId, LineRange.ALL, request.chunkSize()),
                () -> {
                    refreshStatistics(dataSource);
                    return unscannedCount(dataSource, runId, LineRange.ALL);
                }, scans -> {
                    // A commit lost in a PostgreSQL crash costs only a rescan of its domains: the reader
                    // selects staged domains without a result, so they are scanned again on restart.
                    resultStore.commitWithoutWaitingForDisk();
                    resultStore.save(runId, scans);
                });
    }

    /**
     * A rescan of a completed run: its own job instance per (run, round), so a rescan killed half-way
     * is resumed like a run. It scans again the run's domains whose result is a transient failure and
     * that this rescan has not attempted yet, with the run's own settings.
     */
    @Bean
    Job rescanJob(JobRepository jobRepository, RescanListener rescanListener, Step rescanDomainsStep) {
        return new JobBuilder(RESCAN_JOB_NAME, jobRepository)
                .listener(rescanListener)
                .start(rescanDomainsStep)
                .build();
    }

    @Bean
    @JobScope
    Step rescanDomainsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            DataSource dataSource, ScanResultStore resultStore, HeldRunLocks locks,
            @Value("#{jobExecution.jobInstance.instanceId}") long rescanId,
            @Value("#{jobExecution.jobParameters}") JobParameters parameters, ScanMetrics metrics) throws Exception {
        ScanRequest request = ScanRequest.fromJobParameters(parameters);
        long runId = parameters.getLong(ScanRequest.RUN_ID);
        return pipelinedScanStep(RESCAN_STEP, jobRepository, transactionManager, request,
                () -> locks.verifyHeld(runId, request.listName(), request.runDate()), metrics,
                failedDomainReader(dataSource, runId, rescanId, request.chunkSize()),
                () -> failedCount(dataSource, runId, rescanId), scans -> {
                    // As in scanDomainsStep: a lost commit leaves its domains to be rescanned (the reader
                    // selects failures this rescan has not attempted), so it need not wait for the disk.
                    resultStore.commitWithoutWaitingForDisk();
                    resultStore.save(runId, scans, rescanId);
                });
    }

    /**
     * A chunk step that submits each domain read to a {@link ScanPipeline} and hands, with each chunk,
     * every scan finished so far to a {@link ResultWriterThread}, which upserts them in a transaction
     * of its own while the step reads on (the chunk holding the last domain waits for all in flight and
     * for their write). Each write first runs {@code fence}, which throws if this process may no longer
     * write the run's results (it lost the run's lock, or the run's execution was ended by a restart
     * elsewhere). {@code remaining} counts the domains the step will read, for the progress display.
     * The {@link #WRITE_MILLIS_KEY} time is how long the step thread waited for writes.
     */
    static Step pipelinedScanStep(String stepName, JobRepository jobRepository,
            PlatformTransactionManager transactionManager, ScanRequest request, Runnable fence,
            ScanMetrics metrics, JdbcPagingItemReader<ListedDomain> domains, LongSupplier remaining, ScanWriter store) {
        return pipelinedScanStep(stepName, jobRepository, transactionManager, request, fence, metrics, domains,
                remaining, store, null, () -> { });
    }

    /**
     * As the step above, for one of several partitions a worker runs at once: each scan also holds one
     * of {@code sharedSlots}, and {@code inputExhausted} runs when the step has handed out its last
     * domain (it then only waits for the scans still in flight).
     */
    static Step pipelinedScanStep(String stepName, JobRepository jobRepository,
            PlatformTransactionManager transactionManager, ScanRequest request, Runnable fence,
            ScanMetrics metrics, JdbcPagingItemReader<ListedDomain> domains, LongSupplier remaining, ScanWriter store,
            Semaphore sharedSlots, Runnable inputExhausted) {
        HttpFetcher fetcher = new HttpFetcher(request.fetchSettings(), metrics.requestObserver());
        ScanPipeline pipeline = new ScanPipeline(request.newScanner(fetcher), request.concurrency(), metrics,
                request.listName(), sharedSlots);
        var reader = new LookaheadItemReader<>(domains, () -> {
            pipeline.markInputExhausted();
            inputExhausted.run();
        });
        TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
        var results = new ResultWriterThread(scans -> ownTransaction.executeWithoutResult(status -> {
            fence.run();
            store.save(scans);
        }));
        ItemProcessor<ListedDomain, ListedDomain> submitScan = domain -> {
            pipeline.submit(domain);
            return domain;
        };
        return new StepBuilder(stepName, jobRepository)
                .<ListedDomain, ListedDomain>chunk(request.chunkSize())
                .transactionManager(transactionManager)
                .reader(reader)
                .stream(reader)
                .processor(submitScan)
                .writer(chunk -> {
                    fence.run();
                    if (pipeline.inputExhausted()) {
                        results.write(pipeline.awaitAllAndDrain());
                        results.flush();
                    } else {
                        results.write(pipeline.drainCompleted());
                    }
                })
                .listener(new StepExecutionListener() {
                    private ScanProgress progress;

                    @Override
                    public void beforeStep(StepExecution stepExecution) {
                        progress = new ScanProgress(remaining.getAsLong(), pipeline::finished, pipeline::declaring, pipeline::inFlight);
                    }

                    @Override
                    public org.springframework.batch.core.ExitStatus afterStep(StepExecution stepExecution) {
                        if (progress != null) {
                            progress.close();
                        }
                        pipeline.close();
                        fetcher.close();
                        results.close();
                        stepExecution.getExecutionContext().putLong(WRITE_MILLIS_KEY, results.waitingNanos() / 1_000_000);
                        log.debug("{}: the result writer thread wrote for {} ms; the step waited for it {} ms", stepName,
                                results.writingNanos() / 1_000_000, results.waitingNanos() / 1_000_000);
                        return stepExecution.getExitStatus();
                    }
                })
                .build();
    }

    /** Where a scan step puts the finished scans of one chunk. */
    @FunctionalInterface
    interface ScanWriter {
        void save(List<DomainScan> scans);
    }

    /**
     * Domains of the run whose result is a transient failure ({@link TransientFailure#PREDICATE}) not
     * yet attempted by rescan {@code rescanId}, in list order. Saves no position, like the scan's reader.
     */
    private static JdbcPagingItemReader<ListedDomain> failedDomainReader(DataSource dataSource, long runId,
            long rescanId, int pageSize) throws Exception {
        return new JdbcPagingItemReaderBuilder<ListedDomain>()
                .name("failedDomainReader")
                .dataSource(dataSource)
                .selectClause("SELECT rd.domain, rd.rank, rd.line_no")
                .fromClause("FROM run_domain rd")
                .whereClause("WHERE rd.run_id = :runId AND EXISTS (SELECT 1 FROM scan_result r "
                        + "WHERE r.run_id = rd.run_id AND r.domain = rd.domain "
                        + "AND r.rescan_id IS DISTINCT FROM :rescanId AND " + TransientFailure.PREDICATE + ")")
                .sortKeys(Map.of("line_no", org.springframework.batch.infrastructure.item.database.Order.ASCENDING))
                .parameterValues(Map.of("runId", runId, "rescanId", rescanId))
                .pageSize(pageSize)
                .rowMapper((rs, rowNum) -> new ListedDomain(rs.getString("domain"),
                        (Integer) rs.getObject("rank"), rs.getLong("line_no")))
                .saveState(false)
                .build();
    }

    /**
     * Staging can add a million rows; without fresh statistics PostgreSQL plans the reader's anti-join
     * as a hash join over every remaining row (seconds per page, measured on a 1M list) instead of an
     * index walk along {@code (run_id, line_no)} with a primary-key probe (milliseconds).
     */
    static void refreshStatistics(DataSource dataSource) {
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        jdbc.execute("ANALYZE run_domain");
        jdbc.execute("ANALYZE scan_result");
    }

    private static long failedCount(DataSource dataSource, long runId, long rescanId) {
        Long count = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM scan_result r WHERE r.run_id = ? AND r.rescan_id IS DISTINCT FROM ? AND "
                        + TransientFailure.PREDICATE, Long.class, runId, rescanId);
        return count == null ? 0 : count;
    }

    /** Lines {@code from} to {@code to} (inclusive) of a run's list: a partition, or all of it. */
    record LineRange(long from, long to) {
        static final LineRange ALL = new LineRange(0, Long.MAX_VALUE);
    }

    static long unscannedCount(DataSource dataSource, long runId, LineRange lines) {
        Long count = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject("""
                SELECT count(*) FROM run_domain rd WHERE rd.run_id = ? AND rd.line_no BETWEEN ? AND ? AND NOT EXISTS
                  (SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id AND r.domain = rd.domain)""", Long.class,
                runId, lines.from(), lines.to());
        return count == null ? 0 : count;
    }

    /**
     * Staged domains of the run within {@code lines} that have no result yet, in list order. It saves no
     * position: after a crash the same query finds exactly the domains whose results were not committed.
     */
    static JdbcPagingItemReader<ListedDomain> unscannedDomainReader(DataSource dataSource, long runId,
            LineRange lines, int pageSize) throws Exception {
        return new JdbcPagingItemReaderBuilder<ListedDomain>()
                .name("unscannedDomainReader")
                .dataSource(dataSource)
                .selectClause("SELECT rd.domain, rd.rank, rd.line_no")
                .fromClause("FROM run_domain rd")
                .whereClause("WHERE rd.run_id = :runId AND rd.line_no BETWEEN :fromLine AND :toLine AND NOT EXISTS "
                        + "(SELECT 1 FROM scan_result r WHERE r.run_id = rd.run_id AND r.domain = rd.domain)")
                .sortKeys(Map.of("line_no", org.springframework.batch.infrastructure.item.database.Order.ASCENDING))
                .parameterValues(Map.of("runId", runId, "fromLine", lines.from(), "toLine", lines.to()))
                .pageSize(pageSize)
                .rowMapper((rs, rowNum) -> new ListedDomain(rs.getString("domain"),
                        (Integer) rs.getObject("rank"), rs.getLong("line_no")))
                .saveState(false)
                .build();
    }
}
