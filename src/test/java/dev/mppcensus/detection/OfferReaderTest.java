package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.detection.PaymentOffer.PriceMode;
import dev.mppcensus.detection.PaymentOffer.Source;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Offers read from challenges and from each {@code x-payment-info} dialect, with their prices and reasons. */
class OfferReaderTest {

    private static final String PATH_USD = "0x20c0000000000000000000000000000000000000";
    private static final String USDC_E = "0x20C000000000000000000000b9537d11c60E8b50";
    private static final OfferReader.Place PLACE = new OfferReader.Place("https://a.test/v1/x", "POST", "POST /v1/x");

    private static PaymentChallenge challenge(String method, String intent, String requestJson) {
        String request = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(requestJson.getBytes(StandardCharsets.UTF_8));
        String header = "Payment id=\"abc\", realm=\"a.test\", method=\"" + method + "\", intent=\"" + intent
                + "\", request=\"" + request + "\"";
        return PaymentChallenge.of(WwwAuthenticateParser.parse(header).getFirst());
    }

    private static JsonNode json(String text) {
        return Json.parse(text, 1_000_000).node();
    }

    /** method | intent | request | network | chain | decimals | price | usd. */
    @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "null", textBlock = """
            tempo  | charge  | {"amount":"10000","currency":"0x20c0000000000000000000000000000000000000","recipient":"0xabc","methodDetails":{"chainId":4217}} | mainnet | 4217 | 6 | 0.01 | 0.01
            tempo  | charge  | {"amount":"2500000","currency":"0x20C000000000000000000000b9537d11c60E8b50","methodDetails":{"chainId":4217}} | mainnet | 4217 | 6 | 2.5 | 2.5
            tempo  | charge  | {"amount":"1000000","currency":"0x20c0000000000000000000000000000000000000","methodDetails":{"chainId":42431}} | testnet | 42431 | 6 | 1 | 1
            tempo  | session | {"amount":"25","unitType":"llm_token","suggestedDeposit":"10000000","currency":"0x20c0000000000000000000000000000000000000","methodDetails":{"escrowContract":"0x1234","chainId":4217}} | mainnet | 4217 | 6 | 0.000025 | 0.000025
            stripe | charge  | {"amount":"150","currency":"usd","methodDetails":{"networkId":"profile_1"}} | null | null | 2 | 1.5 | 1.5
            stripe | charge  | {"amount":"500","currency":"EUR"} | null | null | 2 | 5 | null
            evm    | charge  | {"amount":"1000000","currency":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","methodDetails":{"chainId":8453}} | mainnet | 8453 | 6 | 1 | 1
            evm    | charge  | {"amount":"1000000","currency":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","methodDetails":{"chainId":10}} | mainnet | 10 | null | null | null
            evm    | charge  | {"amount":"5","currency":"0xdead","decimals":18,"methodDetails":{"chainId":1}} | mainnet | 1 | 18 | 0.000000000000000005 | null
            tempo  | charge  | {"amount":"10000","currency":"0x20c0000000000000000000000000000000000009","methodDetails":{"chainId":4217}} | mainnet | 4217 | null | null | null
            lightning | charge | {"amount":"100","currency":"sat"} | null | null | null | null | null
            """)
    void aValidChallengeIsOneOffer(String method, String intent, String request, String network, Long chainId,
                                   Integer decimals, BigDecimal price, BigDecimal usd) {
        PaymentOffer offer = OfferReader.fromChallenge(challenge(method, intent, request), PLACE).orElseThrow();

        assertThat(offer.source()).isEqualTo(Source.CHALLENGE);
        assertThat(offer.paymentMethod()).isEqualTo(method);
        assertThat(offer.intent()).isEqualTo(intent);
        assertThat(offer.priceMode()).isEqualTo(PriceMode.FIXED);
        assertThat(offer.amountUnit()).isEqualTo(PaymentOffer.AmountUnit.BASE_UNITS);
        assertThat(offer.amount()).isEqualTo(json(request).get("amount").asString());
        assertThat(offer.currency()).isEqualTo(json(request).get("currency").asString());
        assertThat(offer.network()).isEqualTo(network);
        assertThat(offer.chainId()).isEqualTo(chainId);
        assertThat(offer.decimals()).isEqualTo(decimals);
        assertThat(offer.price()).isEqualTo(price);
        assertThat(offer.amountUsd()).isEqualTo(usd);
        assertThat(offer.invalidReason()).isNull();
        assertThat(offer.url()).isEqualTo("https://a.test/v1/x");
        assertThat(offer.operation()).isEqualTo("POST /v1/x");
    }

    @Test
    void anInvalidChallengeMakesNoOffer() {
        PaymentChallenge noId = PaymentChallenge.of(WwwAuthenticateParser.parse(
                "Payment realm=\"a\", method=\"tempo\", intent=\"charge\", request=\"e30\"").getFirst());
        assertThat(noId.valid()).isFalse();
        assertThat(OfferReader.fromChallenge(noId, PLACE)).isEmpty();
    }

    @Test
    void aChallengeWithoutAnAmountHasNoPrice() {
        PaymentOffer offer = OfferReader.fromChallenge(challenge("tempo", "charge", "{\"currency\":\"" + PATH_USD + "\"}"),
                PLACE).orElseThrow();
        assertThat(offer.priceMode()).isEqualTo(PriceMode.DYNAMIC);
        assertThat(offer.amount()).isNull();
        assertThat(offer.amountUnit()).isNull();
        assertThat(offer.price()).isNull();
    }

    /** The amount as given | unit | reason (null: usable). */
    @ParameterizedTest(name = "[{index}] {0} in {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "null", textBlock = """
            10000   | BASE_UNITS | null
            0       | BASE_UNITS | null
            abc     | BASE_UNITS | not a number
            ~~      | BASE_UNITS | not a number
            ~ 5~    | BASE_UNITS | not a number
            +5      | BASE_UNITS | not a number
            0x10    | BASE_UNITS | not a number
            -5      | BASE_UNITS | negative
            -0.5    | DECIMAL    | negative
            1e6     | BASE_UNITS | exponent notation
            1.5E-3  | DECIMAL    | exponent notation
            0.5     | BASE_UNITS | decimals where base units are required
            0.5     | DECIMAL    | null
            12345678901234567890123456789012345678901234567890123456789012345678901234567890 | BASE_UNITS | over 78 digits
            115792089237316195423570985008687907853269984665640564039457584007913129639935 | BASE_UNITS | null
            """)
    void hostileAmountsAreKeptWithAReason(String amount, PaymentOffer.AmountUnit unit, String reason) {
        Amount checked = Amount.of(amount, unit);
        assertThat(checked.reason()).isEqualTo(reason);
        assertThat(checked.usable()).isEqualTo(reason == null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            abc   | not a number
            -5    | negative
            1e6   | exponent notation
            0.5   | decimals where base units are required
            12345678901234567890123456789012345678901234567890123456789012345678901234567890 | over 78 digits
            """)
    void anUnusableAmountIsRecordedAsGivenWithoutDerivedNumbers(String amount, String reason) {
        PaymentOffer fromChallenge = OfferReader.fromChallenge(challenge("tempo", "charge",
                "{\"amount\":\"" + amount + "\",\"currency\":\"" + PATH_USD + "\",\"methodDetails\":{\"chainId\":4217}}"),
                PLACE).orElseThrow();
        List<PaymentOffer> fromDocument = OfferReader.fromPaymentInfo(json(
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"" + amount + "\",\"currency\":\"" + PATH_USD + "\"}"),
                PLACE, 10);

        for (PaymentOffer offer : List.of(fromChallenge, fromDocument.getFirst())) {
            assertThat(offer.amount()).isEqualTo(amount);
            assertThat(offer.invalidReason()).isEqualTo(reason);
            assertThat(offer.decimals()).as("the currency is still known").isEqualTo(6);
            assertThat(offer.price()).isNull();
            assertThat(offer.amountUsd()).isNull();
        }
    }

    @Test
    void anAmountThatIsNoStringOrNumberIsKeptAsItsJsonText() {
        PaymentOffer offer = OfferReader.fromChallenge(challenge("tempo", "charge",
                "{\"amount\":{\"value\":1},\"currency\":\"" + PATH_USD + "\"}"), PLACE).orElseThrow();
        assertThat(offer.amount()).isEqualTo("{\"value\":1}");
        assertThat(offer.priceMode()).isEqualTo(PriceMode.FIXED);
        assertThat(offer.invalidReason()).isEqualTo("not a number");
        assertThat(OfferReader.fromPaymentInfo(json("{\"method\":\"tempo\",\"amount\":true}"), PLACE, 1).getFirst()
                .invalidReason()).isEqualTo("not a number");
    }

    @Test
    void theIetfDialectGivesBaseUnitsPerOfferAndNullForDynamic() {
        JsonNode info = json("""
                {"offers":[
                  {"amount":"10000","currency":"%s","intent":"charge","method":"tempo","recipient":"0x742d"},
                  {"amount":"100","currency":"%s","intent":"session","method":"tempo","unitType":"token"},
                  {"amount":null,"currency":"%s","intent":"charge","method":"tempo"},
                  {"amount":"1000","currency":"usd","intent":"charge","method":"stripe"},
                  {"amount":"7","currency":"0xabc","decimals":3,"intent":"charge","method":"evm"},
                  42]}""".formatted(PATH_USD, USDC_E, PATH_USD));

        List<PaymentOffer> offers = OfferReader.fromPaymentInfo(info, PLACE, 10);

        assertThat(offers).extracting(PaymentOffer::priceMode).containsExactly(PriceMode.FIXED, PriceMode.FIXED,
                PriceMode.DYNAMIC, PriceMode.FIXED, PriceMode.FIXED);
        assertThat(offers).extracting(PaymentOffer::price).containsExactly(new BigDecimal("0.01"),
                new BigDecimal("0.0001"), null, new BigDecimal("10"), new BigDecimal("0.007"));
        assertThat(offers).extracting(PaymentOffer::amountUsd).containsExactly(new BigDecimal("0.01"),
                new BigDecimal("0.0001"), null, new BigDecimal("10"), null);
        assertThat(offers).extracting(PaymentOffer::decimals).containsExactly(6, 6, 6, 2, 3);
        assertThat(offers).extracting(PaymentOffer::source).containsOnly(Source.OPENAPI);
        assertThat(offers.getFirst().recipient()).isEqualTo("0x742d");
        assertThat(offers.get(1).intent()).isEqualTo("session");
        assertThat(offers.get(2).amountUnit()).isNull();
        assertThat(offers.getFirst().network()).as("no chain id named").isNull();
        assertThat(OfferReader.count(info)).isEqualTo(5);

        PaymentOffer single = OfferReader.fromPaymentInfo(json(
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"500\",\"currency\":\"" + PATH_USD + "\"}"),
                PLACE, 10).getFirst();
        assertThat(single.price()).isEqualTo(new BigDecimal("0.0005"));
    }

    /** x-payment-info | mode | amount | min | max | price | min price | max price | currency | method | intent. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "null", textBlock = """
            {"pricingMode":"fixed","price":"0.01","protocols":["x402","mpp"]} | FIXED | 0.01 | null | null | 0.01 | null | null | USD | null | null
            {"pricingMode":"range","minPrice":"0.01","maxPrice":"0.10","protocols":["mpp"]} | RANGE | null | 0.01 | 0.10 | null | 0.01 | 0.1 | USD | null | null
            {"pricingMode":"quote","protocols":["mpp"]} | QUOTE | null | null | null | null | null | null | USD | null | null
            {"price":"0.05"} | FIXED | 0.05 | null | null | 0.05 | null | null | USD | null | null
            {"price":{"mode":"fixed","currency":"USD","amount":"0.02"},"protocols":[{"mpp":{"method":"tempo","intent":"charge","currency":"0x20c0"}},{"x402":{}}]} | FIXED | 0.02 | null | null | 0.02 | null | null | USD | tempo | charge
            {"price":{"mode":"dynamic","currency":"USD","min":"0.001","max":"1"},"protocols":[{"mpp":{"method":"tempo","intent":"session"}}]} | RANGE | null | 0.001 | 1 | null | 0.001 | 1 | USD | tempo | session
            {"price":{"mode":"dynamic","currency":"USD"},"protocols":[{"mpp":{"method":"tempo","intent":"charge"}}]} | DYNAMIC | null | null | null | null | null | null | USD | tempo | charge
            {"price":{"mode":"quote","currency":"USD"},"protocols":[{"mpp":{}}]} | QUOTE | null | null | null | null | null | null | USD | null | null
            """)
    void agentCashPricesAreUsdDecimals(String info, PriceMode mode, String amount, String min, String max,
                                       BigDecimal price, BigDecimal priceMin, BigDecimal priceMax, String currency,
                                       String method, String intent) {
        List<PaymentOffer> offers = OfferReader.fromPaymentInfo(json(info), PLACE, 10);

        assertThat(offers).hasSize(1);
        PaymentOffer offer = offers.getFirst();
        assertThat(offer.priceMode()).isEqualTo(mode);
        assertThat(offer.amount()).isEqualTo(amount);
        assertThat(offer.amountMin()).isEqualTo(min);
        assertThat(offer.amountMax()).isEqualTo(max);
        assertThat(offer.price()).isEqualTo(price);
        assertThat(offer.priceMin()).isEqualTo(priceMin);
        assertThat(offer.priceMax()).isEqualTo(priceMax);
        assertThat(offer.amountUsd()).isEqualTo(price);
        assertThat(offer.amountMinUsd()).isEqualTo(priceMin);
        assertThat(offer.amountMaxUsd()).isEqualTo(priceMax);
        assertThat(offer.currency()).isEqualTo(currency);
        assertThat(offer.paymentMethod()).isEqualTo(method);
        assertThat(offer.intent()).isEqualTo(intent);
        assertThat(offer.decimals()).isEqualTo(2);
        assertThat(offer.amountUnit()).isEqualTo(amount == null && min == null ? null : PaymentOffer.AmountUnit.DECIMAL);
    }

    @Test
    void anX402OnlyOperationMakesNoMppOffer() {
        assertThat(OfferReader.fromPaymentInfo(json("{\"pricingMode\":\"fixed\",\"price\":\"0.01\",\"protocols\":[\"x402\"]}"),
                PLACE, 10)).isEmpty();
        assertThat(OfferReader.fromPaymentInfo(json("[1]"), PLACE, 10)).isEmpty();
    }

    @Test
    void aRangeWithOneHostileBoundHasNoPrices() {
        PaymentOffer offer = OfferReader.fromPaymentInfo(json(
                "{\"pricingMode\":\"range\",\"minPrice\":\"0.01\",\"maxPrice\":\"-1\"}"), PLACE, 10).getFirst();
        assertThat(offer.invalidReason()).isEqualTo("negative");
        assertThat(offer.amountMin()).isEqualTo("0.01");
        assertThat(offer.priceMin()).isNull();
        assertThat(offer.priceMax()).isNull();
    }

    @Test
    void aThousandOffersAreReadUpToTheLimitAndCounted() {
        List<String> offers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            offers.add("{\"amount\":\"" + i + "\",\"currency\":\"" + PATH_USD + "\",\"intent\":\"charge\",\"method\":\"tempo\"}");
        }
        JsonNode info = json("{\"offers\":[" + String.join(",", offers) + "]}");

        assertThat(OfferReader.fromPaymentInfo(info, PLACE, OfferReader.MAX_OFFERS)).hasSize(OfferReader.MAX_OFFERS);
        assertThat(OfferReader.fromPaymentInfo(info, PLACE, 3)).extracting(PaymentOffer::amount)
                .containsExactly("0", "1", "2");
        assertThat(OfferReader.count(info)).isEqualTo(1000);
    }

    @Test
    void disagreementsCountOperationsWhoseChallengeAndDocumentDiffer() {
        PaymentOffer charged = OfferReader.fromChallenge(challenge("tempo", "charge",
                "{\"amount\":\"20000\",\"currency\":\"" + PATH_USD + "\",\"methodDetails\":{\"chainId\":4217}}"),
                PLACE).orElseThrow();
        List<PaymentOffer> documentedSame = OfferReader.fromPaymentInfo(json(
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"20000\",\"currency\":\"" + PATH_USD + "\"}"),
                PLACE, 10);
        List<PaymentOffer> documentedOther = OfferReader.fromPaymentInfo(json(
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"10000\",\"currency\":\"" + PATH_USD + "\"}"),
                PLACE, 10);
        List<PaymentOffer> usdSame = OfferReader.fromPaymentInfo(json("{\"price\":\"0.02\"}"), PLACE, 10);
        List<PaymentOffer> usdRange = OfferReader.fromPaymentInfo(json(
                "{\"pricingMode\":\"range\",\"minPrice\":\"0.03\",\"maxPrice\":\"0.1\"}"), PLACE, 10);
        List<PaymentOffer> session = OfferReader.fromPaymentInfo(json(
                "{\"intent\":\"session\",\"method\":\"tempo\",\"amount\":\"1\",\"currency\":\"" + PATH_USD + "\"}"),
                PLACE, 10);
        OfferReader.Place elsewhere = new OfferReader.Place("https://a.test/v1/y", "POST", "POST /v1/y");
        List<PaymentOffer> otherOperation = OfferReader.fromPaymentInfo(json(
                "{\"intent\":\"charge\",\"method\":\"tempo\",\"amount\":\"1\",\"currency\":\"" + PATH_USD + "\"}"),
                elsewhere, 10);

        assertThat(OfferReader.disagreements(with(charged, documentedSame))).isZero();
        assertThat(OfferReader.disagreements(with(charged, documentedOther))).isEqualTo(1);
        assertThat(OfferReader.disagreements(with(charged, usdSame))).as("compared in US dollars").isZero();
        assertThat(OfferReader.disagreements(with(charged, usdRange))).as("below the range").isEqualTo(1);
        assertThat(OfferReader.disagreements(with(charged, session))).as("another intent").isNull();
        assertThat(OfferReader.disagreements(with(charged, otherOperation))).as("another operation").isNull();
        assertThat(OfferReader.disagreements(documentedOther)).isNull();
    }

    private static List<PaymentOffer> with(PaymentOffer challenge, List<PaymentOffer> documented) {
        List<PaymentOffer> all = new ArrayList<>(List.of(challenge));
        all.addAll(documented);
        return all;
    }
}
