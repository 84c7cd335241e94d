package dev.mppcensus.census;

import dev.mppcensus.census.remote.PartitionManager;
import dev.mppcensus.domainlist.DomainListFile;
import dev.mppcensus.domainlist.ListLine;
import dev.mppcensus.domainlist.ListLineParser;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.domainlist.RejectedLine;
import dev.mppcensus.store.BatchMetadata;
import dev.mppcensus.store.ConnectionPool;
import dev.mppcensus.store.DomainQueue;
import dev.mppcensus.store.StagingStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
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
 * The census job, beans in execution order: {@code stageDomainsStep} copies the list into
 * {@code run_domain} and {@code rejected_line}; {@code scanDomainsStep} cuts the staged domains that
 * have no result yet into line-range partitions and scans each with a chunk step whose processor runs
 * the detection and whose writer stores the chunk's results ({@link ScanSteps}). A second job,
 * {@code rescanJob}, scans a completed run's transient failures again with the same kind of chunk step.
 */
@Configuration(proxyBeanMethods = false)
class CensusJobConfiguration {

    static final String JOB_NAME = "censusJob";
    static final String STAGE_STEP = "stageDomainsStep";
    static final String SCAN_STEP = "scanDomainsStep";
    static final String RESCAN_JOB_NAME = "rescanJob";
    static final String RESCAN_STEP = "rescanDomainsStep";
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
     * Cuts the run's unscanned domains into line ranges ({@link LineRangePartitioner}) and has each
     * scanned by {@link ScanSteps#partitionStep}: in this process, up to {@code --parallel-partitions}
     * at once on virtual threads, or, for a run with remote workers, by worker processes that take the
     * partitions from RabbitMQ ({@link PartitionManager}). On restart, Spring Batch runs again only the
     * partitions that did not complete, each resuming with the domains of its range still without a result.
     */
    @Bean
    @JobScope
    Step scanDomainsStep(JobRepository jobRepository, DomainQueue queue, ScanSteps scanSteps, ScanMetrics metrics,
            BatchMetadata batch, ConnectionPool pool, @Value("#{jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{jobExecution.id}") long jobExecutionId,
            @Value("#{jobExecution.jobParameters}") JobParameters parameters,
            ObjectProvider<PartitionManager> remote) {
        ScanRequest request = ScanRequest.fromJobParameters(parameters);
        PartitionHandler handler;
        ScanStepProgress progress;
        if (request.settings().distribution().remote()) {
            PartitionManager manager = remote.getIfAvailable();
            if (manager == null) {
                throw new IllegalStateException("run " + runId + " has remote workers, but this process was started "
                        + "without the broker (Spring profile '" + PartitionManager.PROFILE + "')");
            }
            handler = manager.partitionHandler(runId, request);
            progress = new ScanStepProgress(queue, runId,
                    () -> batch.runningPartitions(jobExecutionId, ScanSteps.PARTITION_STEP), "partitions running");
        } else {
            pool.serve(request.settings().distribution().parallelPartitions());
            TaskExecutorPartitionHandler local = new TaskExecutorPartitionHandler();
            local.setStep(scanSteps.partitionStep(UnaryOperator.identity()));
            SimpleAsyncTaskExecutor partitionThreads = new SimpleAsyncTaskExecutor(ScanSteps.PARTITION_STEP + "-");
            partitionThreads.setVirtualThreads(true);
            partitionThreads.setConcurrencyLimit(request.settings().distribution().parallelPartitions());
            local.setTaskExecutor(partitionThreads);
            handler = local;
            progress = new ScanStepProgress(queue, runId, metrics::inFlight, "in flight");
        }
        return new StepBuilder(SCAN_STEP, jobRepository)
                .partitioner(ScanSteps.PARTITION_STEP,
                        new LineRangePartitioner(queue, batch, runId, request.settings().distribution().partitions()))
                .partitionHandler(handler)
                .listener(progress)
                .build();
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

    /** Scans again the run's transient failures that this rescan has not attempted yet (see {@link ScanSteps}). */
    @Bean
    Step rescanDomainsStep(ScanSteps scanSteps) {
        return scanSteps.rescanStep(RESCAN_STEP);
    }
}
