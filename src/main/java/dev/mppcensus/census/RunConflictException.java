package dev.mppcensus.census;

/** The run is already being executed by another live process. */
public final class RunConflictException extends RuntimeException {
    public RunConflictException(String message) {
        super(message);
    }
}
