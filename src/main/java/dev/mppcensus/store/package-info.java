/**
 * Persistence: the JPA entities of the census tables, narrow repositories, the JDBC writers used on
 * the hot path, and the embedded PostgreSQL used when no database is configured.
 */
package dev.mppcensus.store;
