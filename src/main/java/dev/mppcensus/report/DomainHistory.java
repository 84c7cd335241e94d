package dev.mppcensus.report;

/**
 * One domain across runs: per list, the first and last run dates on which it declared MPP or was
 * verified ({@code span}), and every run with its verdict and whether it changed ({@code runs}).
 */
public record DomainHistory(String domain, ReportTable span, ReportTable runs) {

    /** True when the domain is in no stored run. */
    public boolean unknown() {
        return runs.rows().isEmpty();
    }
}
