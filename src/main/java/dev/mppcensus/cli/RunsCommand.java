package dev.mppcensus.cli;

import dev.mppcensus.store.RunListing;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code runs}: the runs, newest first, with status and counts, to find the one to restart. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List runs, newest first: id, list, run date, status, counts, start and end. Status 'dead' "
                + "means the process executing the run ended without finishing it (killed, crashed, or cut off "
                + "from the database): resume it with 'restart --run ID' or by running the same scan again.")
final class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    /** What {@code runs} prints. */
    enum Format { TABLE, JSON }

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--list", paramLabel = "NAME", description = "Only runs of this list name.")
    String listName;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        try (CensusContext context = CensusContext.open(database)) {
            List<RunListing.Entry> runs = context.bean(RunListing.class).newest(listName, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                printJson(runs, context.bean(JsonMapper.class), out);
            } else {
                printTable(runs, out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void printTable(List<RunListing.Entry> runs, PrintWriter out) {
        if (runs.isEmpty()) {
            out.println("No runs yet.");
            return;
        }
        int listWidth = Math.max(4, runs.stream().mapToInt(r -> r.listName().length()).max().orElse(4));
        String row = "%-6s %-" + listWidth + "s %-10s %-9s %8s %8s %8s %9s %7s  %-20s %-20s%n";
        out.printf(Locale.ROOT, row, "ID", "LIST", "RUN DATE", "STATUS", "LISTED", "REJECTED", "SCANNED", "DECLARING",
                "RESCANS", "STARTED", "FINISHED");
        for (RunListing.Entry r : runs) {
            out.printf(Locale.ROOT, row, r.id(), r.listName(), r.runDate(), r.status(), r.listed(), r.rejected(),
                    r.scanned(), r.declaring(), r.rescans(), time(r.startedAt()), time(r.finishedAt()));
        }
        if (runs.stream().anyMatch(r -> r.status().equals(RunListing.DEAD))) {
            out.println("dead: the process executing the run ended without finishing it; resume with "
                    + "'mpp-census restart --run ID'.");
        }
    }

    private static void printJson(List<RunListing.Entry> runs, JsonMapper json, PrintWriter out) {
        ArrayNode array = json.createArrayNode();
        for (RunListing.Entry r : runs) {
            ObjectNode node = array.addObject()
                    .put("id", r.id())
                    .put("list", r.listName())
                    .put("run_date", r.runDate().toString())
                    .put("status", r.status())
                    .put("domains_listed", r.listed())
                    .put("lines_rejected", r.rejected())
                    .put("domains_scanned", r.scanned())
                    .put("declaring_mpp", r.declaring())
                    .put("rescans", r.rescans())
                    .put("started_at", r.startedAt() == null ? null : r.startedAt().toString())
                    .put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
            node.put("restartable", !r.status().equals("completed") && !r.status().equals("running"));
        }
        out.println(array.toString());
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
