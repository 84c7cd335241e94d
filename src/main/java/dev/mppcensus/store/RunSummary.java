package dev.mppcensus.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** The headline figures of one run, computed from its rows. */
public record RunSummary(
        long runId,
        String listName,
        LocalDate runDate,
        String status,
        Instant startedAt,
        Instant finishedAt,
        long linesRead,
        long domainsListed,
        long linesRejected,
        long domainsScanned,
        long reachable,
        long declaringMpp,
        long declaredWellKnown,
        long declaredLink,
        long declaredBoth,
        long declaredOpenapi,
        long declaredX402WellKnown,
        long sessionSupported,
        long declarationInvalid,
        long x402Declared,
        long requests,
        long retries,
        Map<String, Long> errorsByKind,
        Map<String, Long> verdicts) {
}
