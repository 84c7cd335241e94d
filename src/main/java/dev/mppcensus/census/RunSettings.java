package dev.mppcensus.census;

import java.util.function.UnaryOperator;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.stereotype.Component;

/**
 * The settings this process scans a run with: the run's own, as its job parameters keep them, adapted
 * to this process when it was told how ({@link #adaptWith}: a worker started with options of its own).
 * The scan steps and their reader and processor all ask here, so every partition of a run scanned in
 * this process uses the same chunk size, {@code --concurrency} bound and HTTP settings.
 */
@Component
public class RunSettings {

    private volatile UnaryOperator<ScanRequest> adaptation;

    /**
     * Has every run scanned from now on use {@code adaptation} of its settings (a worker's options in place of
     * the run's). Set once, before the process scans anything.
     *
     * @throws IllegalStateException if an adaptation was set already
     */
    public synchronized void adaptWith(UnaryOperator<ScanRequest> adaptation) {
        if (this.adaptation != null) {
            throw new IllegalStateException("this process's run settings were adapted already");
        }
        this.adaptation = adaptation;
    }

    /** The run that {@code parameters} describe, with the settings this process scans it with. */
    ScanRequest of(JobParameters parameters) {
        ScanRequest run = ScanRequest.fromJobParameters(parameters);
        UnaryOperator<ScanRequest> local = adaptation;
        return local == null ? run : local.apply(run);
    }
}
