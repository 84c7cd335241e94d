package dev.mppcensus.census;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.scan.DomainScan;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The scan steps' processor (one per step execution, step-scoped): runs the MPP detection of one
 * domain and returns its result. The step calls it concurrently, one virtual thread per item of a
 * chunk; the scans go through the run's {@link RunScanner}, leased when the step opens its streams and
 * given back when it closes them, so the partitions of a run share one HTTP client and one
 * {@code --concurrency} bound. Never returns {@code null}: a domain that cannot be reached is a result too.
 */
class DomainScanProcessor implements ItemProcessor<ListedDomain, DomainScan>, ItemStream {

    private final RunScanners scanners;
    private final long runId;
    private final ScanRequest request;
    private volatile RunScanners.Lease lease;

    /** Scans domains of run {@code runId} with {@code request}'s settings. */
    DomainScanProcessor(RunScanners scanners, long runId, ScanRequest request) {
        this.scanners = scanners;
        this.runId = runId;
        this.request = request;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        lease = scanners.lease(runId, request);
    }

    @Override
    public DomainScan process(ListedDomain domain) throws InterruptedException {
        RunScanners.Lease current = lease;
        if (current == null) {
            throw new IllegalStateException("the scan processor of run " + runId + " is not open");
        }
        return current.scanner().scan(domain);
    }

    /** Gives the run's scanner back; the last partition of the run here closes its HTTP client. */
    @Override
    public void close() {
        RunScanners.Lease current = lease;
        lease = null;
        if (current != null) {
            current.close();
        }
    }
}
