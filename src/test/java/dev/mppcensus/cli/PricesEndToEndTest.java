package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWeb;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.testdb.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real {@code scan}, {@code export} and {@code check} over sites on loopback with known prices: Tempo
 * charges on mainnet in pathUSD and USDC.e and on testnet, a Tempo session, a Stripe-style charge in US cents,
 * an OpenAPI document in the three {@code x-payment-info} dialects with a range, dynamic prices, hostile amounts
 * and a price its challenge contradicts, and a document claiming 1,000 offers; then checks every
 * {@code payment_offer} row and every exported offer against the prices each site was built with.
 */
class PricesEndToEndTest {

    private static final String PATH_USD = "0x20c0000000000000000000000000000000000000";
    private static final String USDC_E = "0x20C000000000000000000000b9537d11c60E8b50";
    private static final String RECIPIENT = "0x742d35cc6634c0532925a3b844bc9e7595f8fe00";
    private static final String HUGE = "1".repeat(80);
    private static final List<String> HOSTS = List.of("tempo.prices.test", "testnet.prices.test",
            "session.prices.test", "stripe.prices.test", "openapi.prices.test", "many.prices.test");
    private static final String RESPONSES = "\"responses\":{\"200\":{\"description\":\"ok\"},\"402\":{\"description\":\"Payment Required\"}}";
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @TempDir
    static Path dir;

    @RegisterExtension
    static final FixtureWeb web = FixtureWeb.serving(HOSTS);

    private static Map<String, JsonNode> exported;
    private static String exportText;
    private static long runId;

    /** A valid Payment challenge (no {@code expires}: it never goes stale) with {@code request} as its terms. */
    private static String challenge(String host, String method, String intent, String request) {
        return "Payment id=\"" + Integer.toHexString(request.hashCode()) + "x\", realm=\"" + host + "\", method=\""
                + method + "\", intent=\"" + intent + "\", request=\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(request.getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    private static FixtureResponse paymentRequired(String... challenges) {
        FixtureResponse answer = FixtureResponse.status(402).header("Content-Type", "application/problem+json")
                .header("Cache-Control", "no-store")
                .body("{\"type\":\"https://paymentauth.org/problems/payment-required\",\"status\":402}");
        for (String challenge : challenges) {
            answer = answer.header("WWW-Authenticate", challenge);
        }
        return answer;
    }

    private static String tempo(String amount, String currency, long chainId) {
        return "{\"amount\":\"" + amount + "\",\"currency\":\"" + currency + "\",\"recipient\":\"" + RECIPIENT
                + "\",\"methodDetails\":{\"chainId\":" + chainId + "}}";
    }

    /** A site whose homepage declares {@code /pay}, which answers with {@code answer}. */
    private static void declaring(FixtureWebServer server, String host, FixtureResponse answer) {
        server.route(host, "/", FixtureResponse.ok("home").header("Link", "</pay>; rel=\"mpp-endpoint\""));
        server.route(host, "/pay", answer);
    }

    private static String openApi(String... paths) {
        return "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{" + String.join(",", paths)
                + "}}";
    }

    private static String operation(String path, String method, String paymentInfo) {
        return "\"" + path + "\":{\"" + method + "\":{\"x-payment-info\":" + paymentInfo + "," + RESPONSES + "}}";
    }

