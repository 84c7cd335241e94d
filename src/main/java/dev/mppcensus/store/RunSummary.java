package dev.mppcensus.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The headline figures of one run, computed from its rows.
 *
 * @param reachable      domains that gave some HTTP answer, a bot wall's included
 * @param unseen         reachable domains whose every check met a bot wall (verdict {@code unseen}): not seen
 * @param unseenByVendor unseen domains per bot-wall vendor's code ({@code bot_vendor}), most first
 * @param undeclaredMpp            domains whose verdict is {@code undeclared_mpp} (MPP spoken, nothing declares it)
 * @param undeclaredFound          domains with at least one undeclared endpoint, whatever their verdict
 * @param streamingDomains         domains with at least one operation that sells a stream
 * @param sessionMissingDomains    domains with at least one such operation without a session
 * @param streamOperations         operations that sell a stream, over all domains
 * @param sessionMissingOperations of those, the operations without a session
 */
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
        Map<String, Long> verdicts,
        long undeclaredMpp,
        long undeclaredFound,
        long streamingDomains,
        long sessionMissingDomains,
        long streamOperations,
        long sessionMissingOperations,
        long unseen,
        Map<String, Long> unseenByVendor) {

    /** Reachable domains whose own answers were seen: {@code reachable - unseen}, the base of adoption shares. */
    public long seen() {
        return reachable - unseen;
    }
}
