package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What an MPP discovery document (an OpenAPI 3.x document in JSON, draft-payment-discovery) says about
 * payable operations and the service.
 *
 * @param parsed            whether the body was an OpenAPI document: a JSON object with an {@code openapi},
 *                          {@code swagger} or {@code paths} member (a JSON error object such as a soft 404 is not)
 * @param error             why it was not, otherwise {@code null}
 * @param payableOperations the number of operations with {@code x-payment-info} (any dialect, see {@link PaymentInfo})
 * @param methods           distinct payment methods over all offers, in order
 * @param intents           distinct intents over all offers, in order
 * @param operations        the payable operations, in document order, at most {@value #MAX_OPERATIONS}
 * @param operations402     operations that declare a {@code "402"} response but carry no
 *                          {@code x-payment-info}: counted apart, never an MPP declaration
 * @param serviceInfo       the top-level {@code x-service-info} object (categories, docs links), or {@code null}
 * @param root              the whole document, for resolving {@code $ref}s when building probe requests
 * @param paymentRequiredOperations the operations counted in {@code operations402}, in document order, at most
 *                          {@value #MAX_OPERATIONS}, each with {@code info} {@code null}: never a declaration,
 *                          but probed after the payable ones to find MPP spoken where nothing declares it
 */
public record OpenApiDiscovery(boolean parsed, String error, int payableOperations, List<String> methods,
                               List<String> intents, List<PayableOperation> operations, int operations402,
                               JsonNode serviceInfo, JsonNode root, List<PayableOperation> paymentRequiredOperations) {

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
        paymentRequiredOperations = paymentRequiredOperations == null ? List.of()
                : List.copyOf(paymentRequiredOperations);
    }

    /**
     * Reads an OpenAPI 3.x document in JSON. Each operation's {@code x-payment-info} is read in any
     * dialect ({@link PaymentInfo#read}).
     *
     * @param body the document; {@code null}, empty, YAML, oversized or a JSON object that is not an
     *             OpenAPI document gives {@code parsed=false}
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
        if (!root.has("openapi") && !root.has("swagger") && !root.has("paths")) {
            // sites that answer every path with 200 and a JSON error object ("soft 404") must not hide
            // the document at the next location
            return failed("not an OpenAPI document: no openapi, swagger or paths member");
        }
        Set<String> methods = new LinkedHashSet<>();
        Set<String> intents = new LinkedHashSet<>();
        List<PayableOperation> operations = new ArrayList<>();
        List<PayableOperation> paymentRequired = new ArrayList<>();
        int count = 0;
        int only402 = 0;
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
                    JsonNode responses = operation.get("responses");
                    boolean declares402 = responses != null && responses.isObject() && responses.has("402");
                    PaymentInfo info = PaymentInfo.read(operation.get("x-payment-info"));
                    if (info == null) {
                        if (declares402 && paymentRequired.size() < MAX_OPERATIONS) {
                            paymentRequired.add(new PayableOperation(HttpSyntax.cap(path.getKey(), 2048),
                                    httpMethod.toUpperCase(Locale.ROOT), true, List.of(), List.of(), null, operation,
                                    path.getValue()));
                        }
                        only402 += declares402 ? 1 : 0;
                        continue;
                    }
                    count++;
                    methods.addAll(info.methods());
                    intents.addAll(info.intents());
                    if (operations.size() < MAX_OPERATIONS) {
                        operations.add(new PayableOperation(HttpSyntax.cap(path.getKey(), 2048),
                                httpMethod.toUpperCase(Locale.ROOT), declares402, info.methods(), info.intents(), info,
                                operation, path.getValue()));
                    }
                }
            }
        }
        JsonNode serviceInfo = root.get("x-service-info");
        return new OpenApiDiscovery(true, null, count, List.copyOf(methods), List.copyOf(intents), operations, only402,
                serviceInfo != null && serviceInfo.isObject() ? serviceInfo : null, root, paymentRequired);
    }

    /** Whether at least one operation is payable. */
    public boolean hasPayableOperations() {
        return payableOperations > 0;
    }

    /** Whether some payable operation may speak MPP ({@link PayableOperation#mppOffered()}). */
    public boolean declaresMpp() {
        return operations.stream().anyMatch(PayableOperation::mppOffered);
    }

    private static OpenApiDiscovery failed(String error) {
        return new OpenApiDiscovery(false, error, 0, List.of(), List.of(), List.of(), 0, null, null, List.of());
    }
}