    private static String ietf(String amount) {
        return "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":" + (amount == null ? "null" : "\"" + amount + "\"")
                + ",\"currency\":\"" + PATH_USD + "\"}";
    }

    @BeforeAll
    static void scanAndExport() throws Exception {
        FixtureWebServer server = web.server();
        declaring(server, "tempo.prices.test", paymentRequired(
                challenge("tempo.prices.test", "tempo", "charge", tempo("10000", PATH_USD, 4217)),
                challenge("tempo.prices.test", "tempo", "charge", tempo("2500000", USDC_E, 4217))));
        declaring(server, "testnet.prices.test", paymentRequired(
                challenge("testnet.prices.test", "tempo", "charge", tempo("1000000", PATH_USD, 42431))));
        declaring(server, "session.prices.test", paymentRequired(challenge("session.prices.test", "tempo", "session",
                "{\"amount\":\"25\",\"unitType\":\"llm_token\",\"suggestedDeposit\":\"10000000\",\"currency\":\""
                        + USDC_E + "\",\"recipient\":\"" + RECIPIENT + "\",\"methodDetails\":{\"escrowContract\":"
                        + "\"0x33b901018174ddabe4841042ab76ba85d4e24f25\",\"chainId\":4217}}")));
        declaring(server, "stripe.prices.test", paymentRequired(challenge("stripe.prices.test", "stripe", "charge",
                "{\"amount\":\"150\",\"currency\":\"usd\",\"methodDetails\":{\"networkId\":\"internal\","
                        + "\"paymentMethodTypes\":[\"card\"]}}")));

        server.route("openapi.prices.test", "/", FixtureResponse.ok("home"));
        server.route("openapi.prices.test", "/openapi.json", FixtureResponse.json(openApi(
                operation("/v1/search", "post", "{\"offers\":[" + ietf("10000") + "]}"),
                operation("/v1/fixed", "get", "{\"pricingMode\":\"fixed\",\"price\":\"0.01\",\"protocols\":[\"x402\",\"mpp\"]}"),
                operation("/v1/range", "get", "{\"pricingMode\":\"range\",\"minPrice\":\"0.01\",\"maxPrice\":\"0.10\",\"protocols\":[\"mpp\"]}"),
                operation("/v1/dynamic", "get", "{\"price\":{\"mode\":\"dynamic\",\"currency\":\"USD\"},"
                        + "\"protocols\":[{\"mpp\":{\"method\":\"tempo\",\"intent\":\"charge\"}}]}"),
                operation("/v1/object", "get", "{\"price\":{\"mode\":\"fixed\",\"currency\":\"USD\",\"amount\":\"0.05\"},"
                        + "\"protocols\":[{\"mpp\":{\"method\":\"tempo\",\"intent\":\"charge\"}}]}"),
                operation("/v1/quote", "post", ietf(null)),
                operation("/v1/hostile", "post", "{\"offers\":[" + String.join(",", ietf("-5"), ietf("abc"), ietf("1e6"),
                        ietf("0.5"), ietf(HUGE)) + "]}"))));
        // the operation's challenge asks twice what the document says
        server.route("openapi.prices.test", "/v1/search", (FixtureHandler) request -> request.method().equals("POST")
                ? paymentRequired(challenge("openapi.prices.test", "tempo", "charge", tempo("20000", PATH_USD, 4217)))
                : FixtureResponse.status(405));

        // beside its challenge, a document with an offer in a token the census does not list
        server.route("stripe.prices.test", "/openapi.json", FixtureResponse.json(openApi(operation("/v1/wei", "post",
                "{\"intent\":\"charge\",\"method\":\"evm\",\"amount\":\"5\",\"currency\":\"0xdead\",\"decimals\":18}"))));

        List<String> thousand = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            thousand.add(ietf(String.valueOf(i)));
        }
        server.route("many.prices.test", "/", FixtureResponse.ok("home"));
        server.route("many.prices.test", "/openapi.json", FixtureResponse.json(
                openApi(operation("/v1/many", "get", "{\"offers\":[" + String.join(",", thousand) + "]}"))));

        Path list = dir.resolve("prices.txt");
        Files.write(list, HOSTS);
        List<String> args = new ArrayList<>(List.of("scan", list.toString(), "--list-name", "prices-fleet",
                "--timeout", "3s"));
        args.addAll(web.cliOptions());
        CliRunner.Result scan = CliRunner.run(args.toArray(String[]::new));
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        runId = Long.parseLong(scan.out().replaceAll("(?s).*run id\\s+(\\d+).*", "$1"));

        CliRunner.Result export = CliRunner.run("export", "--run", String.valueOf(runId));
        assertThat(export.exitCode()).as(export.err()).isZero();
        exportText = export.out();
        exported = new HashMap<>();
        export.out().lines().map(JSON::readTree).forEach(node -> exported.put(node.get("domain").asString(), node));
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(HOSTS);
    }

    /** The exported offers of {@code host} whose source and URL path are as given. */
    private static List<JsonNode> offers(String host, String source, String path) {
        List<JsonNode> found = new ArrayList<>();
        exported.get(host).get("offers").forEach(offer -> {
            if (offer.get("source").asString().equals(source) && offer.get("url").asString().endsWith(path)) {
                found.add(offer);
            }
        });
        return found;
    }

    private static JsonNode only(String host, String source, String path) {
        List<JsonNode> found = offers(host, source, path);
        assertThat(found).as(host + " " + source + " " + path).hasSize(1);
        return found.getFirst();
    }

    private static void assertPrice(JsonNode offer, String amount, String currency, Integer decimals, String price,
                                    String usd) {
        assertThat(offer.get("amount").isNull() ? null : offer.get("amount").asString()).isEqualTo(amount);
        assertThat(offer.get("currency").asString()).isEqualTo(currency);
        assertThat(offer.get("decimals").isNull() ? null : offer.get("decimals").asInt()).isEqualTo(decimals);
        assertDecimal(offer.get("price"), price);
        assertDecimal(offer.get("amount_usd"), usd);
    }

    private static void assertDecimal(JsonNode value, String expected) {
        if (expected == null) {
            assertThat(value.isNull()).as("null, not " + value).isTrue();
        } else {
            assertThat(value.isNumber()).as(value + " is a JSON number").isTrue();
            assertThat(value.decimalValue()).isEqualByComparingTo(expected);
        }
    }

    @Test
    void tempoChargesOnMainnetAndTestnetAreInTheirStablecoinsDollars() {
        List<JsonNode> tempo = offers("tempo.prices.test", "challenge", "/pay");
        assertThat(tempo).hasSize(2);
        assertPrice(tempo.get(0), "10000", PATH_USD, 6, "0.01", "0.01");
        assertPrice(tempo.get(1), "2500000", USDC_E, 6, "2.5", "2.5");
        for (JsonNode offer : tempo) {
            assertThat(offer.get("payment_method").asString()).isEqualTo("tempo");
            assertThat(offer.get("intent").asString()).isEqualTo("charge");
            assertThat(offer.get("network").asString()).isEqualTo("mainnet");
            assertThat(offer.get("chain_id").asLong()).isEqualTo(4217);
            assertThat(offer.get("recipient").asString()).isEqualTo(RECIPIENT);
            assertThat(offer.get("price_mode").asString()).isEqualTo("fixed");
            assertThat(offer.get("amount_unit").asString()).isEqualTo("base_units");
            assertThat(offer.get("http_method").asString()).isEqualTo("GET");
            assertThat(offer.get("invalid_reason").isNull()).isTrue();
        }

        JsonNode testnet = only("testnet.prices.test", "challenge", "/pay");
        assertPrice(testnet, "1000000", PATH_USD, 6, "1", "1");
        assertThat(testnet.get("network").asString()).isEqualTo("testnet");
        assertThat(testnet.get("chain_id").asLong()).isEqualTo(42431);
    }

    @Test
    void aSessionOffersItsPricePerUnit() {
        JsonNode session = only("session.prices.test", "challenge", "/pay");
        assertThat(session.get("intent").asString()).isEqualTo("session");
        assertPrice(session, "25", USDC_E, 6, "0.000025", "0.000025");
        assertThat(exported.get("session.prices.test").get("session_supported").asBoolean()).isTrue();
    }

    @Test
    void aStripeChargeIsInUsCents() {
        JsonNode stripe = only("stripe.prices.test", "challenge", "/pay");
        assertThat(stripe.get("payment_method").asString()).isEqualTo("stripe");
        assertPrice(stripe, "150", "usd", 2, "1.5", "1.5");
        assertThat(stripe.get("network").isNull()).as("a Stripe network id is no chain").isTrue();
        assertThat(stripe.get("chain_id").isNull()).isTrue();
    }

    @Test
    void everyDialectOfTheDocumentIsReadWithItsPriceMode() {
        String host = "openapi.prices.test";
        JsonNode documented = only(host, "openapi", "/v1/search");
        assertPrice(documented, "10000", PATH_USD, 6, "0.01", "0.01");
        assertThat(documented.get("operation").asString()).isEqualTo("POST /v1/search");
        assertThat(documented.get("http_method").asString()).isEqualTo("POST");

        JsonNode fixed = only(host, "openapi", "/v1/fixed");
        assertPrice(fixed, "0.01", "USD", 2, "0.01", "0.01");
        assertThat(fixed.get("amount_unit").asString()).isEqualTo("decimal");

        JsonNode range = only(host, "openapi", "/v1/range");
        assertThat(range.get("price_mode").asString()).isEqualTo("range");
        assertThat(range.get("amount_min").asString()).isEqualTo("0.01");
        assertThat(range.get("amount_max").asString()).isEqualTo("0.10");
        assertDecimal(range.get("amount_min_usd"), "0.01");
        assertDecimal(range.get("amount_max_usd"), "0.1");
        assertDecimal(range.get("price"), null);

        JsonNode dynamic = only(host, "openapi", "/v1/dynamic");
        assertThat(dynamic.get("price_mode").asString()).isEqualTo("dynamic");
        assertThat(dynamic.get("payment_method").asString()).isEqualTo("tempo");
        assertDecimal(dynamic.get("amount_usd"), null);

        assertPrice(only(host, "openapi", "/v1/object"), "0.05", "USD", 2, "0.05", "0.05");
        JsonNode quote = only(host, "openapi", "/v1/quote");
        assertThat(quote.get("price_mode").asString()).as("an amount of null").isEqualTo("dynamic");
        assertThat(quote.get("amount").isNull()).isTrue();
    }

    @Test
    void anUnlistedTokenIsPricedWithTheDecimalsGivenAndWrittenInFull() {
        JsonNode wei = only("stripe.prices.test", "openapi", "/v1/wei");
        assertPrice(wei, "5", "0xdead", 18, "0.000000000000000005", null);
        assertThat(exportText).as("an exact decimal, never 5E-18").contains("\"price\":0.000000000000000005,");
    }

    @Test
    void hostileAmountsAreKeptAsGivenWithTheirReason() {
        List<JsonNode> hostile = offers("openapi.prices.test", "openapi", "/v1/hostile");
        assertThat(hostile).extracting(offer -> offer.get("amount").asString())
                .containsExactly("-5", "abc", "1e6", "0.5", HUGE);
        assertThat(hostile).extracting(offer -> offer.get("invalid_reason").asString()).containsExactly("negative",
                "not a number", "exponent notation", "decimals where base units are required", "over 78 digits");
        hostile.forEach(offer -> {
            assertDecimal(offer.get("price"), null);
            assertDecimal(offer.get("amount_usd"), null);
        });
    }

    @Test
    void aChallengeThatContradictsTheDocumentIsKeptBesideItAndCounted() {
        JsonNode charged = only("openapi.prices.test", "challenge", "/v1/search");
        assertPrice(charged, "20000", PATH_USD, 6, "0.02", "0.02");
        assertThat(charged.get("operation").asString()).isEqualTo("POST /v1/search");
        JdbcTemplate jdbc = TestDatabase.migrated();
        assertThat(jdbc.queryForObject("SELECT price_disagreements FROM scan_result WHERE run_id = ? AND domain = ?",
                Integer.class, runId, "openapi.prices.test")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT price_disagreements FROM scan_result WHERE run_id = ? AND domain = ?",
                Integer.class, runId, "tempo.prices.test")).as("nothing to compare").isNull();
        assertThat(exported.get("openapi.prices.test").has("price_disagreements")).isFalse();
    }

    @Test
    void aThousandOffersAreCappedAndTheRestCounted() {
        JsonNode many = exported.get("many.prices.test");
        assertThat(many.get("offers")).hasSize(200);
        assertThat(many.get("evidence").get("offers_not_recorded").asInt()).isEqualTo(800);
    }

    @Test
    void theRowsAreTheExportedOffers() {
        JdbcTemplate jdbc = TestDatabase.migrated();
        for (String host : HOSTS) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT * FROM payment_offer WHERE run_id = ? AND domain = ? ORDER BY offer_index", runId, host);
            JsonNode offers = exported.get(host).get("offers");
            assertThat(rows).as(host).hasSize(offers.size());
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                JsonNode offer = offers.get(i);
                assertThat(row.get("offer_index")).isEqualTo(i);
                for (String column : List.of("url", "source", "amount", "currency", "invalid_reason", "price_mode")) {
                    assertThat(row.get(column)).as(host + " " + i + " " + column)
                            .isEqualTo(offer.get(column).isNull() ? null : offer.get(column).asString());
                }
                for (String column : List.of("price", "amount_usd", "amount_min_usd", "amount_max_usd")) {
                    BigDecimal stored = (BigDecimal) row.get(column);
                    assertThat(stored == null ? null : stored.stripTrailingZeros())
                            .isEqualTo(offer.get(column).isNull() ? null : offer.get(column).decimalValue().stripTrailingZeros());
                }
            }
        }
        assertThat(jdbc.queryForObject("SELECT sum(amount_usd) FROM payment_offer WHERE run_id = ? AND source = 'challenge'",
                BigDecimal.class, runId)).isEqualByComparingTo("5.030025"); // 0.01 + 2.5 + 1 + 0.000025 + 1.5 + 0.02
    }

    @Test
    void checkShowsTheSameOffers() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "session.prices.test", "--json", "--timeout", "3s"));
        args.addAll(web.cliOptions());
        CliRunner.Result check = CliRunner.run(args.toArray(String[]::new));
        JsonNode record = JSON.readTree(check.out());
        assertThat(record.get("offers")).isEqualTo(exported.get("session.prices.test").get("offers"));

        args.remove("--json");
        CliRunner.Result text = CliRunner.run(args.toArray(String[]::new));
        assertThat(text.out()).contains("offer           challenge GET https://session.prices.test/pay tempo/session 25 = 0.000025 "
                + USDC_E + " (mainnet) = USD 0.000025");
    }
}
