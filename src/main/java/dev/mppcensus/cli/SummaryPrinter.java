package dev.mppcensus.cli;

import dev.mppcensus.store.RunSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a {@link RunSummary} as aligned lines for a terminal. */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void print(RunSummary s, PrintWriter out) {
        out.printf("  run id             %d%n", s.runId());
        out.printf("  list               %s (run date %s)%n", s.listName(), s.runDate());
        out.printf("  status             %s%n", s.status());
        out.printf("  lines read         %d%n", s.linesRead());
        out.printf("  domains listed     %d%n", s.domainsListed());
        out.printf("  rejected lines     %d%n", s.linesRejected());
        out.printf("  domains scanned    %d%n", s.domainsScanned());
        out.printf("  reachable          %d%n", s.reachable());
        out.printf("  seen               %d%s%n", s.seen(), share(s.seen(), s.reachable(), "reachable"));
        out.printf("  unseen             %d%s%s%n", s.unseen(), share(s.unseen(), s.reachable(), "reachable"),
                s.unseen() == 0 ? "" : ", every check met a bot wall: " + joined(s.unseenByVendor()));
        out.printf("  declaring MPP      %d (%swell-known %d, link %d, both %d, openapi %d, x402 well-known %d)%n",
                s.declaringMpp(), s.seen() == 0 ? "" : percent(s.declaringMpp(), s.seen()) + " of seen; ",
                s.declaredWellKnown(), s.declaredLink(), s.declaredBoth(), s.declaredOpenapi(),
                s.declaredX402WellKnown());
        out.printf("  verdicts           %s%n", joined(s.verdicts()));
        out.printf("  undeclared MPP     %d (speak MPP, declare nothing; %d with undeclared endpoints in all)%n",
                s.undeclaredMpp(), s.undeclaredFound());
        out.printf("  session-capable    %d%n", s.sessionSupported());
        out.printf("  streams sold       %d operations on %d sites; without a session: %d operations on %d sites%n",
                s.streamOperations(), s.streamingDomains(), s.sessionMissingOperations(), s.sessionMissingDomains());
        out.printf("  invalid declarations %d%n", s.declarationInvalid());
        out.printf("  x402 declared      %d%n", s.x402Declared());
        out.printf("  errors             %s%n", joined(s.errorsByKind()));
        out.printf("  retried requests   %d%n", s.retries());
    }

    /**
     * This execution's pace: domains/s, requests/s and the share of time spent writing to the database:
     * of the wall time, or for a remote run ({@code partitionMillis > 0}) of the time the workers spent
     * on its partitions.
     */
    static void printThroughput(long scannedNow, long requests, long writeMillis, Duration elapsed,
            long partitionMillis, PrintWriter out) {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        out.printf(Locale.ROOT, "  requests           %d%n", requests);
        out.printf(Locale.ROOT, "  throughput         %.1f domains/s (%d scanned in %.1f s)%n", scannedNow / seconds,
                scannedNow, seconds);
        if (partitionMillis > 0) {
            out.printf(Locale.ROOT, "  database writes    %.1f s (%.1f%% of the %.1f s the partitions ran)%n",
                    writeMillis / 1000.0, 100.0 * writeMillis / partitionMillis, partitionMillis / 1000.0);
        } else {
            out.printf(Locale.ROOT, "  database writes    %.1f s (%.1f%% of wall time)%n", writeMillis / 1000.0,
                    100.0 * writeMillis / 1000.0 / seconds);
        }
    }

    /** {@code " (12.5% of reachable)"}, or nothing when there is no {@code whole}. */
    private static String share(long part, long whole, String of) {
        return whole == 0 ? "" : " (" + percent(part, whole) + " of " + of + ")";
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String joined(java.util.Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }
}
