package dev.mppcensus.census;

import dev.mppcensus.scan.DomainScan;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the scan step's finished scans on a thread of its own, one batch at a time, so the step
 * thread goes on reading and submitting domains while the database works. At most one batch is being
 * written while the step gathers the next: {@link #write} first waits for the previous batch and
 * rethrows its failure, so a failed write fails the step one chunk later and memory stays bounded.
 *
 * <p>Exactly-once does not depend on the chunk transaction: the scan step's reader selects the staged
 * domains that have no result and saves no position, so a batch lost with the process (or not yet
 * written when the step failed) is simply scanned again on restart, and {@code write} must be an
 * upsert in a transaction of its own.
 */
final class ResultWriterThread implements AutoCloseable {

    private final Consumer<List<DomainScan>> store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("scan-result-writer").daemon().factory());
    private Future<?> pending = CompletableFuture.completedFuture(null);
    private long writingNanos;
    private long waitingNanos;

    /** {@code store} writes one batch in a transaction of its own; it runs on the writer thread. */
    ResultWriterThread(Consumer<List<DomainScan>> store) {
        this.store = store;
    }

    /**
     * Hands {@code scans} to the writer thread after the previous batch is written; throws that
     * batch's failure instead if it failed. An empty list only waits for the previous batch.
     */
    void write(List<DomainScan> scans) throws InterruptedException {
        awaitPending();
        if (!scans.isEmpty()) {
            pending = thread.submit(() -> {
                long started = System.nanoTime();
                store.accept(scans);
                writingNanos += System.nanoTime() - started;
            });
        }
    }

    /** Waits until everything handed over is written; throws the failure of the last batch, if any. */
    void flush() throws InterruptedException {
        awaitPending();
    }

    private void awaitPending() throws InterruptedException {
        long started = System.nanoTime();
        try {
            pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("writing scan results failed", e.getCause());
        } finally {
            waitingNanos += System.nanoTime() - started;
        }
    }

    /** Nanoseconds the writer thread spent writing (valid once flushed or closed). */
    long writingNanos() {
        return writingNanos;
    }

    /** Nanoseconds the step thread waited for the writer thread. */
    long waitingNanos() {
        return waitingNanos;
    }

    /** Lets a batch being written finish (it is a correct result), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
