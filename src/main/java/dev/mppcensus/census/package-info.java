/**
 * The census job: stage the domain list into the run's tables, then scan every staged domain with
 * bounded virtual-thread concurrency and store one result row per domain.
 *
 * <p>Restart safety comes from the database, not from reader positions: staging is idempotent on
 * {@code (run, line)}, and the scan step reads only staged domains that have no result yet, so a run
 * killed at any moment resumes with exactly the domains whose results were not committed.
 */
package dev.mppcensus.census;
