package dev.mppcensus.census;

import dev.mppcensus.store.BatchMetadata;
import dev.mppcensus.store.DomainQueue;
import dev.mppcensus.store.DomainQueue.LineRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Cuts a run's staged domains that have no result yet into partitions of consecutive list lines
 * ({@code run_domain.line_no} from {@link #FROM_LINE} to {@link #TO_LINE}, inclusive) holding about
 * the same number of domains, so that a partition needs only the run id and a line range, never the
 * list file. The ranges are kept in each partition's execution context: a restarted run gets the
 * partitions it had (Spring Batch then reruns those that did not complete, with their saved ranges),
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
    private final BatchMetadata batch;
    private final long runId;
    private final int requestedPartitions;

    /** {@code requestedPartitions} 0 means the default: see {@link #partitionCount}. */
    LineRangePartitioner(DomainQueue queue, BatchMetadata batch, long runId, int requestedPartitions) {
        this.queue = queue;
        this.batch = batch;
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

    /** The line range of a partition, from its execution context. */
    static LineRange lines(ExecutionContext partition) {
        return new LineRange(partition.getLong(FROM_LINE), partition.getLong(TO_LINE));
    }

    /**
     * The run's partitions so far, if it has had any (their contexts are then left empty: Spring Batch
     * restores each from its last execution), else a new cut. {@code gridSize} is ignored: the number
     * of partitions follows from the run's domains.
     */
    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<String> earlier = batch.partitionNames(runId, ScanSteps.PARTITION_STEP);
        if (!earlier.isEmpty()) {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            earlier.forEach(name -> partitions.put(name, new ExecutionContext()));
            return partitions;
        }
        int count = partitionCount(queue.unscannedCount(runId, LineRange.ALL), requestedPartitions);
        List<DomainQueue.Partition> ranges = queue.partitions(runId, count);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            ExecutionContext context = new ExecutionContext();
            context.putLong(FROM_LINE, ranges.get(i).lines().from());
            context.putLong(TO_LINE, ranges.get(i).lines().to());
            context.putLong(DOMAINS, ranges.get(i).domains());
            partitions.put("partition%05d".formatted(i + 1), context);
        }
        return partitions;
    }
}
