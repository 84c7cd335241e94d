/**
 * The census job: stage the domain list into the run's tables, then scan every staged domain with
 * bounded virtual-thread concurrency and store one result row per domain; and the rescan job, which
 * scans a completed run's transient failures again.
 *
 * <p>Restart safety comes from the database, not from reader positions: staging is idempotent on
 * {@code (run, line)}, and the scan step reads only staged domains that have no result yet, so a run
 * killed at any moment resumes with exactly the domains whose results were not committed. A run is
 * executed only under its PostgreSQL advisory lock ({@code RunLock}); a free lock on an execution
 * still marked running is the evidence that its process died, and every chunk write first checks
 * that the lock is still held (a database restart ends the lock's session).
 */
package dev.mppcensus.census;
