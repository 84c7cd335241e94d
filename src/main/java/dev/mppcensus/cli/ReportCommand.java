package dev.mppcensus.cli;

import dev.mppcensus.report.AdoptionReports;
import dev.mppcensus.report.DomainHistory;
import dev.mppcensus.report.HtmlReport;
import dev.mppcensus.report.PriceNetwork;
import dev.mppcensus.report.ReportFormat;
import dev.mppcensus.report.ReportTable;
import dev.mppcensus.report.RunChanges;
import dev.mppcensus.report.RunFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code report ...}: adoption figures, changes, one domain's history, methods, errors, walls, hosts, streaming
 * operations without a session, prices, HTML.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Read-only reports over stored runs. Exit 0 on success, 1 when a domain has no history, "
                + "2 on bad input or an unknown run, 4 when the database cannot be used.",
        subcommands = {ReportCommand.Adoption.class, ReportCommand.Changes.class, ReportCommand.Domain.class,
                ReportCommand.Methods.class, ReportCommand.Errors.class, ReportCommand.Walls.class,
                ReportCommand.Hosts.class, ReportCommand.Streams.class, ReportCommand.Prices.class,
                ReportCommand.Html.class,
                ReportCommand.Refresh.class})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Options every report shares. */
    static final class Common {
        @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
                description = "Output format (default: ${DEFAULT-VALUE}).")
        ReportFormat format;

        @Mixin
        DatabaseOptions database;

        ReportFormat reportFormat() {
            return format;
        }
    }

    /** Date and list filters. */
    static final class Filter {
        @Option(names = "--list", paramLabel = "NAME", description = "Only runs of this list.")
        String list;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only runs on or after this run date.")
        LocalDate since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Only runs on or before this run date.")
        LocalDate until;

        RunFilter runFilter() {
            return new RunFilter(list, since, until);
        }
    }

    /** Runs {@code body} with the report queries, summaries refreshed first. */
    static int withReports(DatabaseOptions database, ReportBody body) {
        try (CensusContext context = CensusContext.open(database)) {
            AdoptionReports reports = context.bean(AdoptionReports.class);
            reports.refreshStale();
            return body.run(reports, context);
        }
    }

    @FunctionalInterface
    interface ReportBody {
        int run(AdoptionReports reports, CensusContext context);
    }

    /** {@code --run ID|latest} with {@code --list NAME}: one run, by default the latest (of the list). */
    static final class RunSelection {
        @Option(names = "--run", paramLabel = "ID|latest", defaultValue = "latest",
                description = "The run (default: ${DEFAULT-VALUE}, of --list when given).")
        String run;

        @Option(names = "--list", paramLabel = "NAME", description = "With --run latest: the latest run of this list.")
        String list;

        long resolve(AdoptionReports reports) {
            return reports.resolveRun(run, list);
        }
    }

    @Command(name = "adoption", mixinStandardHelpOptions = true,
            description = "One row per run: domains, reachable, seen and unseen (behind a bot wall on every check), "
                    + "declaring MPP by source, verdicts (undeclared_mpp: MPP spoken, nothing declares it), "
                    + "session-capable, sites selling streams without a session, shares of seen domains.")
    static final class Adoption implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Filter filter;
        @Mixin
        Common common;

        @Option(names = "--rank", paramLabel = "all|top1k|top10k|top100k|top1m", defaultValue = "all",
                description = "Only domains ranked within this bucket (list position for plain lists; "
                        + "default: ${DEFAULT-VALUE}).")
        String rank;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            RunFilter runFilter = filter.runFilter();
            return withReports(common.database, (reports, context) -> {
                ReportTable table = reports.adoption(runFilter, rank);
                if (format == ReportFormat.TABLE) {
                    table = table.select("run_id", "run_date", "list", "status", "domains", "reachable", "seen",
                            "unseen", "unseen_share", "ai_agent_json", "declared", "declared_well_known", "declared_link",
                            "declared_openapi", "verified", "stub", "x402_confused", "invalid", "undeclared_mpp",
                            "session_capable", "session_missing_domains", "declared_share");
                }
                table.write(format, spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "changes", mixinStandardHelpOptions = true,
            description = "Domains newly declaring, undeclared to declared (spoke MPP undeclared, declare it now), "
                    + "dropped, broke (verified to stub/unreachable) and fixed (declared but not verified to verified) "
                    + "since the list's previous completed run, those that declared and are unseen now (behind a "
                    + "bot wall: neither dropped nor broke), and the offers whose price changed.")
    static final class Changes implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;

        @Mixin
        RunSelection selection;

        @Option(names = "--prices", description = "Print only the price changes (one row per offer whose price "
                + "differs from the same operation's offer in the previous run).")
        boolean pricesOnly;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            return withReports(common.database, (reports, context) -> {
                RunChanges changes = reports.changes(selection.resolve(reports));
                PrintWriter out = spec.commandLine().getOut();
                if (pricesOnly) {
                    ReportTable prices = changes.priceChanges();
                    (format == ReportFormat.TABLE ? priceChangeColumns(prices) : prices).write(format, out);
                } else if (format == ReportFormat.JSON) {
                    out.println(changes.toJson().toPrettyString());
                } else {
                    if (format == ReportFormat.TABLE) {
                        out.printf("run %d against %s: %d newly declaring, %d undeclared to declared, %d dropped, "
                                        + "%d broke, %d fixed, %d unseen now, %d price changes%n",
                                changes.runId(), changes.previousRunId() == null ? "no previous completed run"
                                        : "run " + changes.previousRunId(), changes.newlyDeclaring().size(),
                                changes.undeclaredToDeclared().size(), changes.dropped().size(),
                                changes.broke().size(), changes.fixed().size(), changes.unseen().size(),
                                changes.priceChanges().rows().size());
                    }
                    changes.details().write(format, out);
                    if (format == ReportFormat.TABLE && !changes.priceChanges().rows().isEmpty()) {
                        out.println();
                        out.println("price changes:");
                        priceChangeColumns(changes.priceChanges()).write(format, out);
                    }
                }
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "domain", mixinStandardHelpOptions = true,
            description = "One domain's history: first and last seen declaring and verified, and every run with its "
                    + "verdict (changed: * where the verdict differs from the run before).")
    static final class Domain implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "The domain, e.g. example.com.")
        String name;
        @Mixin
        Filter filter;
        @Mixin
        Common common;

        @Option(names = "--changes-only", description = "List only runs where the verdict changed.")
        boolean changesOnly;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            RunFilter runFilter = filter.runFilter();
            return withReports(common.database, (reports, context) -> {
                DomainHistory history = reports.domainHistory(name, runFilter);
                ReportTable runs = history.runs();
                if (changesOnly) {
                    int changed = runs.columns().indexOf("changed");
                    runs = new ReportTable(runs.columns(), runs.rows().stream()
                            .filter(row -> Boolean.TRUE.equals(row.get(changed))).toList());
                }
                PrintWriter out = spec.commandLine().getOut();
                switch (format) {
                    case JSON -> {
                        ObjectNode node = JsonNodeFactory.instance.objectNode();
                        node.put("domain", history.domain());
                        node.set("lists", history.span().toJson());
                        node.set("runs", runs.toJson());
                        out.println(node.toPrettyString());
                    }
                    case CSV -> runs.write(format, out);
                    case TABLE -> {
                        out.println(history.domain());
                        history.span().write(format, out);
                        out.println();
                        runs.select("run_id", "run_date", "list", "verdict", "changed", "reachable", "error_kind",
                                "declared_via", "methods", "intents", "mpp_endpoints").write(format, out);
                    }
                }
                out.flush();
                if (history.unknown()) {
                    spec.commandLine().getErr().println("mpp-census: " + history.domain() + " is in no stored run");
                    return ExitCodes.RUN_FAILED;
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "methods", mixinStandardHelpOptions = true,
            description = "Payment methods (with class: stablecoin, card, lightning, other) and intents among "
                    + "verified domains, per run, with the share of verified domains.")
    static final class Methods implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Filter filter;
        @Mixin
        Common common;

        @Option(names = "--run", paramLabel = "ID|latest", description = "Only this run (default: every run of the "
                + "filters).")
        String run;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            RunFilter runFilter = filter.runFilter();
            return withReports(common.database, (reports, context) -> {
                Long runId = run == null ? null : reports.resolveRun(run, filter.list);
                reports.methods(runId == null ? runFilter : RunFilter.all(), runId)
                        .write(format, spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "errors", mixinStandardHelpOptions = true,
            description = "Domains per error kind in a run (none: no error), to judge the data's quality.")
    static final class Errors implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        RunSelection selection;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            return withReports(common.database, (reports, context) -> {
                reports.errors(selection.resolve(reports)).write(format, spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "walls", mixinStandardHelpOptions = true,
            description = "A run's bot walls per vendor: domains unseen behind its walls (every check walled) and "
                    + "domains with any check walled by it, with their shares of reachable domains.")
    static final class Walls implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        RunSelection selection;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            return withReports(common.database, (reports, context) -> {
                reports.walls(selection.resolve(reports)).write(format, spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "hosts", mixinStandardHelpOptions = true,
            description = "Where a run's probed endpoints are hosted, by registrable domain (Public Suffix List: "
                    + "never github.io or vercel.app themselves), most shared first: shared payment proxies show up "
                    + "at the top.")
    static final class Hosts implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        RunSelection selection;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            return withReports(common.database, (reports, context) -> {
                reports.hosts(selection.resolve(reports)).write(format, spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "streams", mixinStandardHelpOptions = true,
            description = "Streaming operations without a session: operations of a run that sell a stream (a "
                    + "streamed response, or a price per unit of usage) but offer no session intent, a one-shot "
                    + "flow where a session is needed; by the domain's rank.")
    static final class Streams implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        RunSelection selection;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            return withReports(common.database, (reports, context) -> {
                reports.streamsWithoutSession(selection.resolve(reports)).write(format, spec.commandLine().getOut());
                return ExitCodes.OK;
            });
        }
    }

    /** The columns of the price changes a terminal shows. */
    static ReportTable priceChangeColumns(ReportTable prices) {
        return prices.select("domain", "http_method", "url", "source", "payment_method", "intent", "network",
                "currency", "previous_price_text", "price_text", "previous_amount_usd", "amount_usd", "direction");
    }

    @Command(name = "prices", mixinStandardHelpOptions = true,
            description = "What MPP costs in a run (default: the latest completed run): per offer source, payment "
                    + "method, intent, network and currency, the offers and the minimum, quartiles, median and "
                    + "maximum of their fixed prices, in the currency and in US dollars where known; ranges, dynamic "
                    + "and quote prices, invalid amounts and unknown decimals counted apart.")
    static final class Prices implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        RunSelection selection;

        @Override
        public Integer call() {
            ReportFormat format = common.reportFormat();
            return withReports(common.database, (reports, context) -> {
                long runId = reports.resolveCompletedRun(selection.run, selection.list);
                ReportTable prices = reports.prices(runId);
                PrintWriter out = spec.commandLine().getOut();
                if (format == ReportFormat.TABLE) {
                    out.printf("run %d: prices of %d offers%n", runId, prices.rows().stream()
                            .mapToLong(row -> ((Number) row.get(prices.columns().indexOf("offers"))).longValue()).sum());
                    prices.select("source", "payment_method", "intent", "network", "currency", "offers", "priced",
                            "min_price", "q1_price", "median_price", "q3_price", "max_price", "min_usd", "q1_usd",
                            "median_usd", "q3_usd", "max_usd", "ranges", "dynamic", "quote", "invalid",
                            "decimals_unknown").write(format, out);
                } else {
                    prices.write(format, out);
                }
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "html", mixinStandardHelpOptions = true,
            description = "Write a self-contained HTML page (inline SVG charts, no scripts) for one list.")
    static final class Html implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Filter filter;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
        Path out;
        @Option(names = "--price-network", paramLabel = "mainnet|testnet|all", defaultValue = "mainnet",
                description = "The offers of the price chart (default: ${DEFAULT-VALUE}: main networks and methods "
                        + "without a network, such as card payments in dollars).")
        PriceNetwork priceNetwork;

        @Override
        public Integer call() {
            RunFilter runFilter = filter.runFilter();
            return withReports(database, (reports, context) -> {
                String page = context.bean(HtmlReport.class).render(filter.list, runFilter, priceNetwork, Instant.now());
                try {
                    Path parent = out.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(out, page, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage(), e);
                }
                spec.commandLine().getOut().println("wrote " + out);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = "Recompute the per-run summary of a run (after a rescan or a manual change).")
    static final class Refresh implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--run", required = true, paramLabel = "ID|latest", description = "The run.")
        String run;

        @Override
        public Integer call() {
            return withReports(database, (reports, context) -> {
                long runId = reports.resolveRun(run, null);
                reports.refresh(runId);
                spec.commandLine().getOut().println("refreshed the summary of run " + runId);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            });
        }
    }
}
