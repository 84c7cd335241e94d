/**
 * Nightly operation: runs the census of configured lists on a cron expression, one run per list and
 * night across any number of scheduler processes (the run's PostgreSQL advisory lock decides), finishing
 * a previous night's unfinished run first.
 */
package dev.mppcensus.schedule;
