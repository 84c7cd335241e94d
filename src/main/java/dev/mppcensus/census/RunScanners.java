package dev.mppcensus.census;

import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The processors of the runs this process is scanning, one per run: the partitions of a run that
 * run here at once share it, and with it one HTTP client and the run's {@code --concurrency} bound.
 * A processor is closed when the last lease on it is.
 */
@Component
class RunScanners {

    private final ScanMetrics metrics;
    private final Map<Long, Shared> byRun = new HashMap<>(); // guarded by this

    RunScanners(ScanMetrics metrics) {
        this.metrics = metrics;
    }

    private static final class Shared {
        final DomainScanProcessor processor;
        int leases;

        Shared(DomainScanProcessor processor) {
            this.processor = processor;
        }
    }

    /** A processor's use by one step execution; closing it gives the processor back. */
    final class Lease implements AutoCloseable {
        private final long runId;
        private final Shared shared;
        private boolean closed;

        private Lease(long runId, Shared shared) {
            this.runId = runId;
            this.shared = shared;
        }

        DomainScanProcessor processor() {
            return shared.processor;
        }

        @Override
        public void close() {
            synchronized (RunScanners.this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--shared.leases == 0) {
                    byRun.remove(runId, shared);
                    shared.processor.close();
                }
            }
        }
    }

    /**
     * The processor of run {@code runId}, made with {@code request}'s settings if none is open (the
     * partitions of one run here all have the same settings: the run's, with this process's overrides).
     */
    synchronized Lease lease(long runId, ScanRequest request) {
        Shared shared = byRun.computeIfAbsent(runId, id -> new Shared(new DomainScanProcessor(request, metrics)));
        shared.leases++;
        return new Lease(runId, shared);
    }
}
