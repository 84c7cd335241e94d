package dev.mppcensus.census;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.store.DomainQueue;
import dev.mppcensus.store.ScanResultStore;
import java.util.function.UnaryOperator;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The chunk steps that scan domains. Each reads domains still to scan from the {@link DomainQueue},
 * runs the detection in its processor ({@link DomainScanProcessor}) concurrently on one virtual
 * thread per item of the chunk, and writes the chunk's results in the chunk's transaction
 * ({@link ScanResultWriter}). {@code --chunk-size} is thus the number of results per transaction,
 * and a chunk is written once its slowest domain has finished; running several partitions at once
 * keeps the run's {@code --concurrency} slots busy while some chunks wait for their last domain.
 */
@Component
public class ScanSteps {

    /** The partitions' step; partition executions are named {@code scanPartition:partition00001}. */
    public static final String PARTITION_STEP = "scanPartition";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final DomainQueue queue;
    private final ScanResultStore store;
    private final RunScanners scanners;
    private final RunFence fence;

    ScanSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, DomainQueue queue,
            ScanResultStore store, RunScanners scanners, RunFence fence) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.queue = queue;
        this.store = store;
        this.scanners = scanners;
        this.fence = fence;
    }

    /**
     * The step that scans one partition of a census run: the domains of its line range that have no
     * result yet. Local runs and remote workers run this same step; {@code localSettings} adapts the
     * run's settings to the process running the partition (a worker's own options; identity locally).
     */
    public Step partitionStep(UnaryOperator<ScanRequest> localSettings) {
        return new DelegatingStep(PARTITION_STEP, partition -> {
            ScanRequest request = localSettings.apply(ScanRequest.fromJobParameters(partition.getJobParameters()));
            long runId = partition.getJobExecution().getJobInstance().getInstanceId();
            var lines = LineRangePartitioner.lines(partition.getExecutionContext());
            scan(partition, request, runId, null, queue.unscannedReader(runId, lines, request.settings().chunkSize()));
        });
    }

    /** The step of a rescan: the run's transient failures that this rescan has not attempted yet. */
    Step rescanStep(String name) {
        return new DelegatingStep(name, execution -> {
            JobParameters parameters = execution.getJobParameters();
            ScanRequest request = ScanRequest.fromJobParameters(parameters);
            long runId = parameters.getLong(ScanRequest.RUN_ID);
            long rescanId = execution.getJobExecution().getJobInstance().getInstanceId();
            scan(execution, request, runId, rescanId, queue.failedReader(runId, rescanId, request.settings().chunkSize()));
        });
    }

    private void scan(StepExecution execution, ScanRequest request, long runId, Long rescanId,
            JdbcPagingItemReader<ListedDomain> domains) throws JobInterruptedException {
        long jobExecutionId = execution.getJobExecutionId();
        try (RunScanners.Lease scanner = scanners.lease(runId, request)) {
            var writer = new ScanResultWriter(
                    () -> fence.check(runId, request.listName(), request.runDate(), jobExecutionId), store, runId,
                    rescanId, execution);
            new StepBuilder(execution.getStepName(), jobRepository)
                    .<ListedDomain, DomainScan>chunk(request.settings().chunkSize())
                    .transactionManager(transactionManager)
                    .reader(domains)
                    .processor(scanner.processor())
                    .writer(writer)
                    .taskExecutor(scanThreads(execution.getStepName()))
                    .build()
                    .execute(execution);
        }
    }

    /** One virtual thread per item being processed (the processor bounds how many scan at once). */
    private static SimpleAsyncTaskExecutor scanThreads(String stepName) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(stepName + "-");
        executor.setVirtualThreads(true);
        return executor;
    }

    /** The body of a step run on a given step execution. */
    @FunctionalInterface
    private interface StepBody {
        void execute(StepExecution execution) throws JobInterruptedException;
    }

    /**
     * A step whose executions each get a chunk step of their own, built for that execution's run,
     * settings and domains (so that one step serves every partition and every run).
     */
    private record DelegatingStep(String name, StepBody body) implements Step {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public void execute(StepExecution execution) throws JobInterruptedException {
            body.execute(execution);
        }
    }
}
