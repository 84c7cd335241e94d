package dev.mppcensus.census;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Rides a run through a database outage (PostgreSQL restarted, failed over, a broken connection):
 * when a launch ends because the database went away, or cannot start because it is not back yet,
 * it is launched again after a backoff (1 s doubling to 30 s) until {@code wait} has passed. A new
 * launch takes the run's lock again (refusing if another process took it meanwhile), marks the
 * execution the outage ended failed, and resumes it: the results committed before the outage are
 * kept and the unfinished partitions scan only their domains without a result.
 */
final class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private DatabaseOutage() {
    }

    /** How a launch went: the outcome, and whether it ended because the database went away. */
    record Attempt<T>(T outcome, boolean databaseLost) {
    }

    /**
     * Runs {@code launch} until it returns an attempt that did not lose the database or {@code wait}
     * has passed; then returns that attempt's outcome, merged with the earlier ones by {@code merge}
     * (earlier first). A launch throwing because the database cannot be reached is retried too,
     * and its exception rethrown once {@code wait} has passed.
     */
    static <T> T rideThrough(String what, Duration wait, Supplier<Attempt<T>> launch,
            BinaryOperator<T> merge) {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration backoff = FIRST_BACKOFF;
        T merged = null;
        while (true) {
            String why;
            try {
                Attempt<T> attempt = launch.get();
                merged = merged == null ? attempt.outcome() : merge.apply(merged, attempt.outcome());
                if (!attempt.databaseLost() || System.nanoTime() >= deadline) {
                    return merged;
                }
                why = "the database went away";
            } catch (RuntimeException e) {
                if (!lost(e) || System.nanoTime() >= deadline) {
                    throw e;
                }
                why = "the database does not answer yet";
            }
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
            log.warn("{}: {}; resuming in {} s (waiting for it at most {} s more)", what, why,
                    Math.min(backoff.toSeconds(), left.toSeconds()), left.toSeconds());
            try {
                Thread.sleep(backoff.compareTo(left) < 0 ? backoff : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (merged == null) {
                    throw new IllegalStateException(what + ": interrupted while waiting for the database", e);
                }
                return merged;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * Whether {@code error} says the database went away or cannot be reached: the run's lock session
     * ended, a connection could not be had, or PostgreSQL answered with a connection exception
     * (SQLSTATE class 08) or an operator intervention such as a shutdown (class 57P).
     */
    static boolean lost(Throwable error) {
        return evidence(error) != null;
    }

    /** The exception in {@code error}'s causes that shows the database gone away (see {@link #lost}), or {@code null}. */
    static Throwable evidence(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RunLockLostException || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException) {
                return cause;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return cause;
            }
        }
        return null;
    }
}
