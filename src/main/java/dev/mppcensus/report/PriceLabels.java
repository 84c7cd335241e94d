package dev.mppcensus.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a domain charges, in a few words, for the HTML report's adopters table: one fixed price
 * ({@code $0.01}, or {@code 0.5 EURC-ADDRESS} where the dollar value is unknown), a range
 * ({@code $0.01–$0.10}), {@code dynamic} or {@code quote}, or {@code several: ...} with the distinct prices,
 * cheapest first. Offers on a test network say so; invalid amounts count only when nothing else is left.
 */
final class PriceLabels {

    /** How many distinct prices a "several" label lists before counting the rest. */
    static final int LISTED = 3;

    /** How many characters of an amount as given a label shows; a longer one is cut with "…". */
    static final int LONGEST_AMOUNT = 24;

    private PriceLabels() {
    }

    /** The label of a domain's {@code offers}; empty for no offers. */
    static String of(List<OfferPrice> offers) {
        Map<String, BigDecimal> labels = new LinkedHashMap<>();
        for (OfferPrice offer : offers) {
            if (offer.valid()) {
                labels.putIfAbsent(label(offer), sortKey(offer));
            }
        }
        if (labels.isEmpty()) {
            return offers.isEmpty() ? "" : "invalid amount";
        }
        if (labels.size() == 1) {
            return labels.keySet().iterator().next();
        }
        List<Map.Entry<String, BigDecimal>> sorted = new ArrayList<>(labels.entrySet());
        sorted.sort(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Map.Entry.comparingByKey()));
        StringBuilder text = new StringBuilder("several: ");
        for (int i = 0; i < sorted.size() && i < LISTED; i++) {
            text.append(i == 0 ? "" : ", ").append(sorted.get(i).getKey());
        }
        if (sorted.size() > LISTED) {
            text.append(" and ").append(sorted.size() - LISTED).append(" more");
        }
        return text.toString();
    }

    /** One offer's price: in dollars where known, else in the currency, else the amount as given. */
    static String label(OfferPrice offer) {
        String text = switch (offer.priceMode()) {
            case "fixed" -> amount(offer.amountUsd(), offer.price(), offer.amount(), offer.currency());
            case "range" -> offer.amountMinUsd() != null && offer.amountMaxUsd() != null
                    ? dollars(offer.amountMinUsd()) + "–" + dollars(offer.amountMaxUsd())
                    : amount(null, offer.priceMin(), offer.amountMin(), null) + "–"
                            + amount(null, offer.priceMax(), offer.amountMax(), offer.currency());
            default -> offer.priceMode();
        };
        return "testnet".equals(offer.network()) ? text + " (testnet)" : text;
    }

    /** {@code $0.01}: at least two decimals, never rounded. */
    static String dollars(BigDecimal usd) {
        BigDecimal plain = usd.stripTrailingZeros();
        return "$" + (plain.scale() < 2 ? plain.setScale(2) : plain).toPlainString();
    }

    private static String amount(BigDecimal usd, BigDecimal price, String given, String currency) {
        if (usd != null) {
            return dollars(usd);
        }
        String unit = currency == null ? "" : " " + shortCurrency(currency);
        if (price != null) {
            return price.stripTrailingZeros().toPlainString() + unit;
        }
        String shown = given == null ? "?" : given.length() > LONGEST_AMOUNT
                ? given.substring(0, LONGEST_AMOUNT - 1) + "…" : given;
        return shown + unit + (currency == null ? "" : " (decimals unknown)");
    }

    /** A token address shortened to its ends ({@code 0x20c0…0000}); short currency codes as they are. */
    static String shortCurrency(String currency) {
        return currency.length() <= 12 ? currency
                : currency.substring(0, 6) + "…" + currency.substring(currency.length() - 4);
    }

    private static BigDecimal sortKey(OfferPrice offer) {
        return switch (offer.priceMode()) {
            case "fixed" -> offer.amountUsd() != null ? offer.amountUsd() : offer.price();
            case "range" -> offer.amountMinUsd() != null ? offer.amountMinUsd() : offer.priceMin();
            default -> null;
        };
    }
}
