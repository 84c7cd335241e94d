package dev.mppcensus.detection;

import dev.mppcensus.detection.PaymentOffer.AmountUnit;
import dev.mppcensus.detection.PaymentOffer.PriceMode;
import dev.mppcensus.detection.PaymentOffer.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads the offers a domain makes ({@link PaymentOffer}): the terms of a valid Payment challenge and the offers
 * of an operation's {@code x-payment-info} in its three dialects ({@link PaymentInfo.Dialect}).
 *
 * <table>
 *   <caption>What is read</caption>
 *   <tr><th>source</th><th>amount</th><th>unit</th><th>currency</th><th>price mode</th></tr>
 *   <tr><td>challenge {@code request} (draft-httpauth-payment; for {@code session} the price per unit,
 *       draft-tempo-session)</td><td>{@code amount}</td><td>base units</td><td>{@code currency}</td>
 *       <td>fixed; dynamic without {@code amount}</td></tr>
 *   <tr><td>{@code OFFERS} (draft-payment-discovery)</td><td>{@code amount}</td><td>base units</td>
 *       <td>{@code currency}</td><td>fixed; dynamic for {@code "amount": null}</td></tr>
 *   <tr><td>{@code PRICING_MODE} (AgentCash)</td><td>{@code price}, {@code minPrice}, {@code maxPrice}</td>
 *       <td>decimal</td><td>{@code USD}</td><td>fixed, range; {@code quote} or dynamic without a price</td></tr>
 *   <tr><td>{@code PRICE_OBJECT} (AgentCash, newer)</td><td>{@code price.amount}, {@code price.min},
 *       {@code price.max}</td><td>decimal</td><td>{@code price.currency}, else the {@code mpp} entry's</td>
 *       <td>fixed, range; dynamic or quote ({@code price.mode}) without an amount</td></tr>
 * </table>
 *
 * Decimals come from {@link KnownCurrencies} for a currency it lists, else from a {@code decimals} given with the
 * offer (0 to 77); the price is the amount moved that many places, computed exactly. Everything here is bounded
 * (at most {@code limit} offers per call, texts capped) and never throws.
 */
public final class OfferReader {

    /** Most offers kept per domain; the rest are counted in the evidence ({@code offers_not_recorded}). */
    public static final int MAX_OFFERS = 200;

    private static final int MAX_TEXT = 200;
    /** Longest amount kept as given: far over {@value Amount#MAX_DIGITS} digits, so the cap never hides a reason. */
    private static final int MAX_AMOUNT_TEXT = 1000;
    private static final int MAX_DECIMALS = 77;

    private OfferReader() {
    }

    /** Where an offer belongs: the endpoint's URL and HTTP method, and its OpenAPI operation or {@code null}. */
    public record Place(String url, String httpMethod, String operation) {
    }

    /**
     * The offer of one challenge.
     *
     * @param challenge a checked challenge; an invalid one (or {@code null}) gives empty
     * @param place     where it was answered
     * @return the offer; never throws
     */
    public static Optional<PaymentOffer> fromChallenge(PaymentChallenge challenge, Place place) {
        if (challenge == null || !challenge.valid() || challenge.request() == null) {
            return Optional.empty();
        }
        JsonNode request = challenge.request();
        JsonNode details = request.get("methodDetails");
        boolean namesNetwork = details != null && details.isObject()
                && (details.has("chainId") || details.has("network"));
        Long chainId = details != null && details.isObject() ? Networks.chainId(details.get("chainId")) : null;
        String amount = amountText(request.get("amount"));
        Integer decimals = decimals(request.get("decimals"));
        if (decimals == null && details != null && details.isObject()) {
            decimals = decimals(details.get("decimals"));
        }
        return Optional.of(offer(place, Source.CHALLENGE, challenge.method(), challenge.intentLowerCase(),
                namesNetwork ? Networks.of(request) : null, chainId, text(request.get("recipient")),
                text(request.get("currency")), amount == null ? PriceMode.DYNAMIC : PriceMode.FIXED, amount, null, null,
                AmountUnit.BASE_UNITS, decimals));
    }

    /**
     * How many offers one {@code x-payment-info} makes ({@link #fromPaymentInfo} reads at most a limit of them).
     *
     * @param info the operation's {@code x-payment-info}; anything but an object makes none
     */
    public static int count(JsonNode info) {
        PaymentInfo read = PaymentInfo.read(info);
        if (read == null || !read.mppOffered()) {
            return 0;
        }
        return switch (read.dialect()) {
            case OFFERS -> offerNodes(info, Integer.MAX_VALUE).size();
            case PRICING_MODE -> 1;
            case PRICE_OBJECT -> Math.max(1, mppEntries(info.get("protocols"), Integer.MAX_VALUE).size());
        };
    }

