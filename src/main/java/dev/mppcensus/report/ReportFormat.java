package dev.mppcensus.report;

import java.util.Locale;

/** Output formats of the {@code report} commands. */
public enum ReportFormat {
    /** Columns aligned for a terminal; shares as percentages. */
    TABLE,
    /** RFC 4180 CSV with a header row; arrays joined by spaces; shares as fractions. */
    CSV,
    /** JSON (an array of objects for tabular reports); shares as fractions. */
    JSON;

    /** Parses {@code table}, {@code csv} or {@code json} in any case. */
    public static ReportFormat parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be table, csv or json, not '" + value + "'");
        }
    }
}
