package dev.mppcensus.report;

import java.time.LocalDate;

/**
 * Which runs a report covers: one list (or all when {@code null}) and run dates from {@code since}
 * to {@code until}, both inclusive and both optional.
 */
public record RunFilter(String list, LocalDate since, LocalDate until) {

    public RunFilter {
        if (since != null && until != null && since.isAfter(until)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
    }

    /** Every run of every list. */
    public static RunFilter all() {
        return new RunFilter(null, null, null);
    }
}
