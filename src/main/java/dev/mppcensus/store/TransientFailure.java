package dev.mppcensus.store;

/**
 * Which stored outcomes are transient failures, worth scanning again: a timeout, a failed or reset
 * connection, a 5xx where a check needed an answer ({@code http}), and a DNS failure whose detail
 * says it was temporary. Other DNS failures (the name does not exist), TLS, redirect, blocked,
 * bot-challenge and rate-limited outcomes are left alone: scanning again would find the same. So is a
 * site whose every check met a bot wall (verdict {@code unseen}), whatever its error: the same wall would
 * answer the same crawler.
 */
public final class TransientFailure {

    /** SQL predicate over a {@code scan_result} row aliased {@code r}. */
    public static final String PREDICATE = "((r.error_kind IN ('timeout', 'connect', 'http') "
            + "OR (r.error_kind = 'dns' AND r.error_detail ILIKE '%temporar%')) "
            + "AND r.domain_verdict IS DISTINCT FROM 'unseen')";

    private TransientFailure() {
    }
}
