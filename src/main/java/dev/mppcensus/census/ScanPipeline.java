package dev.mppcensus.census;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.DomainScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps up to {@code concurrency} domain scans in flight on virtual threads, independent of chunk
 * boundaries: {@link #submit} blocks only while the pipeline is full, and finished scans wait in a
 * queue until the next chunk's writer drains them. A slow domain therefore never holds up a chunk;
 * it is written by a later one (or by the last chunk, which waits for everything still in flight).
 */
final class ScanPipeline implements AutoCloseable {

    private final DomainScanner scanner;
    private final int concurrency;
    private final Semaphore permits;
    private final Semaphore sharedSlots;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<DomainScan> completed = new ConcurrentLinkedQueue<>();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong declaring = new AtomicLong();
    private final ScanMetrics metrics;
    private final String listName;
    private volatile boolean inputExhausted;

    ScanPipeline(DomainScanner scanner, int concurrency) {
        this(scanner, concurrency, ScanMetrics.NONE, null);
    }

    /** As {@link #ScanPipeline(DomainScanner, int)}, recording each finished scan of list {@code listName}. */
    ScanPipeline(DomainScanner scanner, int concurrency, ScanMetrics metrics, String listName) {
        this(scanner, concurrency, metrics, listName, null);
    }

    /**
     * As {@link #ScanPipeline(DomainScanner, int, ScanMetrics, String)}; each scan also holds one of
     * {@code sharedSlots} (when not {@code null}), which bounds the scans in flight of all the pipelines
     * sharing it.
     */
    ScanPipeline(DomainScanner scanner, int concurrency, ScanMetrics metrics, String listName, Semaphore sharedSlots) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.scanner = scanner;
        this.concurrency = concurrency;
        this.permits = new Semaphore(concurrency);
        this.metrics = metrics == null ? ScanMetrics.NONE : metrics;
        this.listName = listName;
        this.sharedSlots = sharedSlots;
    }

    /** Starts scanning {@code domain}, first waiting for a free slot if {@code concurrency} are in flight. */
    void submit(ListedDomain domain) throws InterruptedException {
        permits.acquire();
        if (sharedSlots != null) {
            try {
                sharedSlots.acquire();
            } catch (InterruptedException e) {
                permits.release();
                throw e;
            }
        }
        try {
            executor.execute(() -> {
                metrics.scanStarted();
                DomainScan scan = null;
                try {
                    scan = scanner.scan(domain);
                    completed.add(scan);
                    finished.incrementAndGet();
                    if (scan.declaresMpp()) {
                        declaring.incrementAndGet();
                    }
                } finally {
                    metrics.scanFinished(listName, scan);
                    release();
                }
            });
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void release() {
        if (sharedSlots != null) {
            sharedSlots.release();
        }
        permits.release();
    }

    /** Takes every scan finished so far. */
    List<DomainScan> drainCompleted() {
        List<DomainScan> done = new ArrayList<>();
        for (DomainScan scan; (scan = completed.poll()) != null; ) {
            done.add(scan);
        }
        return done;
    }

    /** Waits until nothing is in flight, then takes every finished scan. */
    List<DomainScan> awaitAllAndDrain() throws InterruptedException {
        permits.acquire(concurrency);
        permits.release(concurrency);
        return drainCompleted();
    }

    /** Called by the reader when it hands out the last domain of the step. */
    void markInputExhausted() {
        inputExhausted = true;
    }

    boolean inputExhausted() {
        return inputExhausted;
    }

    /** Scans finished since the pipeline started (written or not). */
    long finished() {
        return finished.get();
    }

    /** Finished scans that found an MPP declaration. */
    long declaring() {
        return declaring.get();
    }

    int inFlight() {
        return concurrency - permits.availablePermits();
    }

    /** Abandons scans still in flight (their domains have no result and are scanned on restart). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
