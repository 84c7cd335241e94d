package dev.mppcensus.census;

import dev.mppcensus.census.remote.PartitionManager;
import dev.mppcensus.domainlist.DomainListFile;
import dev.mppcensus.domainlist.ListLine;
import dev.mppcensus.domainlist.ListLineParser;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.domainlist.RejectedLine;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.BatchMetadata;
import dev.mppcensus.store.DomainQueue;
import dev.mppcensus.store.DomainQueue.LineRange;
import dev.mppcensus.store.ScanResultStore;
import dev.mppcensus.store.StagingStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The census job and the rescan job, beans in execution order.
 * <ul>
 *   <li>{@code censusJob}: {@code stageDomainsStep} copies the list into {@code run_domain} and
 *       {@code rejected_line}; {@code scanDomainsStep} cuts the staged domains that have no result yet
 *       into line-range partitions ({@link LineRangePartitioner}) and has each scanned by
 *       {@code scanPartitionStep}, in this process ({@link TaskExecutorPartitionHandler}) or by remote
 *       workers ({@link PartitionManager}), which run the same step bean.
 *   <li>{@code scanPartitionStep}: a chunk step whose step-scoped reader ({@code unscannedDomainReader})
 *       reads its partition's domains still without a result, whose processor
 *       ({@code domainScanProcessor}) runs the detection of each concurrently, on one virtual thread per
 *       item, and whose writer ({@code scanResultWriter}) stores the chunk's results in the chunk's
 *       transaction. It is job-scoped because its chunk size is the run's ({@code --chunk-size}).
 *   <li>{@code rescanJob}: {@code rescanDomainsStep}, the same chunk step over a completed run's
 *       transient failures ({@code failedDomainReader}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class CensusJobConfiguration {

    static final String JOB_NAME = "censusJob";
    static final String STAGE_STEP = "stageDomainsStep";
    static final String SCAN_STEP = "scanDomainsStep";
    /** The partitions' step; partition executions are named {@code scanPartition:partition00001}. */
    static final String PARTITION_STEP = "scanPartition";
    static final String RESCAN_JOB_NAME = "rescanJob";
    static final String RESCAN_STEP = "rescanDomainsStep";
    private static final int STAGE_CHUNK_SIZE = 2_000;

    @Bean
    Job censusJob(JobRepository jobRepository, CensusRunListener censusRunListener,
            UnsavedEndListener unsavedEndListener, Step stageDomainsStep, Step scanDomainsStep) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(censusRunListener)
                .listener(unsavedEndListener)
                .start(stageDomainsStep)
                .next(scanDomainsStep)
                .build();
    }

    @Bean
    @JobScope
    Step stageDomainsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FlatFileItemReader<ListLine> domainListReader, StagingStore stagingStore, HeldRunLocks locks,
            UnsavedEndListener unsavedEndListener, @Value("#{jobExecution.jobInstance.instanceId}") long runId,
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
                .listener(unsavedEndListener)
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
     * Has the run's partitions scanned by {@code scanPartitionStep}: in this process, up to
     * {@code --parallel-partitions} at once on virtual threads, or, for a run with remote workers, by
     * worker processes that take the partitions from RabbitMQ ({@link PartitionManager}). On restart,
     * Spring Batch runs again only the partitions that did not complete, each resuming with the domains
     * of its range still without a result.
     */
    @Bean
    @JobScope
    Step scanDomainsStep(JobRepository jobRepository, Partitioner lineRangePartitioner,
            Step scanPartitionStep, DomainQueue queue, ScanMetrics metrics, BatchMetadata batch,
            UnsavedEndListener unsavedEndListener, ObjectProvider<PartitionManager> remote,
            @Value("#{jobExecution}") JobExecution run) {
        ScanRequest request = ScanRequest.fromJobParameters(run.getJobParameters());
        long runId = run.getJobInstance().getInstanceId();
        var manager = new StepBuilder(SCAN_STEP, jobRepository)
                .partitioner(PARTITION_STEP, lineRangePartitioner)
                .listener(unsavedEndListener);
        if (!request.settings().distribution().remote()) {
            return manager.step(scanPartitionStep)
                    .taskExecutor(partitionThreads(run, request.settings().distribution().parallelPartitions()))
                    .listener(new ScanStepProgress(queue, runId, scan -> metrics.inFlight(), "in flight"))
                    .build();
        }
        PartitionManager partitionManager = remote.getIfAvailable();
        if (partitionManager == null) {
            throw new IllegalStateException("run " + runId + " has remote workers, but this process was started "
                    + "without the broker (Spring profile '" + PartitionManager.PROFILE + "')");
        }
        return manager.partitionHandler(partitionManager.partitionHandler(runId, request, PARTITION_STEP))
                .listener(new ScanStepProgress(queue, runId,
                        scan -> batch.runningStepExecutionsBesides(scan.getJobExecutionId(), scan.getId()),
                        "partitions running"))
                .build();
    }

    /** The run's staged domains without a result, cut into line ranges (its earlier cut when it is restarted). */
    @Bean
    @JobScope
    Partitioner lineRangePartitioner(DomainQueue queue, JobRepository jobRepository,
            @Value("#{jobExecution}") JobExecution run) {
        return new LineRangePartitioner(queue, jobRepository, run.getJobInstance(),
                ScanRequest.fromJobParameters(run.getJobParameters()).settings().distribution().partitions());
    }

    /**
     * The step of every partition of a run, locally as on remote workers: scans the partition's domains
     * that have no result yet, {@code --chunk-size} per transaction ({@link PartitionAttempts} counts a
     * partition's starts). Job-scoped for its chunk size; the threads that run partitions join the run's
     * job scope ({@link JobScopeThreads}).
     */
    @Bean
    @JobScope
    Step scanPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RunSettings runSettings, JdbcPagingItemReader<ListedDomain> unscannedDomainReader,
            DomainScanProcessor domainScanProcessor, ScanResultWriter scanResultWriter,
            UnsavedEndListener unsavedEndListener, @Value("#{jobExecution.jobParameters}") JobParameters parameters) {
        return new StepBuilder(PARTITION_STEP, jobRepository)
                .<ListedDomain, DomainScan>chunk(runSettings.of(parameters).settings().chunkSize())
                .transactionManager(transactionManager)
                .reader(unscannedDomainReader)
                .processor(domainScanProcessor)
                .writer(scanResultWriter)
                .listener(new PartitionAttempts(jobRepository))
                .listener(unsavedEndListener)
                .taskExecutor(scanThreads(PARTITION_STEP))
                .build();
    }

    /** A partition's domains that have no result yet, in list order; the range is the partition's, the page a chunk. */
    @Bean
    @StepScope
    JdbcPagingItemReader<ListedDomain> unscannedDomainReader(DomainQueue queue, RunSettings runSettings,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{stepExecutionContext['" + LineRangePartitioner.FROM_LINE + "']}") long fromLine,
            @Value("#{stepExecutionContext['" + LineRangePartitioner.TO_LINE + "']}") long toLine,
            @Value("#{stepExecution.jobExecution.jobParameters}") JobParameters parameters) {
        return queue.unscannedReader(runId, new LineRange(fromLine, toLine),
                runSettings.of(parameters).settings().chunkSize());
    }

    /** The detection of one domain, through the run's shared {@link RunScanner} (see {@link DomainScanProcessor}). */
    @Bean
    @StepScope
    DomainScanProcessor domainScanProcessor(RunScanners scanners, RunSettings runSettings,
            @Value("#{stepExecution.jobExecution}") JobExecution run) {
        return new DomainScanProcessor(scanners, ScanTarget.of(run).runId(), runSettings.of(run.getJobParameters()));
    }

    /** Stores a chunk's results in the chunk's transaction (see {@link ScanResultWriter}). */
    @Bean
    @StepScope
    ScanResultWriter scanResultWriter(ScanResultStore store, HeldRunLocks locks,
            @Value("#{stepExecution}") StepExecution execution) {
        JobExecution run = execution.getJobExecution();
        return new ScanResultWriter(store, locks, ScanTarget.of(run), ScanRequest.fromJobParameters(run.getJobParameters()),
                execution);
    }

    /**
     * A rescan of a completed run: its own job instance per (run, round), so a rescan killed half-way
     * is resumed like a run. It scans again the run's domains whose result is a transient failure and
     * that this rescan has not attempted yet, with the run's own settings.
     */
    @Bean
    Job rescanJob(JobRepository jobRepository, RescanListener rescanListener,
            UnsavedEndListener unsavedEndListener, Step rescanDomainsStep) {
        return new JobBuilder(RESCAN_JOB_NAME, jobRepository)
                .listener(rescanListener)
                .listener(unsavedEndListener)
                .start(rescanDomainsStep)
                .build();
    }

    /** The scan chunk step over the run's transient failures that this rescan has not attempted yet. */
    @Bean
    @JobScope
    Step rescanDomainsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RunSettings runSettings, JdbcPagingItemReader<ListedDomain> failedDomainReader,
            DomainScanProcessor domainScanProcessor, ScanResultWriter scanResultWriter,
            UnsavedEndListener unsavedEndListener, @Value("#{jobExecution.jobParameters}") JobParameters parameters) {
        return new StepBuilder(RESCAN_STEP, jobRepository)
                .<ListedDomain, DomainScan>chunk(runSettings.of(parameters).settings().chunkSize())
                .transactionManager(transactionManager)
                .reader(failedDomainReader)
                .processor(domainScanProcessor)
                .writer(scanResultWriter)
                .listener(unsavedEndListener)
                .taskExecutor(scanThreads(RESCAN_STEP))
                .build();
    }

    /** The run's domains whose result is a transient failure that this rescan has not attempted yet, in list order. */
    @Bean
    @StepScope
    JdbcPagingItemReader<ListedDomain> failedDomainReader(DomainQueue queue, RunSettings runSettings,
            @Value("#{stepExecution.jobExecution}") JobExecution rescan) {
        ScanTarget target = ScanTarget.of(rescan);
        return queue.failedReader(target.runId(), target.rescanId(),
                runSettings.of(rescan.getJobParameters()).settings().chunkSize());
    }

    /**
     * The threads that run a run's local partitions: up to {@code parallelPartitions} at once, virtual,
     * each in the run's job scope.
     */
    private static SimpleAsyncTaskExecutor partitionThreads(JobExecution run, int parallelPartitions) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(PARTITION_STEP + "-");
        threads.setVirtualThreads(true);
        threads.setConcurrencyLimit(parallelPartitions);
        threads.setTaskDecorator(JobScopeThreads.decorator(run));
        return threads;
    }

    /** One virtual thread per item being processed (the run's {@link RunScanner} bounds how many scan at once). */
    private static SimpleAsyncTaskExecutor scanThreads(String stepName) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(stepName + "-");
        executor.setVirtualThreads(true);
        return executor;
    }
}
