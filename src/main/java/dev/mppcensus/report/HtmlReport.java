package dev.mppcensus.report;

import dev.mppcensus.detection.BotVendor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The one-page HTML adoption report of a list: key figures of the last run, adoption share over time by
 * declaration source (and of sites that speak MPP without declaring it), verdict mix over time, the last
 * run's unseen sites per bot-wall vendor, methods and intents of the last run's verified domains, the
 * distribution of its fixed prices in US dollars (log scale), its streaming operations without a session, and
 * the last run's top changes. Shares are of seen domains
 * (reachable and not unseen). Self-contained: inline CSS and SVG, no scripts, no external resources.
 */
@Service
public class HtmlReport {

    /** How many domains of each kind of change the page lists. */
    static final int TOP_CHANGES = 15;

    /** How many method names without a specification the page lists under the methods chart. */
    static final int OTHER_NAMES = 20;

    /** How many of the last run's declaring domains the page lists, best ranked first. */
    static final int DECLARING_ROWS = 100;

    /** How many of the last run's streaming operations without a session the page lists, best ranked first. */
    static final int STREAM_ROWS = 50;

    private static final Map<String, String> CLASS_COLORS = Map.of("stablecoin", "#0072B2", "card", "#E69F00",
            "lightning", "#CC79A7", "other", "#999999");

    private final AdoptionReports reports;

    HtmlReport(AdoptionReports reports) {
        this.reports = reports;
    }

