package dev.mppcensus.census;

import dev.mppcensus.store.DomainQueue;
import dev.mppcensus.store.DomainQueue.LineRange;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Cuts a run's staged domains that have no result yet into partitions of consecutive list lines
 * ({@code run_domain.line_no} from {@link #FROM_LINE} to {@link #TO_LINE}, inclusive) holding about
 * the same number of domains, so that a partition needs only the run id and a line range, never the
 * list file. Partitions are named {@code partition00001}, {@code partition00002}, ... in line order.
 * A restarted run gets the partitions it had: the line ranges its earlier partitions recorded, named
 * in the same order (Spring Batch then reruns those that did not complete, with their saved ranges),
 * never a new cut of what is left, which would leave a failed partition's domains out.
 */
public final class LineRangePartitioner implements Partitioner {

    public static final String FROM_LINE = "partition.fromLine";
    public static final String TO_LINE = "partition.toLine";
    static final String DOMAINS = "partition.domains";
    /** Domains per partition when the run does not say how many partitions it wants. */
    static final int DEFAULT_PARTITION_SIZE = 10_000;
    /** Small runs still get this many partitions (or one per domain), so that several run at once. */
    static final int MIN_DEFAULT_PARTITIONS = 8;

    private final DomainQueue queue;
    private final JobRepository jobRepository;
    private final JobInstance run;
    private final int requestedPartitions;

    /** Partitions of run {@code run}; {@code requestedPartitions} 0 means the default: see {@link #partitionCount}. */
    LineRangePartitioner(DomainQueue queue, JobRepository jobRepository, JobInstance run, int requestedPartitions) {
        this.queue = queue;
        this.jobRepository = jobRepository;
        this.run = run;
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

    /** Whether {@code execution} scans a partition cut by this partitioner (its context holds a line range). */
    public static boolean isPartition(StepExecution execution) {
        return execution.getExecutionContext().containsKey(FROM_LINE);
    }

    /** The line range of a partition, from its execution context. */
    static LineRange lines(ExecutionContext partition) {
        return new LineRange(partition.getLong(FROM_LINE), partition.getLong(TO_LINE));
    }

    /**
     * The run's partitions so far, if it has had any, else a new cut. {@code gridSize} is ignored: the
     * number of partitions follows from the run's domains and its {@code --partitions}.
     */
    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<LineRange> earlier = earlierRanges();
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (!earlier.isEmpty()) {
            earlier.forEach(lines -> partitions.put(name(partitions.size()), context(lines, null)));
            return partitions;
        }
        int count = partitionCount(queue.unscannedCount(run.getInstanceId(), LineRange.ALL), requestedPartitions);
        for (DomainQueue.Partition cut : queue.partitions(run.getInstanceId(), count)) {
            partitions.put(name(partitions.size()), context(cut.lines(), cut.domains()));
        }
        return partitions;
    }

    /** The line ranges of the run's partitions in its earlier executions, in line order. */
    private List<LineRange> earlierRanges() {
        return jobRepository.getJobExecutions(run).stream()
                .map(JobExecution::getStepExecutions)
                .flatMap(executions -> executions.stream())
                .filter(LineRangePartitioner::isPartition)
                .map(partition -> lines(partition.getExecutionContext()))
                .distinct()
                .sorted(Comparator.comparingLong(LineRange::from))
                .toList();
    }

    private static String name(int index) {
        return "partition%05d".formatted(index + 1);
    }

    private static ExecutionContext context(LineRange lines, Long domains) {
        ExecutionContext context = new ExecutionContext();
        context.putLong(FROM_LINE, lines.from());
        context.putLong(TO_LINE, lines.to());
        if (domains != null) {
            context.putLong(DOMAINS, domains);
        }
        return context;
    }
}
