package dev.mppcensus.census;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.DomainScanner;
import java.util.concurrent.Semaphore;

/**
 * One run's scanning in this process: its HTTP client, its detection, and its {@code --concurrency}
 * bound, shared by all the partitions of the run that this process scans at once ({@link RunScanners}).
 * Every scan first takes one of the run's {@code concurrency} slots (first come, first served), so at
 * most {@code concurrency} of the run's domains are in flight here, however many partitions run.
 */
final class RunScanner implements AutoCloseable {

    private final HttpFetcher fetcher;
    private final DomainScanner scanner;
    private final Semaphore inFlight;
    private final ScanMetrics metrics;
    private final String listName;

    /** Scans with {@code request}'s settings; owns an HTTP client until {@link #close()}. */
    RunScanner(ScanRequest request, ScanMetrics metrics) {
        this.fetcher = new HttpFetcher(request.settings().fetchSettings(), metrics.requestObserver());
        this.scanner = request.settings().newScanner(fetcher);
        this.inFlight = new Semaphore(request.settings().concurrency(), true);
        this.metrics = metrics;
        this.listName = request.listName();
    }

    /** Runs the detection of {@code domain} once a slot is free; never {@code null} (an unreachable domain is a result). */
    DomainScan scan(ListedDomain domain) throws InterruptedException {
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
