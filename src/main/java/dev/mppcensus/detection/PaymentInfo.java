package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One operation's OpenAPI {@code x-payment-info}, read in any of the three dialects found in the wild:
 *
 * <table>
 *   <caption>Dialects</caption>
 *   <tr><th>{@link Dialect}</th><th>shape</th><th>protocols</th></tr>
 *   <tr><td>{@code OFFERS} (draft-payment-discovery, mppx {@code Discovery.generate})</td>
 *       <td>one offer {@code {"intent","method","amount","currency"}} or {@code {"offers":[...]}}</td>
 *       <td>none named (MPP by the document's own definition)</td></tr>
 *   <tr><td>{@code PRICING_MODE} (AgentCash, MPPScan)</td>
 *       <td>{@code {"pricingMode","price","minPrice","maxPrice","protocols":["x402","mpp"]}}, USD decimals</td>
 *       <td>the strings of {@code protocols}</td></tr>
 *   <tr><td>{@code PRICE_OBJECT} (AgentCash, newer)</td>
 *       <td>{@code {"price":{"mode","currency","amount"|"min"|"max"},"protocols":[{"mpp":{"method","intent","currency"}},{"x402":{}}]}}</td>
 *       <td>the keys of the {@code protocols} entries</td></tr>
 * </table>
 *
 * @param dialect   which shape was read
 * @param protocols protocols the info names, lower case ({@code mpp}, {@code x402}, ...), empty when
 *                  it names none
 * @param methods   distinct payment methods named, in order
 * @param intents   distinct intents named, in order
 * @param amount    the price as written: an amount, {@code min-max} for a range, or {@code null}
 * @param currency  the currency of the first offer or price that names one, or {@code null}
 */
public record PaymentInfo(Dialect dialect, List<String> protocols, List<String> methods, List<String> intents,
                          String amount, String currency) {

    /** The shapes of {@code x-payment-info}. */
    public enum Dialect { OFFERS, PRICING_MODE, PRICE_OBJECT }

    public PaymentInfo {
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
    }

    /** Whether MPP may be spoken: {@code mpp} is named, or no protocol is named at all. */
    public boolean mppOffered() {
        return protocols.isEmpty() || protocols.contains("mpp");
    }

    /**
     * Reads one {@code x-payment-info} object.
     *
     * @param info the value; anything but an object gives {@code null}
     * @return the reading, or {@code null} when {@code info} is not an object; never throws
     */
    public static PaymentInfo read(JsonNode info) {
        if (info == null || !info.isObject()) {
            return null;
        }
        JsonNode price = info.get("price");
        if (price != null && price.isObject()) {
            return priceObject(info, price);
        }
        if (info.has("pricingMode") || (price != null && (price.isString() || price.isNumber()))
                || (info.has("protocols") && !info.has("offers") && !info.has("method"))) {
            return pricingMode(info);
        }
        return offers(info);
    }

    private static PaymentInfo offers(JsonNode info) {
        Set<String> methods = new LinkedHashSet<>();
        Set<String> intents = new LinkedHashSet<>();
        List<JsonNode> offers = new ArrayList<>();
        JsonNode list = info.get("offers");
        if (list != null && list.isArray()) {
            list.values().forEach(offers::add);
        } else {
            offers.add(info);
        }
        String amount = null;
        String currency = null;
        for (JsonNode offer : offers) {
            if (offer == null || !offer.isObject()) {
                continue;
            }
            addText(offer.get("method"), methods, false);
            addText(offer.get("intent"), intents, false);
            amount = amount != null ? amount : text(offer.get("amount"));
            currency = currency != null ? currency : text(offer.get("currency"));
        }
        return new PaymentInfo(Dialect.OFFERS, protocols(info.get("protocols")), List.copyOf(methods),
                List.copyOf(intents), amount, currency);
    }

    private static PaymentInfo pricingMode(JsonNode info) {
        String amount = text(info.get("price"));
        if (amount == null && (info.has("minPrice") || info.has("maxPrice"))) {
            amount = range(text(info.get("minPrice")), text(info.get("maxPrice")));
        }
        return new PaymentInfo(Dialect.PRICING_MODE, protocols(info.get("protocols")), List.of(), List.of(), amount,
                "USD");
    }

    private static PaymentInfo priceObject(JsonNode info, JsonNode price) {
        Set<String> methods = new LinkedHashSet<>();
        Set<String> intents = new LinkedHashSet<>();
        String currency = text(price.get("currency"));
        JsonNode protocols = info.get("protocols");
        if (protocols != null && protocols.isArray()) {
            for (JsonNode entry : protocols.values()) {
                JsonNode mpp = entry.isObject() ? entry.get("mpp") : null;
                if (mpp != null && mpp.isObject()) {
                    addText(mpp.get("method"), methods, false);
                    addText(mpp.get("intent"), intents, false);
                    currency = currency != null ? currency : text(mpp.get("currency"));
                }
            }
        }
        String amount = text(price.get("amount"));
        if (amount == null && (price.has("min") || price.has("max"))) {
            amount = range(text(price.get("min")), text(price.get("max")));
        }
        return new PaymentInfo(Dialect.PRICE_OBJECT, protocols(protocols), List.copyOf(methods), List.copyOf(intents),
                amount, currency);
    }

    /** Protocol names: the strings of an array, or the keys of its objects, lower case, distinct. */
    private static List<String> protocols(JsonNode protocols) {
        Set<String> names = new LinkedHashSet<>();
        if (protocols != null && protocols.isArray()) {
            for (JsonNode entry : protocols.values()) {
                if (entry.isString()) {
                    addText(entry, names, true);
                } else if (entry.isObject()) {
                    entry.propertyNames().stream().limit(10)
                            .forEach(name -> names.add(HttpSyntax.cap(name.toLowerCase(Locale.ROOT), 50)));
                }
                if (names.size() >= 10) {
                    break;
                }
            }
        }
        return List.copyOf(names);
    }

    private static String range(String min, String max) {
        return (min == null ? "" : min) + "-" + (max == null ? "" : max);
    }

    private static void addText(JsonNode node, Set<String> into, boolean lowerCase) {
        String text = node != null && node.isString() ? HttpSyntax.cap(node.stringValue(), 200) : null;
        if (text != null && !text.isEmpty()) {
            into.add(lowerCase ? text.toLowerCase(Locale.ROOT) : text);
        }
    }

    /** A string or number as text, capped; {@code null} otherwise. */
    private static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return HttpSyntax.cap(node.stringValue(), 200);
        }
        if (node.isNumber()) {
            return HttpSyntax.cap(node.asString(), 200);
        }
        return null;
    }
}
