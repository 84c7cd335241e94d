package dev.mppcensus.census;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how a scan step is going: on a terminal, one line on stderr rewritten every second
 * (done/total, domains/s, ETA, MPP declarations so far); otherwise a log line every
 * {@link #LOG_INTERVAL}. Stdout is left to the command's own output.
 */
final class ScanProgress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScanProgress.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final long total;
    private final LongSupplier done;
    private final LongSupplier declared;
    private final LongSupplier inFlight;
    private final boolean terminal;
    private final PrintStream terminalOut;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;

    private final String inFlightLabel;

    ScanProgress(long total, LongSupplier done, LongSupplier declared, LongSupplier inFlight) {
        this(total, done, declared, inFlight, "in flight");
    }

    /** {@code inFlightLabel} names what {@code inFlight} counts ("in flight": domains being scanned). */
    ScanProgress(long total, LongSupplier done, LongSupplier declared, LongSupplier inFlight, String inFlightLabel) {
        this.inFlightLabel = inFlightLabel;
        this.total = total;
        this.done = done;
        this.declared = declared;
        this.inFlight = inFlight;
        var console = System.console();
        this.terminal = console != null && console.isTerminal();
        this.terminalOut = System.err;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("scan-progress").factory());
        long period = terminal ? 1_000 : LOG_INTERVAL.toMillis();
        ticker.scheduleAtFixedRate(this::report, period, period, TimeUnit.MILLISECONDS);
    }

    private void report() {
        String line = line();
        if (terminal) {
            terminalOut.print("\r" + line + "   ");
            terminalOut.flush();
        } else {
            log.info("progress: {}", line);
        }
    }

    String line() {
        long finished = done.getAsLong();
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
        double rate = finished / seconds;
        long remaining = Math.max(total - finished, 0);
        String eta = rate > 0 ? format(Duration.ofSeconds((long) (remaining / rate))) : "?";
        return String.format(Locale.ROOT, "%d/%d domains (%.1f%%), %.1f domains/s, %d %s, ETA %s, %d declaring MPP",
                finished, total, total == 0 ? 100.0 : 100.0 * finished / total, rate, inFlight.getAsLong(),
                inFlightLabel, eta,
                declared.getAsLong());
    }

    private static String format(Duration duration) {
        long s = duration.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (terminal) {
            terminalOut.print("\r" + line() + "\n");
            terminalOut.flush();
        }
    }
}
