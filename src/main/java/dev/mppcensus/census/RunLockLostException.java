package dev.mppcensus.census;

/**
 * The database session holding a run's lock ended under a live execution (PostgreSQL restarted or
 * the connection broke). The execution stops; {@code restart --run ID} resumes it once the database
 * answers again.
 */
public final class RunLockLostException extends RuntimeException {

    private final long runId;

    public RunLockLostException(long runId) {
        super("lost the database session holding the lock of run " + runId
                + " (PostgreSQL restarted or the connection broke); stopping this execution. "
                + "Resume it with: mpp-census restart --run " + runId);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
