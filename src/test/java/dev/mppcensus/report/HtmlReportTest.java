package dev.mppcensus.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.cli.CensusCli;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The HTML report's table of declaring domains, rendered by {@code report html} from rows stored the way the
 * census writes them: two nights of a list in which {@link #DECLARING} domains declare on the second night
 * (the even ranks already on the first), stored in shuffled order, plus domains that declare nothing; and a
 * night of another list with sites behind bot walls, whose shares are of the sites seen.
 */
class HtmlReportTest {

    private static final String LIST = "html-declaring";
    private static final String WALLED_LIST = "html-walls";
    private static long walledRun;
    /** Run ids from Spring Batch's job instance sequence (as the census takes them): later runs of other tests stay the newest. */
    private static long first;
    private static long second;
    /** More than the page lists, so that the rest is counted. */
    private static final int DECLARING = HtmlReport.DECLARING_ROWS + 7;
    private static final Pattern ROW = Pattern.compile(
            "<tr><td class=\"n\">(\\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td[^>]*>([^<]*)</td>"
                    + "<td>((?:[^<]|<span class=\"muted\">[^<]*</span>)*)</td>"
                    + "<td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td></tr>");

    @TempDir
    static Path dir;

    @BeforeAll
    static void storeTwoNights() throws SQLException {
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 1; rank <= DECLARING + 20; rank++) {
            ranks.add(rank);
        }
        Collections.shuffle(ranks, new Random(7));
        JdbcTemplate jdbc = TestDatabase.migrated();
        first = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 2, 1)).insertInto(jdbc);
        second = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 2, 2)).insertInto(jdbc);
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl())) {
            for (int rank : ranks) {
                boolean declares = rank <= DECLARING;
                result(c, first, rank, declares && rank % 2 == 0);
                result(c, second, rank, declares);
            }
        }
        storeAWalledNight(jdbc);
    }

    /**
     * Ten reachable sites: 2 verified, 4 declaring nothing, 1 declaring nothing with its OpenAPI paths behind
     * Cloudflare (seen), 3 unseen (2 behind Cloudflare, 1 behind AWS WAF).
     */
    private static void storeAWalledNight(JdbcTemplate jdbc) {
        walledRun = TestRun.numbered(WALLED_LIST).completedOn(LocalDate.of(2026, 2, 10)).insertInto(jdbc);
        String[][] sites = {
                {"verified", null}, {"verified", null}, {"not_declared", null}, {"not_declared", null},
                {"not_declared", null}, {"not_declared", null}, {"not_declared", "cloudflare"},
                {"unseen", "cloudflare"}, {"unseen", "cloudflare"}, {"unseen", "aws_waf"}};
        for (int i = 0; i < sites.length; i++) {
            String domain = "walled-" + (i + 1) + ".test";
            String verdict = sites[i][0];
            String vendor = sites[i][1];
            boolean verified = verdict.equals("verified");
            jdbc.update("INSERT INTO run_domain (run_id, domain, line_no, rank) VALUES (?, ?, ?, ?)", walledRun, domain,
                    i + 1, i + 1);
            jdbc.update("""
                    INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, error_kind, declared_via,
                        domain_verdict, methods, intents, duration_ms, bot_vendor)
                    VALUES (?, ?, ?, now(), true, ?, ?::text[], ?, ?::text[], ?::text[], 10, ?)""", walledRun, domain,
                    i + 1, vendor == null ? null : "bot_challenge", verified ? "{openapi}" : "{}", verdict,
                    verified ? "{tempo}" : "{}", verified ? "{charge}" : "{}", vendor);
        }
    }

    /** Unseen sites are counted apart, per vendor, and left out of the shares. */
    @Test
    void sharesAreOfSeenSitesAndUnseenSitesAreShownApartPerVendor() throws Exception {
        String html = renderedPage(WALLED_LIST);

        assertThat(html).contains("Shares are of seen domains")
                .contains("<b>10</b><span>reachable")
                .contains("<b>7</b><span>seen</span>")
                .contains("<b>3</b><span>unseen (bot walls) &middot; 30% of reachable</span>")
                // 2 of the 7 seen sites, not 2 of the 10 reachable
                .contains("<b>2</b><span>declaring MPP &middot; 29%</span>")
                .contains("<b>2</b><span>verified &middot; 29%</span>");
        String unseen = html.substring(html.indexOf("<h2>Sites the census could not see"),
                html.indexOf("<h2>Payment methods of verified domains"));
        assertThat(unseen).contains("3 sites of run " + walledRun + " answered only with a bot wall")
                .contains("text-anchor=\"end\">Cloudflare</text>")
                .contains("2 unseen (20% of reachable); 3 with some check walled")
                .contains("text-anchor=\"end\">AWS WAF</text>").contains("1 unseen (10% of reachable)</text>");
        assertThat(unseen.indexOf(">Cloudflare<")).isLessThan(unseen.indexOf(">AWS WAF<"));
        assertThat(html.substring(html.indexOf("<h2>Runs</h2>"))).contains("<th>seen</th><th>unseen</th>")
                .contains("<td class=\"n\">10</td><td class=\"n\">7</td><td class=\"n\">3</td>");
    }

    @Test
    void aListWithoutUnseenSitesSaysSo() throws Exception {
        String html = renderedPage();

        assertThat(html).contains("No site of run " + second + " was unseen")
                .doesNotContain("Unseen sites by bot-wall vendor");
    }

    @Test
    void aRunWithoutOffersSaysSoInsteadOfAPriceChart() throws Exception {
        String html = renderedPage();

        assertThat(html).contains("<h2>What MPP costs (last run)</h2><p class=\"muted\">Run " + second
                + " recorded no offers").doesNotContain("Fixed prices in US dollars, log scale");
    }

    @Test
    void listsTheLastRunsDeclaringDomainsByRankCappedWithTheRestCounted() throws Exception {
        String html = renderedPage();

        assertThat(html).contains("<h2>Who declares MPP (last run)</h2>")
                .contains(DECLARING + " domains of run " + second + " declare MPP")
                .contains("and 7 more; <code>mpp-census export --run " + second + "</code>")
                .doesNotContain("<script");
        List<Integer> ranks = new ArrayList<>();
        String table = html.substring(html.indexOf("Who declares MPP"));
        Matcher row = ROW.matcher(table.substring(0, table.indexOf("</table>")));
        while (row.find()) {
            int rank = Integer.parseInt(row.group(1));
            ranks.add(rank);
            assertThat(row.group(2)).isEqualTo(domain(rank));
            assertThat(row.group(3)).isEqualTo(rank % 3 == 0 ? "well_known, link" : "openapi");
            assertThat(row.group(4)).isEqualTo(rank % 5 == 0 ? "stub" : "verified");
            assertThat(row.group(7)).isEqualTo(rank % 2 == 0
                    ? "2026-02-01 (run " + first + ")" : "2026-02-02 (run " + second + ", new)");
        }
        List<Integer> expected = new ArrayList<>();
        for (int rank = 1; rank <= HtmlReport.DECLARING_ROWS; rank++) {
            expected.add(rank);
        }
        assertThat(ranks).isEqualTo(expected);
    }

    @Test
    void escapesWhatTheServersSent() throws Exception {
        String html = renderedPage();

        assertThat(html).contains("<td>tempo, <span class=\"muted\">other: x&lt;img src=x onerror=alert(1)&gt;</span>"
                        + "</td><td>charge, &quot;session&#39;</td>")
                .contains("<code>x&lt;img src=x onerror=alert(1)&gt;</code>")
                .doesNotContain("<img");
    }

    /** A name one site gives its method is shown apart, never as a payment method of its own. */
    @Test
    void methodsWithoutASpecificationAreOneOtherBar() throws Exception {
        String html = renderedPage();
        String methods = html.substring(html.indexOf("<h2>Payment methods of verified domains"),
                html.indexOf("<h2>Intents of verified domains"));

        assertThat(methods).contains("text-anchor=\"end\">tempo</text>").contains("text-anchor=\"end\">other</text>")
                .doesNotContain("text-anchor=\"end\">x&lt;img")
                .contains("<b>other</b>: methods that no published method specification defines");
        assertThat(html.substring(html.indexOf("Who declares MPP"))).contains("<td>tempo</td>");
    }

    private static String renderedPage() throws Exception {
        return renderedPage(LIST);
    }

    private static String renderedPage(String list) throws Exception {
        Path out = dir.resolve("report-" + System.nanoTime() + ".html");
        String err = report("html", "--list", list, "--out", out.toString());
        assertThat(out).as(err).exists();
        return Files.readString(out);
    }

    private static String report(String... args) {
        System.setProperty("spring.datasource.url", TestDatabase.jdbcUrl());
        StringWriter err = new StringWriter();
        List<String> command = new ArrayList<>(List.of("report"));
        command.addAll(List.of(args));
        CensusCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                command.toArray(String[]::new));
        return err.toString();
    }

    private static String domain(int rank) {
        return "site-" + rank + ".test";
    }

    private static void result(Connection c, long runId, int rank, boolean declares) throws SQLException {
        try (PreparedStatement domain = c.prepareStatement(
                "INSERT INTO run_domain (run_id, domain, line_no, rank) VALUES (?, ?, ?, ?)")) {
            domain.setLong(1, runId);
            domain.setString(2, domain(rank));
            domain.setLong(3, rank + 1);
            domain.setInt(4, rank);
            domain.executeUpdate();
        }
        List<String> via = !declares ? List.of() : rank % 3 == 0 ? List.of("well_known", "link") : List.of("openapi");
        String verdict = !declares ? "not_declared" : rank % 5 == 0 ? "stub" : "verified";
        boolean hostile = declares && rank == 1;
        try (PreparedStatement result = c.prepareStatement("""
                INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, declared_via, domain_verdict,
                    methods, intents, duration_ms)
                VALUES (?, ?, ?, now(), true, ?, ?, ?, ?, 10)""")) {
            result.setLong(1, runId);
            result.setString(2, domain(rank));
            result.setInt(3, rank);
            result.setArray(4, c.createArrayOf("text", via.toArray()));
            result.setString(5, verdict);
            result.setArray(6, c.createArrayOf("text", hostile
                    ? new String[] {"tempo", "x<img src=x onerror=alert(1)>"} : new String[] {"tempo"}));
            result.setArray(7, c.createArrayOf("text", hostile
                    ? new String[] {"charge", "\"session'"} : new String[] {"charge"}));
            result.executeUpdate();
        }
    }
}
