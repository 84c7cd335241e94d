package dev.mppcensus.census;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.DomainScanner;
import java.util.concurrent.Semaphore;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * The scan steps' processor: runs the MPP detection of one domain ({@link DomainScanner#scan}) and
 * returns its result. The steps call it concurrently, one virtual thread per item of a chunk; every
 * call first takes one of the run's {@code concurrency} slots, shared by all the partitions of the run
 * that this process scans at once, so at most {@code concurrency} domains are in flight here.
 * Never returns {@code null}: a domain that cannot be reached is a result too.
 */
final class DomainScanProcessor implements ItemProcessor<ListedDomain, DomainScan>, AutoCloseable {

    private final HttpFetcher fetcher;
    private final DomainScanner scanner;
    private final Semaphore inFlight;
    private final ScanMetrics metrics;
    private final String listName;

    /** Scans for run settings {@code request}; owns an HTTP client until {@link #close()}. */
    DomainScanProcessor(ScanRequest request, ScanMetrics metrics) {
        this.fetcher = new HttpFetcher(request.settings().fetchSettings(), metrics.requestObserver());
        this.scanner = request.settings().newScanner(fetcher);
        this.inFlight = new Semaphore(request.settings().concurrency(), true);
        this.metrics = metrics;
        this.listName = request.listName();
    }

    @Override
    public DomainScan process(ListedDomain domain) throws InterruptedException {
        inFlight.acquire();
        metrics.scanStarted();
        DomainScan scan = null;
        try {
            scan = scanner.scan(domain);
            return scan;
        } finally {
            metrics.scanFinished(listName, scan);
            inFlight.release();
        }
    }

    /** Closes the HTTP client; scans still in flight end with an error. */
    @Override
    public void close() {
        fetcher.close();
    }
}
