package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What in an OpenAPI operation says that it sells a stream, not one answer: the reasons, as short codes,
 * in a fixed order (an empty list: nothing says so).
 *
 * <table>
 *   <caption>Reasons</caption>
 *   <tr><th>reason</th><th>the operation</th></tr>
 *   <tr><td>{@code response:text/event-stream}, {@code response:application/x-ndjson},
 *       {@code response:application/jsonl}</td>
 *       <td>a success response ({@code 2xx}, {@code 2XX}; a local {@code $ref} followed) has that media type in
 *       its {@code content} (parameters and case ignored); in a Swagger 2.0 document, the operation's (else the
 *       document's) {@code produces} lists it</td></tr>
 *   <tr><td>{@code metered:UNIT}</td>
 *       <td>its {@code x-payment-info} prices per unit: a {@code unitType} on the info, on one of its
 *       {@code offers}, on its {@code price} object or on a {@code protocols} entry (mppx's
 *       {@code Discovery.generate} copies a session's {@code unitType}, e.g. {@code token}, into its offer); or a
 *       valid challenge its probe answered with names a {@code unitType} in its {@code request} (or the request's
 *       {@code methodDetails}), as mppx's session challenges do ({@link #ofChallenges})</td></tr>
 *   <tr><td>{@code usage_price:UNIT}</td>
 *       <td>a price quoted after the fact ({@code "pricingMode": "quote"}, or a {@code price} object of
 *       {@code "mode": "dynamic"}) that names the unit of usage it is tied to ({@code unit} beside it)</td></tr>
 * </table>
 *
 * A {@code quote} or {@code dynamic} price that names no unit is not a stream: AgentCash computes it from
 * the request (its body, a tier) before the 402, one price per request. Pure: reads only the nodes it is given.
 */
public final class StreamSignals {

    /** Media types of a streamed answer: Server-Sent Events (WHATWG HTML section 9.2), NDJSON, JSON Lines. */
    public static final List<String> STREAM_MEDIA_TYPES =
            List.of("text/event-stream", "application/x-ndjson", "application/jsonl");

    private static final int MAX_UNIT = 50;
    private static final int MAX_ENTRIES = 50;

    private StreamSignals() {
    }

    /**
     * The reasons {@code operation} sells a stream.
     *
     * @param operation the operation (its {@code operation()} object and, when payable, its {@code x-payment-info})
     * @param root      the whole document, for {@code $ref}s and Swagger 2.0's document-level {@code produces};
     *                  may be {@code null}
     * @return the reasons, distinct, media types first; empty when nothing says it streams; never throws
     */
    public static List<String> of(PayableOperation operation, JsonNode root) {
        Set<String> reasons = new LinkedHashSet<>();
        JsonNode op = operation == null ? null : operation.operation();
        if (op != null && op.isObject()) {
            mediaTypes(op, root).forEach(type -> reasons.add("response:" + type));
            JsonNode info = op.get("x-payment-info");
            if (info != null && info.isObject()) {
                units(info).forEach(unit -> reasons.add("metered:" + unit));
                usageUnit(info).ifPresent(unit -> reasons.add("usage_price:" + unit));
            }
        }
        return List.copyOf(reasons);
    }

    /**
     * The reasons an operation's answer says it is metered: {@code metered:UNIT} for each {@code unitType} of a
     * valid challenge's decoded {@code request} (or of its {@code methodDetails}), distinct, in order.
     *
     * @param probed the classified answer to the operation's probe; {@code null} gives none
     * @return never {@code null}; never throws
     */
    public static List<String> ofChallenges(EndpointAssessment probed) {
        if (probed == null) {
            return List.of();
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (PaymentChallenge challenge : probed.challenges()) {
            JsonNode request = challenge.valid() ? challenge.request() : null;
            if (request != null && request.isObject()) {
                text(request, "unitType").or(() -> text(request.get("methodDetails"), "unitType"))
                        .ifPresent(unit -> reasons.add("metered:" + unit));
            }
        }
        return List.copyOf(reasons);
    }

    /** The stream media types of the operation's success answers, in {@link #STREAM_MEDIA_TYPES} order. */
    private static List<String> mediaTypes(JsonNode op, JsonNode root) {
        Set<String> found = new LinkedHashSet<>();
        JsonNode responses = op.get("responses");
        boolean success = false;
        if (responses != null && responses.isObject()) {
            int seen = 0;
            for (Map.Entry<String, JsonNode> response : responses.properties()) {
                if (++seen > MAX_ENTRIES) {
                    break;
                }
                if (!isSuccess(response.getKey())) {
                    continue;
                }
                success = true;
                JsonNode resolved = ProbeRequests.resolve(response.getValue(), root);
                JsonNode content = resolved != null && resolved.isObject() ? resolved.get("content") : null;
                if (content != null && content.isObject()) {
                    content.propertyNames().stream().limit(MAX_ENTRIES).map(StreamSignals::mediaType)
                            .forEach(found::add);
                }
            }
        }
        if (success && root != null && root.has("swagger") && !root.has("openapi")) {
            JsonNode produces = op.has("produces") ? op.get("produces") : root.get("produces");
            if (produces != null && produces.isArray()) {
                produces.values().stream().limit(MAX_ENTRIES).filter(JsonNode::isString)
                        .map(type -> mediaType(type.stringValue())).forEach(found::add);
            }
        }
        return STREAM_MEDIA_TYPES.stream().filter(found::contains).toList();
    }

    private static boolean isSuccess(String status) {
        String code = status.strip().toUpperCase(Locale.ROOT);
        return code.equals("2XX") || code.length() == 3 && code.charAt(0) == '2'
                && Character.isDigit(code.charAt(1)) && Character.isDigit(code.charAt(2));
    }

    /** {@code type/subtype} in lower case, without parameters. */
    private static String mediaType(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon >= 0 ? value.substring(0, semicolon) : value).strip().toLowerCase(Locale.ROOT);
    }

    /** Every {@code unitType} the info names (top level, offers, price object, protocol entries), distinct. */
    private static List<String> units(JsonNode info) {
        Set<String> units = new LinkedHashSet<>();
        List<JsonNode> holders = new ArrayList<>();
        holders.add(info);
        JsonNode offers = info.get("offers");
        if (offers != null && offers.isArray()) {
            offers.values().stream().limit(MAX_ENTRIES).forEach(holders::add);
        }
        JsonNode price = info.get("price");
        if (price != null && price.isObject()) {
            holders.add(price);
        }
        JsonNode protocols = info.get("protocols");
        if (protocols != null && protocols.isArray()) {
            for (JsonNode entry : protocols.values().stream().limit(MAX_ENTRIES).toList()) {
                if (entry.isObject()) {
                    entry.values().stream().limit(MAX_ENTRIES).forEach(holders::add);
                }
            }
        }
        for (JsonNode holder : holders) {
            text(holder, "unitType").ifPresent(units::add);
        }
        return List.copyOf(units);
    }

    /** The unit of a quote or dynamic price, when it names one. */
    private static Optional<String> usageUnit(JsonNode info) {
        if (text(info, "pricingMode").map("quote"::equalsIgnoreCase).orElse(false)) {
            return text(info, "unit");
        }
        JsonNode price = info.get("price");
        if (price != null && price.isObject() && text(price, "mode").map("dynamic"::equalsIgnoreCase).orElse(false)) {
            return text(price, "unit");
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode holder, String name) {
        JsonNode value = holder != null && holder.isObject() ? holder.get(name) : null;
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(HttpSyntax.cap(value.stringValue().strip(), MAX_UNIT));
    }
}
