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

    static void print(RunSummary s, Duration elapsed, PrintWriter out) {
        out.printf("  run id             %d%n", s.runId());
        out.printf("  list               %s (run date %s)%n", s.listName(), s.runDate());
        out.printf("  status             %s%n", s.status());
        out.printf("  lines read         %d%n", s.linesRead());
        out.printf("  domains listed     %d%n", s.domainsListed());
        out.printf("  rejected lines     %d%n", s.linesRejected());
        out.printf("  domains scanned    %d%n", s.domainsScanned());
        out.printf("  reachable          %d%n", s.reachable());
        out.printf("  declaring MPP      %d (well-known %d, link %d, both %d)%n", s.declaringMpp(),
                s.declaredWellKnown(), s.declaredLink(), s.declaredBoth());
        out.printf("  invalid declarations %d%n", s.declarationInvalid());
        out.printf("  x402 declared      %d%n", s.x402Declared());
        out.printf("  errors             %s%n", s.errorsByKind().isEmpty() ? "none"
                : s.errorsByKind().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        if (elapsed != null && !elapsed.isZero()) {
            out.printf(Locale.ROOT, "  throughput         %.1f domains/s%n",
                    s.domainsScanned() / (elapsed.toNanos() / 1e9));
        }
    }

    static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }
}