    /**
     * The offers of one operation's {@code x-payment-info}, in order: none when it is no object or names only
     * other protocols than MPP (x402).
     *
     * @param info  the operation's {@code x-payment-info}
     * @param place the operation
     * @param limit most offers returned
     * @return the offers, at most {@code limit}; never throws
     */
    public static List<PaymentOffer> fromPaymentInfo(JsonNode info, Place place, int limit) {
        PaymentInfo read = PaymentInfo.read(info);
        if (read == null || !read.mppOffered() || limit <= 0) {
            return List.of();
        }
        List<PaymentOffer> offers = new ArrayList<>();
        switch (read.dialect()) {
            case OFFERS -> {
                for (JsonNode offer : offerNodes(info, limit)) {
                    JsonNode details = offer.get("methodDetails");
                    Long chainId = Networks.chainId(details != null && details.isObject() ? details.get("chainId")
                            : offer.get("chainId"));
                    String amount = amountText(offer.get("amount"));
                    offers.add(offer(place, Source.OPENAPI, text(offer.get("method")), lower(text(offer.get("intent"))),
                            chainId == null ? null : Networks.ofChainId(chainId), chainId, text(offer.get("recipient")),
                            text(offer.get("currency")), amount == null ? PriceMode.DYNAMIC : PriceMode.FIXED, amount,
                            null, null, AmountUnit.BASE_UNITS, decimals(offer.get("decimals"))));
                }
            }
            case PRICING_MODE -> offers.add(priced(place, null, null, "USD", text(info.get("pricingMode")),
                    amountText(info.get("price")), amountText(info.get("minPrice")), amountText(info.get("maxPrice"))));
            case PRICE_OBJECT -> {
                JsonNode price = info.get("price");
                String currency = text(price.get("currency"));
                List<JsonNode> entries = mppEntries(info.get("protocols"), limit);
                if (entries.isEmpty()) {
                    entries = Collections.singletonList(null);
                }
                for (JsonNode mpp : entries) {
                    offers.add(priced(place, mpp == null ? null : text(mpp.get("method")),
                            mpp == null ? null : lower(text(mpp.get("intent"))),
                            currency != null || mpp == null ? currency : text(mpp.get("currency")),
                            text(price.get("mode")), amountText(price.get("amount")), amountText(price.get("min")),
                            amountText(price.get("max"))));
                }
            }
        }
        return offers;
    }

    /** An AgentCash price in decimals: fixed with an amount, a range with a bound, else quote or dynamic. */
    private static PaymentOffer priced(Place place, String method, String intent, String currency, String mode,
                                       String amount, String min, String max) {
        PriceMode priceMode;
        if (amount != null) {
            priceMode = PriceMode.FIXED;
        } else if (min != null || max != null) {
            priceMode = PriceMode.RANGE;
        } else {
            priceMode = "quote".equalsIgnoreCase(mode) ? PriceMode.QUOTE : PriceMode.DYNAMIC;
        }
        return offer(place, Source.OPENAPI, method, intent, null, null, null, currency, priceMode,
                amount, priceMode == PriceMode.RANGE ? min : null, priceMode == PriceMode.RANGE ? max : null,
                AmountUnit.DECIMAL, null);
    }

    /** The offer with its derived numbers: decimals, prices and US dollars where the currency is known. */
    private static PaymentOffer offer(Place place, Source source, String method, String intent, String network,
                                      Long chainId, String recipient, String currency, PriceMode mode, String amount,
                                      String min, String max, AmountUnit unit, Integer givenDecimals) {
        Optional<KnownCurrencies.Known> known = KnownCurrencies.of(currency, chainId, method);
        Integer decimals = known.map(KnownCurrencies.Known::decimals).orElse(givenDecimals);
        boolean usd = known.map(KnownCurrencies.Known::usd).orElse(false);
        Amount fixed = Amount.of(amount, unit);
        Amount low = Amount.of(min, unit);
        Amount high = Amount.of(max, unit);
        String invalid = null;
        for (Amount checked : new Amount[] {fixed, low, high}) {
            if (invalid == null && checked != null && !checked.usable()) {
                invalid = checked.reason();
            }
        }
        boolean anyAmount = amount != null || min != null || max != null;
        // one unusable bound makes the whole range unusable: half a range is no range
        BigDecimal price = invalid == null ? price(fixed, unit, decimals) : null;
        BigDecimal priceMin = invalid == null ? price(low, unit, decimals) : null;
        BigDecimal priceMax = invalid == null ? price(high, unit, decimals) : null;
        return new PaymentOffer(place.url(), place.httpMethod(), place.operation(), source, method, intent, network,
                chainId, recipient, currency, mode, amount, min, max, anyAmount ? unit : null, decimals, price,
                priceMin, priceMax, usd ? price : null, usd ? priceMin : null, usd ? priceMax : null, invalid);
    }

    private static BigDecimal price(Amount amount, AmountUnit unit, Integer decimals) {
        if (amount == null || !amount.usable()) {
            return null;
        }
        if (unit == AmountUnit.DECIMAL) {
            return plain(amount.value());
        }
        return decimals == null ? null : plain(amount.value().movePointLeft(decimals));
    }

