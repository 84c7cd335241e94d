package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What an MPP discovery document ({@code GET /openapi.json}, MPP-NOTES section 4) says about payable
 * operations.
 *
 * @param parsed            whether the body was a JSON object
 * @param error             why it was not, otherwise {@code null}
 * @param payableOperations the number of operations with {@code x-payment-info}
 * @param methods           distinct payment methods over all offers, in order
 * @param intents           distinct intents over all offers, in order
 * @param operations        the payable operations, in document order, at most {@value #MAX_OPERATIONS}
 */
public record OpenApiDiscovery(boolean parsed, String error, int payableOperations, List<String> methods,
                               List<String> intents, List<PayableOperation> operations) {

    /** Largest document read, in bytes. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    /** Most operations kept in {@link #operations()} (all are counted). */
    public static final int MAX_OPERATIONS = 1000;

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace", "query");

    public OpenApiDiscovery {
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /**
     * Reads an OpenAPI 3.x document in JSON. An offer is either the {@code x-payment-info} object
     * itself or each object of its {@code offers} array; its string {@code method} and {@code intent}
     * are collected.
     *
     * @param body the document; {@code null}, empty, YAML or oversized gives {@code parsed=false}
     * @return the discovery; never {@code null}, never throws
     */
    public static OpenApiDiscovery read(byte[] body) {
        Json.Result result = Json.parse(body, MAX_BYTES);
        if (result.node() == null) {
            return failed(result.error() == null ? "empty document" : result.error());
        }
        JsonNode root = result.node();
        if (!root.isObject()) {
            return failed("not a JSON object");
        }
        Set<String> methods = new LinkedHashSet<>();
        Set<String> intents = new LinkedHashSet<>();
        List<PayableOperation> operations = new ArrayList<>();
        int count = 0;
        JsonNode paths = root.get("paths");
        if (paths != null && paths.isObject()) {
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                if (!path.getValue().isObject()) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                    String httpMethod = op.getKey().toLowerCase(Locale.ROOT);
                    JsonNode operation = op.getValue();
                    if (!HTTP_METHODS.contains(httpMethod) || !operation.isObject()) {
                        continue;
                    }
                    JsonNode info = operation.get("x-payment-info");
                    if (info == null || !info.isObject()) {
                        continue;
                    }
                    count++;
                    Set<String> opMethods = new LinkedHashSet<>();
                    Set<String> opIntents = new LinkedHashSet<>();
                    JsonNode offers = info.get("offers");
                    if (offers != null && offers.isArray()) {
                        for (JsonNode offer : offers.values()) {
                            collect(offer, opMethods, opIntents);
                        }
                    } else {
                        collect(info, opMethods, opIntents);
                    }
                    methods.addAll(opMethods);
                    intents.addAll(opIntents);
                    if (operations.size() < MAX_OPERATIONS) {
                        JsonNode responses = operation.get("responses");
                        boolean declares402 = responses != null && responses.isObject() && responses.has("402");
                        operations.add(new PayableOperation(HttpSyntax.cap(path.getKey(), 2048),
                                httpMethod.toUpperCase(Locale.ROOT), declares402,
                                List.copyOf(opMethods), List.copyOf(opIntents)));
                    }
                }
            }
        }
        return new OpenApiDiscovery(true, null, count, List.copyOf(methods), List.copyOf(intents), operations);
    }

    /** Whether at least one operation is payable. */
    public boolean hasPayableOperations() {
        return payableOperations > 0;
    }

    private static OpenApiDiscovery failed(String error) {
        return new OpenApiDiscovery(false, error, 0, List.of(), List.of(), List.of());
    }

    private static void collect(JsonNode offer, Set<String> methods, Set<String> intents) {
        if (offer == null || !offer.isObject()) {
            return;
        }
        JsonNode method = offer.get("method");
        if (method != null && method.isString() && !method.stringValue().isEmpty()) {
            methods.add(HttpSyntax.cap(method.stringValue(), 200));
        }
        JsonNode intent = offer.get("intent");
        if (intent != null && intent.isString() && !intent.stringValue().isEmpty()) {
            intents.add(HttpSyntax.cap(intent.stringValue(), 200));
        }
    }
}
