/**
 * Persistence, in one place: the queue of domains a run still has to scan ({@code DomainQueue}: its
 * readers, counts and partition ranges), the staging and result writers (the result's columns are the
 * components of the records that declare them, {@code ResultColumn}: {@code DomainScan} for
 * {@code scan_result}, {@code ProbeRow} for {@code endpoint_probe}, bound by name), the run and rescan records
 * (the JPA aggregates {@code CensusRun} and {@code CensusRescan} with their repositories, opened and
 * closed through {@code RunRegistry} and {@code RescanRegistry}; the set-based counts they record stay
 * SQL), the runs listing, the run lock, the read of Spring Batch's tables Batch does not offer
 * ({@code BatchMetadata}: running partitions, for the progress display), the connection pool's size, and the embedded PostgreSQL used when no
 * database is configured. All SQL is parameterised.
 */
package dev.mppcensus.store;
