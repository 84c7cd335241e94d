package dev.mppcensus.report;

import java.time.LocalDate;
import java.util.List;

/**
 * The domains of one run that declare MPP, in rank order (list order for lists without ranks), at most
 * as many as were asked for; {@code total} counts them all, so {@code total - rows.size()} were left out.
 */
public record DeclaringDomains(List<Row> rows, long total) {

    public DeclaringDomains {
        rows = List.copyOf(rows);
    }

    /**
     * One declaring domain: its rank in the list ({@code null} for lists without ranks), how it declares
     * ({@code well_known}, {@code link}, {@code openapi}), its verdict, the methods found that have a
     * published method specification ({@code methods}) and the others, as found ({@code otherMethods}),
     * the intents found, and the first run of the same list in which it declared (this run when it is new).
     */
    public record Row(String domain, Integer rank, List<String> declaredVia, String verdict, List<String> methods,
            List<String> otherMethods, List<String> intents, long firstDeclaringRunId,
            LocalDate firstDeclaringRunDate) {

        public Row {
            declaredVia = List.copyOf(declaredVia);
            methods = List.copyOf(methods);
            otherMethods = List.copyOf(otherMethods);
            intents = List.copyOf(intents);
        }
    }
}
