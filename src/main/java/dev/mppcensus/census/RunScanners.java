package dev.mppcensus.census;

import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@link RunScanner}s of the runs this process is scanning, one per run: the partitions of a run
 * that run here at once lease the same one, and with it one HTTP client and the run's
 * {@code --concurrency} bound. A scanner is closed when its last lease is.
 */
@Component
class RunScanners {

    private final ScanMetrics metrics;
    private final Map<Long, Shared> byRun = new HashMap<>(); // guarded by this

    RunScanners(ScanMetrics metrics) {
        this.metrics = metrics;
    }

    private static final class Shared {
        final RunScanner scanner;
        int leases;

        Shared(RunScanner scanner) {
            this.scanner = scanner;
        }
    }

    /** A scanner's use by one step execution; closing it gives the scanner back. */
    final class Lease implements AutoCloseable {
        private final long runId;
        private final Shared shared;
        private boolean closed;

        private Lease(long runId, Shared shared) {
            this.runId = runId;
            this.shared = shared;
        }

        RunScanner scanner() {
            return shared.scanner;
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
                    shared.scanner.close();
                }
            }
        }
    }

    /**
     * The scanner of run {@code runId}, made with {@code request}'s settings if none is open (the
     * partitions of one run here all have the same settings: the run's, as {@link RunSettings} adapts them).
     */
    synchronized Lease lease(long runId, ScanRequest request) {
        Shared shared = byRun.computeIfAbsent(runId, id -> new Shared(new RunScanner(request, metrics)));
        shared.leases++;
        return new Lease(runId, shared);
    }
}
