package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three {@code x-payment-info} dialects (and what is not one). */
class PaymentInfoTest {

    /** x-payment-info | dialect | protocols | methods | intents | amount | currency | MPP offered. */
    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "null", textBlock = """
            {"intent":"charge","method":"tempo","amount":"1000","currency":"usd"} | OFFERS | ~~ | tempo | charge | 1000 | usd | true
            {"intent":"charge","method":"card","amount":null,"currency":"usd"} | OFFERS | ~~ | card | charge | null | usd | true
            {"offers":[{"intent":"session","method":"tempo","amount":"100"},{"intent":"charge","method":"stripe"}]} | OFFERS | ~~ | tempo stripe | session charge | 100 | null | true
            {"offers":[1,{"method":5},{"intent":"charge"}]} | OFFERS | ~~ | ~~ | charge | null | null | true
            {"pricingMode":"fixed","price":"0.01","protocols":["x402","mpp"]} | PRICING_MODE | x402 mpp | ~~ | ~~ | 0.01 | USD | true
            {"pricingMode":"range","minPrice":"0.01","maxPrice":"0.10","protocols":["x402"]} | PRICING_MODE | x402 | ~~ | ~~ | 0.01-0.10 | USD | false
            {"pricingMode":"quote","protocols":["MPP"]} | PRICING_MODE | mpp | ~~ | ~~ | null | USD | true
            {"price":"0.05"} | PRICING_MODE | ~~ | ~~ | ~~ | 0.05 | USD | true
            {"price":{"mode":"fixed","currency":"USD","amount":"0.02"},"protocols":[{"mpp":{"method":"tempo","intent":"charge","currency":"0x20c0"}},{"x402":{}}]} | PRICE_OBJECT | mpp x402 | tempo | charge | 0.02 | USD | true
            {"price":{"mode":"dynamic","min":"0.01","max":"1"},"protocols":[{"x402":{}}]} | PRICE_OBJECT | x402 | ~~ | ~~ | 0.01-1 | null | false
            {"price":{"mode":"fixed","amount":"3"},"protocols":[{"mpp":{"method":"stripe","intent":"session"}}]} | PRICE_OBJECT | mpp | stripe | session | 3 | null | true
            """)
    void readsEveryDialect(String json, PaymentInfo.Dialect dialect, String protocols, String methods, String intents,
                           String amount, String currency, boolean mpp) {
        PaymentInfo info = PaymentInfo.read(Json.parse(json, 10_000).node());

        assertThat(info.dialect()).isEqualTo(dialect);
        assertThat(info.protocols()).isEqualTo(words(protocols));
        assertThat(info.methods()).isEqualTo(words(methods));
        assertThat(info.intents()).isEqualTo(words(intents));
        assertThat(info.amount()).isEqualTo(amount);
        assertThat(info.currency()).isEqualTo(currency);
        assertThat(info.mppOffered()).isEqualTo(mpp);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ~"free"~
            ~[]~
            ~null~
            ~42~
            """)
    void anythingButAnObjectIsNoPaymentInfo(String json) {
        assertThat(PaymentInfo.read(Json.parse(json, 100).node())).isNull();
    }

    private static List<String> words(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(" "));
    }
}
