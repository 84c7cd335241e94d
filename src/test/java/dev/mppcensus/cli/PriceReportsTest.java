package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What MPP costs, read back: {@code report prices}, the price changes of {@code report changes}, the HTML
 * report's price chart and price column, the views and the example queries of docs/sql.md, over offers
 * stored as {@code payment_offer} rows the way the scan writes them. Three nights of one list (the third is
 * the one reported; the first only holds an operation the second night missed) and a list whose latest run
 * is still running. Every expected figure below is worked out by hand from the offers in the comments.
 */
class PriceReportsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LIST = "price-fleet";
    private static final String RUNNING_LIST = "price-running";
    /** pathUSD on Tempo: 6 decimals, one US dollar. */
    private static final String PATH_USD = "0x20c0000000000000000000000000000000000000";
    private static final String UNKNOWN_TOKEN = "0x1111111111111111111111111111111111111111";
    private static final String EURO_TOKEN = "0xeurc000000000000000000000000000000000000";

    private static long r0;
    private static long r1;
    private static long r2;
    private static long completed;
    private static long running;

    @TempDir
    static Path dir;

    /** One stored offer; {@code path} is appended to {@code https://DOMAIN}. */
    record Offer(String domain, String path, String source, String method, String intent, String network,
            String currency, String mode, String amount, String amountMin, String amountMax, String price,
            String priceMin, String priceMax, String usd, String usdMin, String usdMax, String invalid) {
    }

    private static Offer fixed(String domain, String path, String source, String method, String intent, String network,
            String currency, String amount, String price, String usd) {
        return new Offer(domain, path, source, method, intent, network, currency, "fixed", amount, null, null, price,
                null, null, usd, null, null, null);
    }

    /** A Tempo mainnet charge in pathUSD, from a challenge: base units, 6 decimals, dollars. */
    private static Offer tempo(String domain, String path, String amount, String price) {
        return fixed(domain, path, "challenge", "tempo", "charge", "mainnet", PATH_USD, amount, price, price);
    }

    private static Offer invalid(String domain, String path, String amount, String reason) {
        return new Offer(domain, path, "challenge", "tempo", "charge", "mainnet", PATH_USD, "fixed", amount, null, null,
                null, null, null, null, null, null, reason);
    }

    private static Offer range(String domain, String path, String min, String max) {
        return new Offer(domain, path, "openapi", null, null, null, "USD", "range", null, min, max, null, min, max, null,
                min, max, null);
    }

    private static Offer unpriced(String domain, String path, String mode) {
        return new Offer(domain, path, "openapi", null, null, null, "USD", mode, null, null, null, null, null, null, null,
                null, null, null);
    }

    private static Offer sessionDynamic(String domain, String path) {
        return new Offer(domain, path, "challenge", "tempo", "session", "mainnet", PATH_USD, "dynamic", null, null, null,
                null, null, null, null, null, null, null);
    }

    @BeforeAll
    static void storeThreeNights() {
        JdbcTemplate jdbc = TestDatabase.migrated();
        r0 = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 4, 1)).insertInto(jdbc);
        r1 = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 4, 2)).insertInto(jdbc);
        r2 = TestRun.numbered(LIST).completedOn(LocalDate.of(2026, 4, 3)).insertInto(jdbc);
        // the first night only saw k.prices.test; the second missed it
        store(jdbc, r0, List.of(tempo("k.prices.test", "/k", "20000", "0.02")));
        store(jdbc, r1, List.of(
                tempo("a.prices.test", "/api/search", "5000", "0.005"),                     // -> 0.01: up
                fixed("a.prices.test", "/api/search", "openapi", "tempo", "charge", "mainnet", PATH_USD, "10000", "0.01",
                        "0.01"),                                                       // same
                tempo("b.prices.test", "/v1/a", "1000", "0.001"),                             // same
                sessionDynamic("b.prices.test", "/v1/stream"),                                // -> fixed 0.0001
                tempo("b.prices.test", "/v1/c", "20000", "0.02"),                             // same
                tempo("c.prices.test", "/v1/big", "1000000", "1"),                            // -> 2: up
                invalid("c.prices.test", "/v1/bad", "abc", "not_a_number"),                   // same amount as given
                // -> 0.25: down
                fixed("d.prices.test", "/checkout", "challenge", "stripe", "charge", null, "usd", "50", "0.5", "0.5"),
                range("e.prices.test", "/search", "0.01", "0.05"),                            // -> 0.01..0.10
                unpriced("e.prices.test", "/dynamic", "dynamic"),                             // no price to change
                unpriced("e.prices.test", "/quote", "quote"),
                fixed("f.prices.test", "/t", "challenge", "tempo", "charge", "testnet", PATH_USD, "5000", "0.005", "0.005"),
                fixed("g.prices.test", "/x", "challenge", "evm", "charge", "mainnet", UNKNOWN_TOKEN, "123", null, null),
                fixed("g.prices.test", "/y", "challenge", "evm", "charge", "mainnet", EURO_TOKEN, "500000", "0.5", null),
                tempo("h.prices.test", "/gone", "7000", "0.007")));                           // gone on the third night
        store(jdbc, r2, List.of(
                tempo("a.prices.test", "/api/search", "10000", "0.01"),
                fixed("a.prices.test", "/api/search", "openapi", "tempo", "charge", "mainnet", PATH_USD, "10000", "0.01",
                        "0.01"),
                tempo("b.prices.test", "/v1/a", "1000", "0.001"),
                tempo("b.prices.test", "/v1/b", "50000", "0.05"),                             // new operation: no change
                fixed("b.prices.test", "/v1/stream", "challenge", "tempo", "session", "mainnet", PATH_USD, "100", "0.0001",
                        "0.0001"),
                tempo("b.prices.test", "/v1/c", "20000", "0.02"),
                tempo("c.prices.test", "/v1/big", "2000000", "2"),
                invalid("c.prices.test", "/v1/bad", "abc", "not_a_number"),
                fixed("d.prices.test", "/checkout", "challenge", "stripe", "charge", null, "usd", "25", "0.25", "0.25"),
                range("e.prices.test", "/search", "0.01", "0.10"),
                unpriced("e.prices.test", "/dynamic", "dynamic"),
                unpriced("e.prices.test", "/quote", "quote"),
                fixed("f.prices.test", "/t", "challenge", "tempo", "charge", "testnet", PATH_USD, "5000", "0.005", "0.005"),
                fixed("g.prices.test", "/x", "challenge", "evm", "charge", "mainnet", UNKNOWN_TOKEN, "123", null, null),
                fixed("g.prices.test", "/y", "challenge", "evm", "charge", "mainnet", EURO_TOKEN, "500000", "0.5", null),
                tempo("k.prices.test", "/k", "30000", "0.03"),                                // against the first night: up
                invalid("i.prices.test", "/neg", "-5", "negative")));
        domain(jdbc, r2, "j.prices.test");                                                    // declares, offers nothing

        completed = TestRun.numbered(RUNNING_LIST).completedOn(LocalDate.of(2026, 4, 5)).insertInto(jdbc);
        running = TestRun.numbered(RUNNING_LIST).insertInto(jdbc);
        jdbc.update("UPDATE census_run SET run_date = ? WHERE id = ?", LocalDate.of(2026, 4, 6), running);
        store(jdbc, completed, List.of(tempo("x.prices.test", "/x", "7000", "0.007")));
        store(jdbc, running, List.of(tempo("x.prices.test", "/x", "9000", "0.009")));
    }

    private static final List<String> RANKED = List.of("a.prices.test", "b.prices.test", "c.prices.test",
            "d.prices.test", "e.prices.test", "f.prices.test",
            "g.prices.test", "h.prices.test", "k.prices.test", "i.prices.test", "j.prices.test", "x.prices.test");

    private static void store(JdbcTemplate jdbc, long runId, List<Offer> offers) {
        Map<String, Integer> next = new HashMap<>();
        for (Offer o : offers) {
            if (!next.containsKey(o.domain())) {
                domain(jdbc, runId, o.domain());
            }
            int index = next.merge(o.domain(), 1, Integer::sum) - 1;
            jdbc.update("""
                    INSERT INTO payment_offer (run_id, domain, offer_index, url, http_method, operation, source,
                        payment_method, intent, network, chain_id, currency, price_mode, amount, amount_min, amount_max,
                        amount_unit, decimals, price, price_min, price_max, amount_usd, amount_min_usd, amount_max_usd,
                        invalid_reason)
                    VALUES (?, ?, ?, ?, 'POST', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::numeric, ?::numeric,
                        ?::numeric, ?::numeric, ?::numeric, ?::numeric, ?)""",
                    runId, o.domain(), index, "https://" + o.domain() + o.path(), "POST " + o.path(), o.source(),
                    o.method(), o.intent(), o.network(),
                    o.network() == null ? null : o.network().equals("mainnet") ? 4217L : 42431L, o.currency(), o.mode(),
                    o.amount(), o.amountMin(), o.amountMax(),
                    o.mode().equals("range") ? "decimal" : o.amount() == null ? null : "base_units",
                    o.price() == null && o.priceMin() == null ? null : o.currency().equals("usd") ? 2 : 6,
                    o.price(), o.priceMin(), o.priceMax(), o.usd(), o.usdMin(), o.usdMax(), o.invalid());
        }
    }

    private static void domain(JdbcTemplate jdbc, long runId, String domain) {
        int rank = RANKED.indexOf(domain) + 1;
        jdbc.update("INSERT INTO run_domain (run_id, domain, line_no, rank) VALUES (?, ?, ?, ?)", runId, domain, rank,
                rank);
        jdbc.update("""
                INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, declared_via, domain_verdict,
                    methods, intents, duration_ms)
                VALUES (?, ?, ?, now(), true, '{openapi}', 'verified', '{tempo}', '{charge}', 10)""", runId, domain, rank);
    }

    /**
     * The third night, per source, method, intent, network and currency. Tempo mainnet charges from challenges:
     * 0.01 (a), 0.001, 0.05, 0.02 (b), 2 (c), 0.03 (k), and the invalid "abc" (c) and "-5" (i): 8 offers, 6 priced,
     * sorted 0.001 0.01 0.02 0.03 0.05 2; percentile_cont at 0.25 is position 1.25: 0.01 + 0.25 * 0.01 = 0.0125,
     * the median position 2.5: 0.025, at 0.75 position 3.75: 0.03 + 0.75 * 0.02 = 0.045.
     */
    @Test
    void pricesJsonGivesTheDistributionPerMethodIntentNetworkAndCurrency() throws Exception {
        CliRunner.Result result = CliRunner.run("report", "prices", "--run", String.valueOf(r2), "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode rows = JSON.readTree(result.out());
        List<String> keys = new ArrayList<>();
        rows.forEach(row -> keys.add(text(row, "source") + " " + text(row, "payment_method") + " " + text(row, "intent")
                + " " + text(row, "network") + " " + text(row, "currency")));
        assertThat(keys).containsExactly(
                "challenge evm charge mainnet " + UNKNOWN_TOKEN,
                "challenge evm charge mainnet " + EURO_TOKEN,
                "challenge stripe charge null usd",
                "challenge tempo charge mainnet " + PATH_USD,
                "challenge tempo charge testnet " + PATH_USD,
                "challenge tempo session mainnet " + PATH_USD,
                "openapi tempo charge mainnet " + PATH_USD,
                "openapi null null null USD");

        JsonNode tempo = rows.get(3);
        assertCounts(tempo, 8, 6, 0, 0, 0, 2, 0);
        assertNumbers(tempo, "min_price", "0.001", "q1_price", "0.0125", "median_price", "0.025", "q3_price", "0.045",
                "max_price", "2");
        assertThat(tempo.get("priced_usd").asLong()).isEqualTo(6);
        assertNumbers(tempo, "min_usd", "0.001", "q1_usd", "0.0125", "median_usd", "0.025", "q3_usd", "0.045",
                "max_usd", "2");

        // a price in euro tokens: known in the currency, unknown in dollars
        JsonNode euro = rows.get(1);
        assertCounts(euro, 1, 1, 0, 0, 0, 0, 0);
        assertNumbers(euro, "min_price", "0.5", "median_price", "0.5", "max_price", "0.5");
        assertThat(euro.get("priced_usd").asLong()).isZero();
        assertThat(euro.get("median_usd").isNull()).isTrue();
        // a token of unknown decimals: no price at all, counted apart
        assertCounts(rows.get(0), 1, 0, 0, 0, 0, 0, 1);
        assertThat(rows.get(0).get("min_price").isNull()).isTrue();
        // the range, the dynamic and the quote price of e.prices.test's document: never in the statistics
        JsonNode document = rows.get(7);
        assertCounts(document, 3, 0, 1, 1, 1, 0, 0);
        assertThat(document.get("min_price").isNull()).isTrue();
        assertNumbers(document, "range_min", "0.01", "range_max", "0.1", "range_min_usd", "0.01", "range_max_usd", "0.1");
        // the testnet price stays apart from the mainnet ones
        assertNumbers(rows.get(4), "min_usd", "0.005", "max_usd", "0.005");
        assertNumbers(rows.get(5), "median_price", "0.0001");
        assertNumbers(rows.get(2), "median_usd", "0.25");
    }

    @Test
    void pricesCsvAndTablePrintTheSameFigures() {
        CliRunner.Result csv = CliRunner.run("report", "prices", "--run", String.valueOf(r2), "--format", "csv");

        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("source,payment_method,intent,network,currency,offers,priced,min_price,"
                + "q1_price,median_price,q3_price,max_price,priced_usd,min_usd,q1_usd,median_usd,q3_usd,max_usd,ranges,"
                + "range_min,range_max,range_min_usd,range_max_usd,dynamic,quote,invalid,decimals_unknown");
        assertThat(lines).contains("challenge,tempo,charge,mainnet," + PATH_USD
                        + ",8,6,0.001,0.0125,0.025,0.045,2,6,0.001,0.0125,0.025,0.045,2,0,,,,,0,0,2,0",
                "openapi,,,,USD,3,0,,,,,,0,,,,,,1,0.01,0.1,0.01,0.1,1,1,0,0");
        assertThat(lines).hasSize(9);

        CliRunner.Result table = CliRunner.run("report", "prices", "--run", String.valueOf(r2));
        List<String> printed = table.out().lines().toList();
        assertThat(printed.getFirst()).isEqualTo("run " + r2 + ": prices of 17 offers");
        assertThat(printed.get(1)).startsWith("source").contains("median_price").contains("median_usd");
        assertThat(printed).anySatisfy(line -> assertThat(line.split("\\s+")).containsExactly("challenge", "tempo",
                "charge", "mainnet", PATH_USD, "8", "6", "0.001", "0.0125", "0.025", "0.045", "2", "0.001", "0.0125",
                "0.025", "0.045", "2", "0", "0", "0", "2", "0"));
    }

    @Test
    void pricesDefaultToTheLatestCompletedRun() throws Exception {
        JsonNode latest = JSON.readTree(CliRunner.run("report", "prices", "--list", RUNNING_LIST, "--format", "json")
                .out());
        assertThat(latest).hasSize(1);
        assertNumbers(latest.get(0), "median_usd", "0.007");

        JsonNode stillRunning = JSON.readTree(CliRunner.run("report", "prices", "--run", String.valueOf(running),
                "--format", "json").out());
        assertNumbers(stillRunning.get(0), "median_usd", "0.009");
        assertThat(CliRunner.run("report", "prices", "--run", "123456789").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRunner.run("report", "prices", "--list", "no-such-list").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    /**
     * Against the second night: a up (0.005 to 0.01), b's stream from dynamic to 0.0001, c up (1 to 2), d down
     * (0.5 to 0.25), e's range 0.01..0.05 to 0.01..0.10; k.prices.test changed too, but against the first night.
     */
    @Test
    void changesListThePriceChangesAgainstThePreviousRun() throws Exception {
        JsonNode changes = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(r2), "--format",
                "json").out());

        assertThat(changes.get("previous_run_id").asLong()).isEqualTo(r1);
        JsonNode prices = changes.get("price_changes");
        List<String> lines = new ArrayList<>();
        prices.forEach(p -> lines.add(text(p, "domain") + " " + text(p, "url") + " " + text(p, "source") + " "
                + text(p, "previous_price_text") + " -> " + text(p, "price_text") + " " + text(p, "direction")));
        assertThat(lines).containsExactly(
                "a.prices.test https://a.prices.test/api/search challenge 0.005 -> 0.01 up",
                "b.prices.test https://b.prices.test/v1/stream challenge dynamic -> 0.0001 null",
                "c.prices.test https://c.prices.test/v1/big challenge 1 -> 2 up",
                "d.prices.test https://d.prices.test/checkout challenge 0.5 -> 0.25 down",
                "e.prices.test https://e.prices.test/search openapi 0.01..0.05 -> 0.01..0.1 null");
        JsonNode stripe = prices.get(3);
        assertNumbers(stripe, "previous_amount_usd", "0.5", "amount_usd", "0.25", "previous_price", "0.5", "price", "0.25");
        assertThat(text(stripe, "previous_amount")).isEqualTo("50");
        assertThat(text(stripe, "amount")).isEqualTo("25");
        assertThat(text(stripe, "network")).isEqualTo("null");
        assertThat(text(prices.get(1), "previous_price_mode")).isEqualTo("dynamic");
        assertThat(text(prices.get(1), "price_mode")).isEqualTo("fixed");

        CliRunner.Result table = CliRunner.run("report", "changes", "--run", String.valueOf(r2));
        assertThat(table.out()).contains("3 newly declaring").contains(", 5 price changes")
                .contains("price changes:");
        CliRunner.Result csv = CliRunner.run("report", "changes", "--run", String.valueOf(r2), "--prices", "--format",
                "csv");
        assertThat(csv.out().lines().toList()).hasSize(6)
                .contains("c.prices.test,3,https://c.prices.test/v1/big,POST,POST /v1/big,challenge,tempo,charge,"
                        + "mainnet," + PATH_USD
                        + ",fixed,fixed,1,2,up,1000000,2000000,,,,,1,2,,,,,1,2,,,,,,");
        JsonNode none = JSON.readTree(CliRunner.run("report", "changes", "--run", String.valueOf(r0), "--format", "json")
                .out());
        assertThat(none.get("price_changes")).isEmpty();
    }

    /** The view compares with the latest earlier completed run that saw the operation: k with the first night. */
    @Test
    void theChangesViewComparesWithTheLastRunThatSawTheOperation() {
        JdbcTemplate jdbc = TestDatabase.migrated();
        List<String> rows = jdbc.queryForList("""
                SELECT concat_ws(' ', domain, previous_run_id, previous_price_mode, previous_price, price_mode, price)
                  FROM price_change WHERE run_id = ? ORDER BY domain""", String.class, r2);
        assertThat(rows).containsExactly(
                "a.prices.test " + r1 + " fixed 0.005 fixed 0.01",
                "b.prices.test " + r1 + " dynamic fixed 0.0001",
                "c.prices.test " + r1 + " fixed 1 fixed 2",
                "d.prices.test " + r1 + " fixed 0.5 fixed 0.25",
                "e.prices.test " + r1 + " range range",
                "k.prices.test " + r0 + " fixed 0.02 fixed 0.03");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM price_change WHERE run_id = ?", Long.class, r1)).isZero();
        assertThat(jdbc.queryForObject("SELECT offers FROM run_price_distribution WHERE run_id = ? AND source = 'challenge'"
                + " AND payment_method = 'tempo' AND intent = 'charge' AND network = 'mainnet'", Long.class, r2))
                .isEqualTo(8);
    }

    /**
     * The chart shows the nine fixed dollar prices of mainnet offers and of the network-less card payment:
     * 0.0001 0.001 0.01 0.01 0.02 0.03 0.05 0.25 2; median the fifth (0.02), quartiles the third and seventh.
     */
    @Test
    void htmlShowsTheDollarPricesOnALogScaleMainnetOnly() throws Exception {
        String html = page("--list", LIST);
        String section = html.substring(html.indexOf("<h2>What MPP costs"), html.indexOf("<h2>Streaming operations"));

        assertThat(section).contains("<h2>What MPP costs: fixed prices in US dollars (last run, mainnet only)</h2>")
                .contains("9 fixed prices in US dollars of run " + r2)
                .contains("median $0.02, quartiles $0.01 and $0.05")
                .contains("Mainnet only: offers on a main network and of methods without one (card payments in dollars); "
                        + "1 dollar prices on a test network or an unknown chain are left out")
                .contains("Not shown: 1 ranges, 2 dynamic or quote prices, 2 invalid amounts, "
                        + "2 prices without a known dollar value, 0 free");
        // one tick per power of ten, evenly spaced: a logarithmic axis from $0.0001 to $10
        Matcher tick = Pattern.compile("<text x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"middle\" class=\"tick\">"
                + "\\$([0-9.]+)</text>").matcher(section);
        List<String> labels = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        while (tick.find()) {
            xs.add(Double.parseDouble(tick.group(1)));
            labels.add(tick.group(2));
        }
        assertThat(labels).containsExactly("0.0001", "0.001", "0.01", "0.1", "1", "10");
        double decade = xs.get(1) - xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            assertThat(xs.get(i) - xs.get(i - 1)).isCloseTo(decade, within(0.11));
        }
        // the bin from $0.02 starts log10(2) of a decade after the $0.01 tick, and holds 0.02 and 0.03
        Matcher bar = Pattern.compile("<rect x=\"([0-9.]+)\"[^>]*><title>\\$0\\.02 to under \\$0\\.05, 402 challenge: 2"
                + "</title>").matcher(section);
        assertThat(bar.find()).as(section).isTrue();
        assertThat(Double.parseDouble(bar.group(1))).isCloseTo(xs.get(2) + Math.log10(2) * decade + 1, within(0.2));
        assertThat(section).contains("<title>$0.01 to under $0.02, 402 challenge: 1</title>")
                .contains("<title>$0.01 to under $0.02, OpenAPI x-payment-info: 1</title>")
                .contains("<title>$2 to under $5, 402 challenge: 1</title>")
                .contains("<title>$0.2 to under $0.5, 402 challenge: 1</title>")
                .doesNotContain("$0.005 to under");

        String all = page("--list", LIST, "--price-network", "all");
        assertThat(all).contains("(last run, every network)</h2>").contains("10 fixed prices in US dollars")
                .contains("<title>$0.005 to under $0.01, 402 challenge: 1</title>");
        String testnet = page("--list", LIST, "--price-network", "testnet");
        assertThat(testnet).contains("(last run, testnet only)</h2>").contains("1 fixed price in US dollars")
                .contains("Testnet only: 9 dollar prices on other networks are left out")
                .contains("<title>$0.005 to under $0.01, 402 challenge: 1</title>")
                .doesNotContain("<title>$2 to under $5");
    }

    @Test
    void htmlAdoptersTableHasAPriceColumn() throws Exception {
        String html = page("--list", LIST);
        String table = html.substring(html.indexOf("<h2>Who declares MPP"), html.indexOf("<h2>Adoption share"));

        assertThat(table).contains("<th>intents</th><th>price</th><th>first seen declaring</th>");
        Map<String, String> prices = new HashMap<>();
        Matcher row = Pattern.compile("<tr><td class=\"n\">\\d+</td><td>([^<]*)</td>(?:<td[^>]*>[^<]*</td>){4}"
                + "<td>([^<]*)</td><td>[^<]*</td></tr>").matcher(table);
        while (row.find()) {
            prices.put(row.group(1), row.group(2));
        }
        assertThat(prices).containsEntry("a.prices.test", "$0.01")
                .containsEntry("b.prices.test", "several: $0.0001, $0.001, $0.02 and 1 more")
                .containsEntry("c.prices.test", "$2.00")
                .containsEntry("d.prices.test", "$0.25")
                .containsEntry("e.prices.test", "several: $0.01–$0.10, dynamic, quote")
                .containsEntry("f.prices.test", "$0.005 (testnet)")
                .containsEntry("g.prices.test", "several: 0.5 0xeurc…0000, 123 0x1111…1111 (decimals unknown)")
                .containsEntry("k.prices.test", "$0.03")
                .containsEntry("i.prices.test", "invalid amount")
                .containsEntry("j.prices.test", "")
                .hasSize(10);
    }

    /** docs/sql.md's three price queries, run as printed with the list name replaced. */
    @Test
    void theDocumentedPriceQueriesAnswerOnTheStoredRuns() throws Exception {
        String doc = Files.readString(Path.of("docs", "sql.md"));
        JdbcTemplate jdbc = TestDatabase.migrated();

        // charges from challenges, valid, in dollars, not on a test network: tempo 0.001 0.01 0.02 0.03 0.05 2
        // (median between 0.02 and 0.03), stripe 0.25; the euro-token price has no dollar value
        List<String> medians = jdbc.queryForList(documented(doc, "-- median price of a paid call by method"))
                .stream().map(r -> r.get("payment_method") + " " + r.get("prices") + " "
                        + ((BigDecimal) r.get("median_usd")).stripTrailingZeros().toPlainString()).toList();
        assertThat(medians).containsExactly("tempo 6 0.025", "stripe 1 0.25");

        // per operation, the highest dollar price (a range by its maximum); testnet, invalid and dynamic left out
        List<String> expensive = jdbc.queryForList(documented(doc, "-- the most expensive operations"))
                .stream().map(r -> r.get("url") + " " + ((BigDecimal) r.get("usd")).stripTrailingZeros().toPlainString())
                .toList();
        assertThat(expensive).containsExactly("https://c.prices.test/v1/big 2", "https://d.prices.test/checkout 0.25",
                "https://e.prices.test/search 0.1", "https://b.prices.test/v1/b 0.05", "https://k.prices.test/k 0.03",
                "https://b.prices.test/v1/c 0.02", "https://a.prices.test/api/search 0.01",
                "https://b.prices.test/v1/a 0.001",
                "https://b.prices.test/v1/stream 0.0001");

        List<String> changed = jdbc.queryForList(documented(doc, "-- price changes since the previous run"))
                .stream().map(r -> r.get("domain") + " " + r.get("price_mode") + " " + r.get("direction")).toList();
        assertThat(changed).containsExactly("a.prices.test fixed up", "b.prices.test fixed null", "c.prices.test fixed up",
                "d.prices.test fixed down", "e.prices.test range null");
    }

    /** The statement of docs/sql.md that starts with the comment {@code comment}, for this test's list. */
    private static String documented(String doc, String comment) {
        int start = doc.indexOf(comment);
        assertThat(start).as("docs/sql.md has a query '%s'", comment).isNotNegative();
        String sql = doc.substring(start, doc.indexOf(';', start));
        assertThat(sql).contains("'tranco'");
        return sql.replace("'tranco'", "'" + LIST + "'");
    }

    private static String page(String... args) throws Exception {
        Path out = dir.resolve("prices-" + System.nanoTime() + ".html");
        List<String> command = new ArrayList<>(List.of("report", "html", "--out", out.toString()));
        command.addAll(List.of(args));
        CliRunner.Result result = CliRunner.run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Files.readString(out);
    }

    private static void assertCounts(JsonNode row, long offers, long priced, long ranges, long dynamic, long quote,
            long invalid, long decimalsUnknown) {
        assertThat(List.of(row.get("offers").asLong(), row.get("priced").asLong(), row.get("ranges").asLong(),
                row.get("dynamic").asLong(), row.get("quote").asLong(), row.get("invalid").asLong(),
                row.get("decimals_unknown").asLong()))
                .containsExactly(offers, priced, ranges, dynamic, quote, invalid, decimalsUnknown);
    }

    private static void assertNumbers(JsonNode row, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            JsonNode value = row.get(namesAndValues[i]);
            assertThat(value.isNumber()).as(namesAndValues[i] + " in " + row).isTrue();
            assertThat(value.decimalValue()).as(namesAndValues[i]).isEqualByComparingTo(namesAndValues[i + 1]);
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? "null" : value.asString();
    }
}
