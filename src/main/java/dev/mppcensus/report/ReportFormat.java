package dev.mppcensus.report;

/** Output formats of the {@code report} commands. */
public enum ReportFormat {
    /** Columns aligned for a terminal; shares as percentages. */
    TABLE,
    /** RFC 4180 CSV with a header row; arrays joined by spaces; shares as fractions. */
    CSV,
    /** JSON (an array of objects for tabular reports); shares as fractions. */
    JSON
}
