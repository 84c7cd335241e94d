package dev.mppcensus.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTML report's price labels and the log-scale histogram's bins, from offers given as values. */
class PriceLabelsTest {

    private static OfferPrice fixed(String network, String currency, String amount, String price, String usd) {
        return new OfferPrice("d.test", "challenge", network, currency, "fixed", amount, null, null, decimal(price),
                null, null, decimal(usd), null, null, null);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "mainnet | 0x20c0000000000000000000000000000000000000 | 10000   | 0.010000 | 0.010000 | $0.01",
            "mainnet | 0x20c0000000000000000000000000000000000000 | 2000000 | 2        | 2        | $2.00",
            "-       | usd                                        | 25      | 0.25     | 0.25     | $0.25",
            "testnet | 0x20c0000000000000000000000000000000000000 | 100     | 0.0001   | 0.0001   | $0.0001 (testnet)",
            "mainnet | 0xeurc000000000000000000000000000000000000 | 500000  | 0.50     | -        | 0.5 0xeurc…0000",
            "mainnet | EUR                                        | 5       | 0.05     | -        | 0.05 EUR",
            "mainnet | 0x1111111111111111111111111111111111111111 | 123     | -        | -        | 123 0x1111…1111 (decimals unknown)",
            "mainnet | <b>x</b>                                   | 1       | 1        | -        | 1 <b>x</b>",
    })
    void oneFixedOffer(String network, String currency, String amount, String price, String usd, String label) {
        assertThat(PriceLabels.of(List.of(fixed(network, currency, amount, price, usd)))).isEqualTo(label);
    }

    @Test
    void aLongAmountOfUnknownDecimalsIsCut() {
        String amount = "1".repeat(70);
        assertThat(PriceLabels.of(List.of(fixed("mainnet", "XYZ", amount, null, null))))
                .isEqualTo("1".repeat(23) + "… XYZ (decimals unknown)");
    }

    @Test
    void severalPricesAreListedCheapestFirstWithTheSameOneOnce() {
        OfferPrice invalid = new OfferPrice("d.test", "challenge", "mainnet", "usd", "fixed", "-1", null, null, null,
                null, null, null, null, null, "negative");
        OfferPrice range = new OfferPrice("d.test", "openapi", null, "USD", "range", null, "0.01", "0.1", null,
                new BigDecimal("0.01"), new BigDecimal("0.1"), null, new BigDecimal("0.01"), new BigDecimal("0.1"), null);
        OfferPrice dynamic = new OfferPrice("d.test", "openapi", null, "USD", "dynamic", null, null, null, null, null,
                null, null, null, null, null);

        assertThat(PriceLabels.of(List.of())).isEmpty();
        assertThat(PriceLabels.of(List.of(invalid))).isEqualTo("invalid amount");
        assertThat(PriceLabels.of(List.of(dynamic, invalid))).isEqualTo("dynamic");
        assertThat(PriceLabels.of(List.of(fixed(null, "usd", "5", "0.05", "0.05"), fixed(null, "usd", "5", "0.05", "0.05"))))
                .isEqualTo("$0.05");
        assertThat(PriceLabels.of(List.of(dynamic, fixed(null, "usd", "50", "0.5", "0.5"), range,
                fixed(null, "usd", "1", "0.01", "0.01"), fixed(null, "usd", "100", "1", "1"))))
                .isEqualTo("several: $0.01, $0.01–$0.10, $0.50 and 2 more");
    }

    /** A value on a bin's edge lands in the bin it starts; ten times a power of ten starts the next decade. */
    @Test
    void histogramBinsFollowTheDecimalDigits() {
        String svg = SvgCharts.logHistogram("t", "$", List.of(new SvgCharts.Values("offers", "#000",
                List.of(new BigDecimal("0.02"), new BigDecimal("0.0199"), new BigDecimal("0.05"), new BigDecimal("0.1"),
                        new BigDecimal("0.10"), new BigDecimal("0"), new BigDecimal("-1")))), 200);

        List<String> titles = new ArrayList<>();
        Matcher title = Pattern.compile("<rect [^>]*><title>([^<]*)</title>").matcher(svg);
        while (title.find()) {
            titles.add(title.group(1));
        }
        assertThat(titles).containsExactly("$0.01 to under $0.02, offers: 1", "$0.02 to under $0.05, offers: 1",
                "$0.05 to under $0.1, offers: 1", "$0.1 to under $0.2, offers: 2");
        assertThat(svg).contains(">$0.01</text>").contains(">$0.1</text>").contains(">$1</text>")
                .doesNotContain(">$0.001</text>").doesNotContain(">$10</text>");
        assertThat(SvgCharts.logHistogram("t", "$", List.of(new SvgCharts.Values("offers", "#000", List.of())), 200))
                .contains(">none</text>");
    }
}
