/**
 * Persistence, in one place: the queue of domains a run still has to scan ({@code DomainQueue}: its
 * readers, counts and partition ranges), the staging and result writers, the run and rescan records
 * ({@code RunRegistry}, {@code RescanRegistry}, the {@code CensusRun} entity and its repository), the
 * runs listing, the run lock, the reads of Spring Batch's tables Batch does not offer
 * ({@code BatchMetadata}), the connection pool's size, and the embedded PostgreSQL used when no
 * database is configured. All SQL is parameterised.
 */
package dev.mppcensus.store;
