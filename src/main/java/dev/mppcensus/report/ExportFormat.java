package dev.mppcensus.report;

/** Output formats of {@code export}. */
public enum ExportFormat {
    /** One JSON object per line. */
    JSONL,
    /** RFC 4180 CSV with a header row; arrays joined by spaces, evidence as JSON text. */
    CSV
}
