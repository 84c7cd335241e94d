package dev.mppcensus.report;

import java.math.BigDecimal;

/**
 * The price of one stored offer (a row of {@code payment_offer}), as the HTML report reads it: amounts as
 * given, prices in whole units of the currency and in US dollars where known, and why the amount is left
 * out of statistics ({@code invalidReason}, {@code null} when it is usable).
 */
public record OfferPrice(String domain, String source, String network, String currency, String priceMode,
        String amount, String amountMin, String amountMax, BigDecimal price, BigDecimal priceMin,
        BigDecimal priceMax, BigDecimal amountUsd, BigDecimal amountMinUsd, BigDecimal amountMaxUsd,
        String invalidReason) {

    /** Whether the amount is usable: not invalid. */
    public boolean valid() {
        return invalidReason == null;
    }

    /** A valid fixed price with a known, positive value in US dollars: what the price chart shows. */
    public boolean fixedUsd() {
        return valid() && "fixed".equals(priceMode) && price != null && amountUsd != null && amountUsd.signum() > 0;
    }
}