    /**
     * Renders the report of {@code list} (the list of the most recent run when {@code null}) over the runs of
     * {@code filter}'s dates, its price chart showing the offers of {@code priceNetwork}.
     * {@link IllegalArgumentException} when there are no runs.
     */
    public String render(String list, RunFilter filter, PriceNetwork priceNetwork, Instant generatedAt) {
        reports.refreshStale();
        long latestRun = reports.resolveRun("latest", list);
        ReportTable adoption = reports.adoption(new RunFilter(list, filter.since(), filter.until()), "all");
        if (list == null) {
            String latestList = listOf(adoption, latestRun);
            adoption = reports.adoption(new RunFilter(latestList, filter.since(), filter.until()), "all");
            list = latestList;
        }
        if (adoption.rows().isEmpty()) {
            throw new IllegalArgumentException("list '" + list + "' has no runs in the chosen dates");
        }
        List<Object> last = adoption.rows().getLast();
        long lastRun = ((Number) value(adoption, last, "run_id")).longValue();
        ReportTable methods = reports.methods(RunFilter.all(), lastRun);
        RunChanges changes = reports.changes(lastRun);
        DeclaringDomains declaring = reports.declaringDomains(lastRun, DECLARING_ROWS);
        ReportTable streams = reports.streamsWithoutSession(lastRun);
        ReportTable walls = reports.walls(lastRun);
        List<OfferPrice> offers = reports.offerPrices(lastRun);

        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>MPP adoption: %s</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px auto;
                 max-width:960px;color:#222;background:#fff;line-height:1.4}
                h1{font-size:26px;margin:0 0 4px} h2{font-size:19px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
                .muted,.tick{color:#666;fill:#666} .tick{font-size:11px} svg text{font-size:12px;fill:#222}
                svg .tick{fill:#666} .grid{stroke:#e6e6e6} .axis{stroke:#888}
                .figures{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
                .figure{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}
                .figure b{display:block;font-size:22px} .figure span{font-size:12px;color:#555}
                table{border-collapse:collapse;font-size:13px;width:100%%} th,td{text-align:left;padding:3px 8px;
                 border-bottom:1px solid #eee;vertical-align:top;white-space:nowrap} td.n{text-align:right}
                td.verified{color:#007a4d;font-weight:600}
                .cols{display:grid;grid-template-columns:repeat(5,1fr);gap:12px} .cols ul{margin:4px 0;padding-left:18px;font-size:13px}
                </style></head><body>
                """.formatted(Html.escape(list)));
        html.append("<h1>MPP adoption: ").append(Html.escape(list)).append("</h1>");
        html.append("<p class=\"muted\">").append(adoption.rows().size()).append(" runs from ")
                .append(value(adoption, adoption.rows().getFirst(), "run_date")).append(" to ")
                .append(value(adoption, last, "run_date")).append("; last run ").append(lastRun)
                .append(" (").append(Html.escape(String.valueOf(value(adoption, last, "status")))).append("). Generated ")
                .append(generatedAt.truncatedTo(ChronoUnit.SECONDS)).append(". Shares are of seen domains: those that ")
                .append("answered, less those unseen behind a bot wall on every check.</p>");

        html.append("<div class=\"figures\">");
        figure(html, "domains listed", count(adoption, last, "domains"), null);
        figure(html, "reachable", count(adoption, last, "reachable"), share(adoption, last, "reachable_share"));
        figure(html, "seen", count(adoption, last, "seen"), null);
        String unseenShare = share(adoption, last, "unseen_share");
        figure(html, "unseen (bot walls)", count(adoption, last, "unseen"),
                unseenShare == null ? null : unseenShare + " of reachable");
        figure(html, "with ai-agent.json", count(adoption, last, "ai_agent_json"), null);
        figure(html, "declaring MPP", count(adoption, last, "declared"), share(adoption, last, "declared_share"));
        figure(html, "verified", count(adoption, last, "verified"), share(adoption, last, "verified_share"));
        figure(html, "verified on a main network", count(adoption, last, "verified_mainnet"), null);
        figure(html, "verified on a test network", count(adoption, last, "verified_testnet"), null);
        figure(html, "session-capable", count(adoption, last, "session_capable"), null);
        figure(html, "speak MPP, declare nothing", count(adoption, last, "undeclared_mpp"),
                share(adoption, last, "undeclared_share"));
        figure(html, "sell streams without a session", count(adoption, last, "session_missing_domains"), null);
        html.append("</div>");

        declaringTable(html, declaring, lastRun, offers);

        List<String> dates = column(adoption, "run_date").stream().map(String::valueOf).toList();
        html.append("<h2>Adoption share over time, by declaration source</h2>");
        html.append(SvgCharts.lineChart("Adoption share over time by source", dates, List.of(
                series(adoption, "declared (any)", "#000000", "declared_share"),
                series(adoption, "well-known", "#0072B2", "declared_well_known_share"),
                series(adoption, "Link header", "#E69F00", "declared_link_share"),
                series(adoption, "OpenAPI", "#CC79A7", "declared_openapi_share"),
                series(adoption, "verified", "#009E73", "verified_share"),
                series(adoption, "speaks MPP, undeclared", "#D55E00", "undeclared_share")), 300));
        html.append("<p class=\"muted\">Speaks MPP, undeclared: a valid Payment challenge where no declaration ")
                .append("names it (support exists but isn't declared: agents never learn of it).</p>");

        html.append("<h2>Verdict mix of declaring domains over time</h2>");
        html.append(SvgCharts.stackedBars("Verdict mix over time", dates, List.of(
                series(adoption, "verified", "#009E73", "verified"),
                series(adoption, "stub", "#E69F00", "stub"),
                series(adoption, "x402-confused", "#CC79A7", "x402_confused"),
                series(adoption, "invalid", "#D55E00", "invalid"),
                series(adoption, "auth required", "#56B4E9", "auth_required"),
                series(adoption, "needs input", "#F0E442", "needs_input"),
                series(adoption, "endpoint unreachable", "#999999", "endpoint_unreachable")), 300));

        unseenSites(html, walls, lastRun, count(adoption, last, "unseen"));

        long verified = count(adoption, last, "verified");
        html.append("<h2>Payment methods of verified domains (last run)</h2>");
        html.append(SvgCharts.horizontalBars("Payment methods", bars(methods, "method", verified)));
        html.append("<p class=\"muted\">Colour by class: ");
        CLASS_COLORS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> html
                .append("<span style=\"color:").append(e.getValue()).append("\">&#9632;</span> ")
                .append(e.getKey()).append(" &nbsp;"));
        html.append("</p>");
        otherMethods(html, methods);
        html.append("<h2>Intents of verified domains (last run)</h2>");
        html.append(SvgCharts.horizontalBars("Intents", bars(methods, "intent", verified)));

        priceChart(html, offers, priceNetwork, lastRun);

        streamsTable(html, streams, count(adoption, last, "stream_operations"),
                count(adoption, last, "streaming_domains"), count(adoption, last, "session_missing_operations"),
                count(adoption, last, "session_missing_domains"), lastRun);

        html.append("<h2>Top changes of the last run</h2>");
        html.append("<p class=\"muted\">Run ").append(lastRun).append(changes.previousRunId() == null
                ? ": the list's first completed comparison point, so no changes."
                : " against run " + changes.previousRunId() + ", in rank order.").append("</p>");
        html.append("<div class=\"cols\">");
        changeColumn(html, "Newly declaring", changes.newlyDeclaring());
        changeColumn(html, "Undeclared &rarr; declared", changes.undeclaredToDeclared());
        changeColumn(html, "Dropped", changes.dropped());
        changeColumn(html, "Broke", changes.broke());
        changeColumn(html, "Fixed", changes.fixed());
        changeColumn(html, "Unseen now", changes.unseen());
        html.append("</div>");
        html.append("<p class=\"muted\">Unseen now: declared in the previous run, behind a bot wall on every check ")
                .append("now; neither dropped nor broke. A domain unseen in either run is never counted as dropped, ")
                .append("broke or fixed.</p>");

        html.append("<h2>Runs</h2><table><tr>");
        String[] cols = {"run_id", "run_date", "status", "domains", "reachable", "seen", "unseen", "declared",
                "verified",
                "verified_mainnet", "verified_testnet", "stub", "x402_confused", "invalid", "auth_required",
                "needs_input", "undeclared_mpp", "session_capable", "session_missing_domains"};
        for (String c : cols) {
            html.append("<th>").append(c).append("</th>");
        }
        html.append("</tr>");
        List<List<Object>> rows = adoption.rows();
        for (int i = rows.size() - 1; i >= Math.max(0, rows.size() - 30); i--) {
            html.append("<tr>");
            for (String c : cols) {
                Object v = value(adoption, rows.get(i), c);
                html.append(v instanceof Number ? "<td class=\"n\">" : "<td>").append(Html.escape(String.valueOf(v)))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table></body></html>\n");
        return html.toString();
    }

    private static String listOf(ReportTable adoption, long runId) {
        for (List<Object> row : adoption.rows()) {
            if (((Number) value(adoption, row, "run_id")).longValue() == runId) {
                return (String) value(adoption, row, "list");
            }
        }
        throw new IllegalArgumentException("run " + runId + " has no summary");
    }

    private static List<SvgCharts.Bar> bars(ReportTable methods, String kind, long verified) {
        List<SvgCharts.Bar> bars = new ArrayList<>();
        for (List<Object> row : methods.rows()) {
            if (!kind.equals(value(methods, row, "kind"))) {
                continue;
            }
            long domains = ((Number) value(methods, row, "domains")).longValue();
            String methodClass = (String) value(methods, row, "method_class");
            String note = domains + " (" + percent(verified == 0 ? 0 : (double) domains / verified) + " of verified)"
                    + (methodClass == null ? "" : ", " + methodClass);
            bars.add(new SvgCharts.Bar((String) value(methods, row, "name"), domains,
                    methodClass == null ? "#56B4E9" : CLASS_COLORS.getOrDefault(methodClass, "#999999"), note));
        }
        return bars;
    }

    /**
     * Below the methods chart: what the {@code other} bar holds, the method names as found that no
     * published method specification defines.
     */
    private static void otherMethods(StringBuilder html, ReportTable methods) {
        for (List<Object> row : methods.rows()) {
            if (value(methods, row, "other_names") instanceof List<?> names && !names.isEmpty()) {
                html.append("<p class=\"muted\"><b>other</b>: methods that no published method specification ")
                        .append("defines (method drafts of tempoxyz/mpp-specs, official SDKs), as the sites name them: ");
                for (int i = 0; i < names.size() && i < OTHER_NAMES; i++) {
                    html.append(i == 0 ? "" : ", ").append("<code>").append(Html.escape(String.valueOf(names.get(i))))
                            .append("</code>");
                }
                html.append(names.size() > OTHER_NAMES ? " and " + (names.size() - OTHER_NAMES) + " more" : "")
                        .append(".</p>");
            }
        }
    }

    /**
     * The last run's unseen sites: reachable, but every check met a bot wall, one bar per vendor. They are
     * left out of every share above, neither adopting nor not.
     */
    private static void unseenSites(StringBuilder html, ReportTable walls, long lastRun, long unseen) {
        html.append("<h2>Sites the census could not see, by bot-wall vendor (last run)</h2>");
        if (unseen == 0) {
            html.append("<p class=\"muted\">No site of run ").append(lastRun)
                    .append(" was unseen: every site that answered showed the census some answer of its own.</p>");
            return;
        }
        html.append("<p class=\"muted\">").append(String.format(Locale.ROOT, "%,d", unseen))
                .append(unseen == 1 ? " site" : " sites").append(" of run ").append(lastRun)
                .append(" answered only with a bot wall's challenge or block page on every check: unseen, and left ")
                .append("out of the shares above (neither adopting nor not). The census does not try to get past ")
                .append("walls.</p>");
        List<SvgCharts.Bar> bars = new ArrayList<>();
        for (List<Object> row : walls.rows()) {
            long vendorUnseen = count(walls, row, "unseen");
            if (vendorUnseen == 0) {
                continue;
            }
            String share = share(walls, row, "unseen_share");
            long walled = count(walls, row, "walled");
            bars.add(new SvgCharts.Bar(vendorName((String) value(walls, row, "bot_vendor")), vendorUnseen, "#999999",
                    vendorUnseen + " unseen" + (share == null ? "" : " (" + share + " of reachable)")
                            + (walled > vendorUnseen ? "; " + walled + " with some check walled" : "")));
        }
        html.append(SvgCharts.horizontalBars("Unseen sites by bot-wall vendor", bars));
    }

    /** A vendor's name as people write it ({@code AWS WAF}); its code when the catalogue does not know it. */
    private static String vendorName(String code) {
        for (BotVendor vendor : BotVendor.values()) {
            if (vendor.code().equals(code)) {
                return vendor.displayName();
            }
        }
        return code;
    }

    private static void declaringTable(StringBuilder html, DeclaringDomains declaring, long lastRun,
                                       List<OfferPrice> offers) {
        Map<String, List<OfferPrice>> byDomain = new LinkedHashMap<>();
        offers.forEach(offer -> byDomain.computeIfAbsent(offer.domain(), d -> new ArrayList<>()).add(offer));
        html.append("<h2>Who declares MPP (last run)</h2>");
        if (declaring.total() == 0) {
            html.append("<p class=\"muted\">No domain of run ").append(lastRun).append(" declares MPP.</p>");
            return;
        }
        html.append("<p class=\"muted\">").append(declaring.total()).append(declaring.total() == 1 ? " domain" : " domains")
                .append(" of run ").append(lastRun).append(" declare MPP, by rank (list order where the list has none).")
                .append("</p><table><tr><th>rank</th><th>domain</th><th>declared via</th><th>verdict</th>")
                .append("<th>methods</th><th>intents</th><th>price</th><th>first seen declaring</th></tr>");
        for (DeclaringDomains.Row row : declaring.rows()) {
            html.append("<tr><td class=\"n\">").append(row.rank() == null ? "" : row.rank()).append("</td><td>")
                    .append(Html.escape(row.domain())).append("</td><td>")
                    .append(Html.escape(String.join(", ", row.declaredVia()))).append("</td><td")
                    .append("verified".equals(row.verdict()) ? " class=\"verified\">" : ">")
                    .append(Html.escape(row.verdict())).append("</td><td>")
                    .append(Html.escape(String.join(", ", row.methods())))
                    .append(row.otherMethods().isEmpty() ? "" : (row.methods().isEmpty() ? "" : ", ")
                            + "<span class=\"muted\">other: " + Html.escape(String.join(", ", row.otherMethods()))
                            + "</span>")
                    .append("</td><td>")
                    .append(Html.escape(String.join(", ", row.intents()))).append("</td><td>")
                    .append(Html.escape(PriceLabels.of(byDomain.getOrDefault(row.domain(), List.of()))))
                    .append("</td><td>")
                    .append(row.firstDeclaringRunDate()).append(" (run ").append(row.firstDeclaringRunId())
                    .append(row.firstDeclaringRunId() == lastRun ? ", new" : "").append(")</td></tr>");
        }
        html.append("</table>");
        html.append("<p class=\"muted\">Price: what the domain's offers ask (402 challenges of its verified ")
                .append("endpoints and <code>x-payment-info</code> of its OpenAPI document), in US dollars where the ")
                .append("currency is the dollar or a known USD stablecoin, else in the currency's units; a range, ")
                .append("<code>dynamic</code> (priced at request time) or <code>several</code> distinct prices, ")
                .append("cheapest first.</p>");
        long rest = declaring.total() - declaring.rows().size();
        if (rest > 0) {
            html.append("<p class=\"muted\">and ").append(rest).append(" more; <code>mpp-census export --run ")
                    .append(lastRun).append("</code> lists every domain.</p>");
        }
    }

    /**
     * The distribution of the last run's fixed prices in US dollars, one per offer, on a log scale, stacked by
     * where the offer came from; of {@code network}'s offers only, with what is left out counted in the caption.
     */
    private static void priceChart(StringBuilder html, List<OfferPrice> offers, PriceNetwork network, long lastRun) {
        if (offers.isEmpty()) {
            html.append("<h2>What MPP costs (last run)</h2><p class=\"muted\">Run ").append(lastRun)
                    .append(" recorded no offers: no verified challenge and no <code>x-payment-info</code>.</p>");
            return;
        }
        List<BigDecimal> challenge = new ArrayList<>();
        List<BigDecimal> openapi = new ArrayList<>();
        long otherNetworks = 0;
        long ranges = 0;
        long noPrice = 0;
        long invalid = 0;
        long noDollars = 0;
        long free = 0;
        for (OfferPrice offer : offers) {
            if (!network.includes(offer.network())) {
                otherNetworks += offer.fixedUsd() ? 1 : 0;
            } else if (offer.fixedUsd()) {
                (offer.source().equals("challenge") ? challenge : openapi).add(offer.amountUsd());
            } else if (!offer.valid()) {
                invalid++;
            } else if (offer.priceMode().equals("range")) {
                ranges++;
            } else if (!offer.priceMode().equals("fixed")) {
                noPrice++;
            } else if (offer.amountUsd() != null && offer.price() != null) {
                free++;
            } else {
                noDollars++;
            }
        }
        List<BigDecimal> shown = new ArrayList<>(challenge);
        shown.addAll(openapi);
        shown.sort(null);
        html.append("<h2>What MPP costs: fixed prices in US dollars (last run, ")
                .append(switch (network) {
                    case MAINNET -> "mainnet only";
                    case TESTNET -> "testnet only";
                    case ALL -> "every network";
                }).append(")</h2>");
        html.append(SvgCharts.logHistogram("Fixed prices in US dollars, log scale", "$", List.of(
                new SvgCharts.Values("402 challenge", "#0072B2", challenge),
                new SvgCharts.Values("OpenAPI x-payment-info", "#E69F00", openapi)), 260));
        html.append("<p class=\"muted\">").append(shown.size()).append(shown.size() == 1 ? " fixed price" : " fixed prices")
                .append(" in US dollars of run ").append(lastRun).append(", one per offer, on a logarithmic scale ")
                .append("(each power of ten split at 2 and 5)");
        if (!shown.isEmpty()) {
            html.append("; median ").append(PriceLabels.dollars(quantile(shown, 0.5))).append(", quartiles ")
                    .append(PriceLabels.dollars(quantile(shown, 0.25))).append(" and ")
                    .append(PriceLabels.dollars(quantile(shown, 0.75)));
        }
        html.append(". ").append(switch (network) {
            case MAINNET -> "Mainnet only: offers on a main network and of methods without one (card payments in "
                    + "dollars); " + otherNetworks + " dollar prices on a test network or an unknown chain are left out "
                    + "(<code>report html --price-network all</code> shows them).";
            case TESTNET -> "Testnet only: " + otherNetworks + " dollar prices on other networks are left out.";
            case ALL -> "Every network, test networks included.";
        }).append(" Not shown: ").append(ranges).append(" ranges, ").append(noPrice).append(" dynamic or quote ")
                .append("prices, ").append(invalid).append(" invalid amounts, ").append(noDollars)
                .append(" prices without a known dollar value, ").append(free).append(" free; ")
                .append("<code>report prices</code> counts them all, per method and currency.</p>");
    }

    /** The {@code p} quantile of sorted {@code values}, interpolated between neighbours as percentile_cont does. */
    static BigDecimal quantile(List<BigDecimal> values, double p) {
        BigDecimal position = BigDecimal.valueOf(p).multiply(BigDecimal.valueOf(values.size() - 1));
        int below = position.intValue();
        BigDecimal fraction = position.subtract(BigDecimal.valueOf(below));
        BigDecimal low = values.get(below);
        if (fraction.signum() == 0) {
            return low;
        }
        BigDecimal high = values.get(below + 1);
        return low.add(high.subtract(low).multiply(fraction)).setScale(Math.max(low.scale(), high.scale()) + 2,
                RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /**
     * The last run's operations that sell a stream but offer no session, with why each counts as a stream and
     * the offers it was judged on.
     */
    private static void streamsTable(StringBuilder html, ReportTable streams, long streamOperations,
                                     long streamingDomains, long missingOperations, long missingDomains, long lastRun) {
        html.append("<h2>Streaming operations without a session (last run)</h2>");
        html.append("<p class=\"muted\">").append(streamOperations).append(" operations on ").append(streamingDomains)
                .append(" sites sell a stream (a streamed response, or a price per unit of usage); ")
                .append(missingOperations).append(" operations on ").append(missingDomains)
                .append(" sites offer no session for it: a one-shot flow where a session is needed.</p>");
        if (streams.rows().isEmpty()) {
            return;
        }
        html.append("<table><tr><th>rank</th><th>domain</th><th>verdict</th><th>operation</th>")
                .append("<th>sells a stream because</th><th>offers (from)</th></tr>");
        for (List<Object> row : streams.rows().stream().limit(STREAM_ROWS).toList()) {
            Object rank = value(streams, row, "rank");
            html.append("<tr><td class=\"n\">").append(rank == null ? "" : rank).append("</td><td>")
                    .append(Html.escape(String.valueOf(value(streams, row, "domain")))).append("</td><td>")
                    .append(Html.escape(String.valueOf(value(streams, row, "verdict")))).append("</td><td>")
                    .append(Html.escape(value(streams, row, "http_method") + " " + value(streams, row, "path")))
                    .append("</td><td>").append(Html.escape(joined(value(streams, row, "reasons"))))
                    .append("</td><td>").append(Html.escape(joined(value(streams, row, "intents")) + " ("
                            + value(streams, row, "offers_from") + ")")).append("</td></tr>");
        }
        html.append("</table>");
        if (streams.rows().size() > STREAM_ROWS) {
            html.append("<p class=\"muted\">and ").append(streams.rows().size() - STREAM_ROWS)
                    .append(" more; <code>mpp-census report streams --run ").append(lastRun)
                    .append("</code> lists them all.</p>");
        }
    }

    private static String joined(Object list) {
        return list instanceof List<?> values ? String.join(", ", values.stream().map(String::valueOf).toList())
                : String.valueOf(list);
    }

    private static void changeColumn(StringBuilder html, String title, List<String> domains) {
        html.append("<div><b>").append(title).append("</b> <span class=\"muted\">(").append(domains.size())
                .append(")</span><ul>");
        domains.stream().limit(TOP_CHANGES).forEach(d -> html.append("<li>").append(Html.escape(d)).append("</li>"));
        if (domains.size() > TOP_CHANGES) {
            html.append("<li class=\"muted\">and ").append(domains.size() - TOP_CHANGES).append(" more</li>");
        }
        html.append("</ul></div>");
    }

    private static void figure(StringBuilder html, String label, long count, String share) {
        html.append("<div class=\"figure\"><b>").append(String.format(Locale.ROOT, "%,d", count)).append("</b><span>")
                .append(label).append(share == null ? "" : " &middot; " + share).append("</span></div>");
    }

    private static SvgCharts.Series series(ReportTable table, String name, String color, String column) {
        return new SvgCharts.Series(name, color, column(table, column).stream()
                .map(v -> v == null ? null : (Number) v).toList());
    }

    private static List<Object> column(ReportTable table, String name) {
        int index = table.columns().indexOf(name);
        return table.rows().stream().map(row -> row.get(index)).toList();
    }

    private static Object value(ReportTable table, List<Object> row, String column) {
        return row.get(table.columns().indexOf(column));
    }

    private static long count(ReportTable table, List<Object> row, String column) {
        Object v = value(table, row, column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static String share(ReportTable table, List<Object> row, String column) {
        Object v = value(table, row, column);
        return v == null ? null : percent(((Number) v).doubleValue());
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, fraction * 100 >= 10 || fraction == 0 ? "%.0f%%" : "%.1f%%", fraction * 100);
    }
}