    /** Without trailing zeros, and never a negative scale ({@code 1E+1} is 10). */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The offer objects of an {@code OFFERS} info: its {@code offers} array's objects, else the info itself. */
    private static List<JsonNode> offerNodes(JsonNode info, int limit) {
        JsonNode list = info.get("offers");
        List<JsonNode> offers = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode offer : list.values()) {
                if (offers.size() >= limit) {
                    break;
                }
                if (offer.isObject()) {
                    offers.add(offer);
                }
            }
        } else if (limit > 0) {
            offers.add(info);
        }
        return offers;
    }

    /** The {@code mpp} objects of a {@code protocols} array. */
    private static List<JsonNode> mppEntries(JsonNode protocols, int limit) {
        List<JsonNode> entries = new ArrayList<>();
        if (protocols != null && protocols.isArray()) {
            for (JsonNode entry : protocols.values()) {
                JsonNode mpp = entry.isObject() ? entry.get("mpp") : null;
                if (entries.size() < limit && mpp != null && mpp.isObject()) {
                    entries.add(mpp);
                }
            }
        }
        return entries;
    }

    /**
     * How many operations (the same URL and HTTP method) have a challenge whose price disagrees with the
     * document's: offers of both sources compared where their methods and intents do not differ (one that names
     * none matches any) and their prices are comparable (in one currency, or both in US dollars); a fixed price
     * disagrees with another fixed price it does not equal, and with a range it lies outside of.
     *
     * @return the count, or {@code null} when no operation had offers of both sources to compare
     */
    public static Integer disagreements(List<PaymentOffer> offers) {
        Map<String, List<PaymentOffer>> byOperation = new LinkedHashMap<>();
        offers.forEach(offer -> byOperation.computeIfAbsent(offer.operationKey(), key -> new ArrayList<>()).add(offer));
        boolean compared = false;
        int disagreeing = 0;
        for (List<PaymentOffer> same : byOperation.values()) {
            boolean disagrees = false;
            for (PaymentOffer challenge : same) {
                if (challenge.source() != Source.CHALLENGE) {
                    continue;
                }
                for (PaymentOffer documented : same) {
                    if (documented.source() != Source.OPENAPI || !alike(challenge.paymentMethod(), documented.paymentMethod())
                            || !alike(challenge.intent(), documented.intent())) {
                        continue;
                    }
                    Boolean differ = differ(challenge, documented);
                    if (differ != null) {
                        compared = true;
                        disagrees |= differ;
                    }
                }
            }
            disagreeing += disagrees ? 1 : 0;
        }
        return compared ? disagreeing : null;
    }

    /** Whether the challenge's fixed price lies off the document's, or {@code null} when they are not comparable. */
    private static Boolean differ(PaymentOffer challenge, PaymentOffer documented) {
        if (challenge.priceMode() != PriceMode.FIXED) {
            return null;
        }
        boolean sameCurrency = challenge.currency() != null && challenge.currency().equalsIgnoreCase(documented.currency());
        if (sameCurrency && challenge.price() != null) {
            return differ(challenge.price(), documented.priceMode(), documented.price(), documented.priceMin(),
                    documented.priceMax());
        }
        if (challenge.amountUsd() != null) {
            return differ(challenge.amountUsd(), documented.priceMode(), documented.amountUsd(),
                    documented.amountMinUsd(), documented.amountMaxUsd());
        }
        return null;
    }

    private static Boolean differ(BigDecimal value, PriceMode mode, BigDecimal fixed, BigDecimal min, BigDecimal max) {
        if (mode == PriceMode.FIXED) {
            return fixed == null ? null : value.compareTo(fixed) != 0;
        }
        if (mode == PriceMode.RANGE && (min != null || max != null)) {
            return (min != null && value.compareTo(min) < 0) || (max != null && value.compareTo(max) > 0);
        }
        return null;
    }

    private static boolean alike(String a, String b) {
        return a == null || b == null || a.equalsIgnoreCase(b);
    }

    private static Integer decimals(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.canConvertToInt()
                && node.intValue() >= 0 && node.intValue() <= MAX_DECIMALS) {
            return node.intValue();
        }
        return null;
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /**
     * An amount as given: a string or number as text; any other JSON value but {@code null} (an object, an array, a
     * boolean) as its JSON text, so that it is recorded, and judged {@value Amount#NOT_A_NUMBER}, rather than taken
     * for no amount.
     */
    private static String amountText(JsonNode node) {
        if (node != null && (node.isContainer() || node.isBoolean())) {
            return HttpSyntax.cap(node.toString(), MAX_AMOUNT_TEXT);
        }
        return text(node, MAX_AMOUNT_TEXT);
    }

    private static String text(JsonNode node) {
        return text(node, MAX_TEXT);
    }

    /** A string or number as text, capped at {@code max} characters; {@code null} otherwise. */
    private static String text(JsonNode node, int max) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return HttpSyntax.cap(node.stringValue(), max);
        }
        if (node.isNumber()) {
            return HttpSyntax.cap(node.asString(), max);
        }
        return null;
    }
}
