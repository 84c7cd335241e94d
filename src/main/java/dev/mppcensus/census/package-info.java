/**
 * The census job: stage the domain list into the run's tables, then scan every staged domain and
 * store one result row per domain; and the rescan job, which scans a completed run's transient
 * failures again.
 *
 * <p>The scan step is partitioned by list lines, locally as remotely ({@code census.remote} only
 * replaces the partition handler); every partition runs one step bean, {@code scanPartitionStep}: a
 * chunk step whose step-scoped reader reads the partition's domains without a result, whose
 * ItemProcessor runs the detection concurrently on virtual threads, bounded by {@code --concurrency}
 * domains in flight per run and process, and whose writer upserts the chunk's results in the chunk's
 * transaction ({@code CensusJobConfiguration} declares them all).
 *
 * <p>Restart safety comes from the database, not from reader positions: staging is idempotent on
 * {@code (run, line)}, results are unique on {@code (run, domain)}, and a partition reads only its
 * staged domains that have no result yet, so a run killed at any moment resumes (Spring Batch reruns
 * the partitions that did not complete) with exactly the domains whose results were not committed. A
 * run is executed only under its PostgreSQL advisory lock ({@code RunLock}); a free lock on an
 * execution still marked running is the evidence that its process died ({@code JobOperator.recover}
 * then marks it failed), and every chunk write first checks that the lock is still held (a database
 * restart ends the lock's session). A run that loses its database waits for it and resumes itself
 * ({@code DatabaseOutage}).
 */
package dev.mppcensus.census;
