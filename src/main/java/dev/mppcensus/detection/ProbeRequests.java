package dev.mppcensus.detection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the unpaid request that probes a payable OpenAPI operation: its path with every
 * {@code {parameter}} filled (and its query parameters), and for a method with a body a JSON body built from the operation's
 * request schema (local {@code $ref}s resolved, at most {@value #MAX_DEPTH} levels deep and
 * {@value #MAX_VALUES} values in all, so that a hostile schema cannot blow up).
 *
 * <table>
 *   <caption>Values, first that applies</caption>
 *   <tr><th>for</th><th>value</th></tr>
 *   <tr><td>a path parameter</td><td>its {@code example}, its schema's {@code example}, {@code default},
 *       {@code enum[0]}; else {@code 1} for integer and number schemas and {@code x} otherwise</td></tr>
 *   <tr><td>a schema</td><td>{@code example} (or {@code examples[0]}), {@code default}, {@code enum[0]},
 *       {@code const}, then a value of its type: an object of its required properties (all properties
 *       when {@code full}), {@code []} (one item when {@code full}), a string suited to its
 *       {@code format} and {@code minLength}, {@code minimum} or 1, {@code true}</td></tr>
 *   <tr><td>no request schema</td><td>{@code {}}</td></tr>
 * </table>
 *
 * A literal {@code {id}} is never left in a path. Pure: never fetches, never throws.
 */
public final class ProbeRequests {

    /** Deepest schema nesting (and {@code $ref} chain) followed; deeper parts become {@code null}. */
    static final int MAX_DEPTH = 8;
    /** Most properties filled per object. */
    static final int MAX_PROPERTIES = 50;
    /** Most values built for one body, however wide the schema; the rest become {@code null}. */
    static final int MAX_VALUES = 500;

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^{}/]*)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProbeRequests() {
    }

    /**
     * The operation's path with every template filled and percent-encoded, followed by its query
     * parameters: the required ones, or every documented one when {@code full}.
     *
     * @param operation the payable operation
     * @param root      the OpenAPI document, for {@code $ref}s; may be {@code null}
     * @param full      {@code true} for the retry after a 400 or 422
     */
    public static String target(PayableOperation operation, JsonNode root, boolean full) {
        Map<String, JsonNode> path = new LinkedHashMap<>();
        Map<String, JsonNode> query = new LinkedHashMap<>();
        collectParameters(operation.pathItem(), root, path, query);
        collectParameters(operation.operation(), root, path, query);
        String template = operation.path().startsWith("/") ? operation.path() : "/" + operation.path();
        int mark = template.indexOf('?');
        if (mark >= 0) {
            template = template.substring(0, mark);
        }
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(encode(parameterValue(path.get(m.group(1)), root))));
        }
        m.appendTail(out);
        String filled = out.toString().replace("{", "%7B").replace("}", "%7D");
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, JsonNode> parameter : query.entrySet()) {
            JsonNode required = parameter.getValue().get("required");
            if (full || (required != null && required.asBoolean(false))) {
                q.append(q.isEmpty() ? "?" : "&").append(encode(parameter.getKey())).append('=')
                        .append(encode(parameterValue(parameter.getValue(), root)));
            }
        }
        return filled + q;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Whether the operation documents a request body. */
    public static boolean hasBody(PayableOperation operation, JsonNode root) {
        return resolve(operation.operation() == null ? null : operation.operation().get("requestBody"), root) != null;
    }

    /**
     * A JSON body for the operation.
     *
     * @param full {@code false} for the first try (required properties only), {@code true} for the
     *             retry after a 400 or 422 (every documented property)
     * @return the body; {@code {}} when the operation documents no JSON schema
     */
    public static JsonNode body(PayableOperation operation, JsonNode root, boolean full) {
        JsonNode requestBody = resolve(operation.operation() == null ? null : operation.operation().get("requestBody"),
                root);
        JsonNode content = requestBody == null ? null : requestBody.get("content");
        JsonNode media = null;
        if (content != null && content.isObject()) {
            for (Map.Entry<String, JsonNode> entry : content.properties()) {
                if (entry.getKey().toLowerCase(java.util.Locale.ROOT).contains("json")) {
                    media = entry.getValue();
                    break;
                }
            }
        }
        if (media == null || !media.isObject()) {
            return NODES.objectNode();
        }
        JsonNode schema = media.get("schema");
        if (schema == null) {
            JsonNode example = media.get("example");
            return example != null && example.isObject() ? example : NODES.objectNode();
        }
        JsonNode value = value(schema, root, full, 0, new int[] {MAX_VALUES});
        return value == null || value.isNull() ? NODES.objectNode() : value;
    }

    /** A value for {@code schema}; see the class table. */
    static JsonNode value(JsonNode schema, JsonNode root, boolean full, int depth, int[] budget) {
        schema = resolve(schema, root);
        if (--budget[0] < 0 || schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        JsonNode given = given(schema);
        if (given != null) {
            return given;
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.isEmpty()) {
            ObjectNode merged = NODES.objectNode();
            for (JsonNode part : allOf.values()) {
                JsonNode v = value(part, root, full, depth + 1, budget);
                if (v.isObject()) {
                    merged.setAll((ObjectNode) v);
                }
            }
            return merged.isEmpty() && !hasObjectShape(schema)
                    ? value(allOf.get(0), root, full, depth + 1, budget) : merged;
        }
        for (String choice : new String[] {"oneOf", "anyOf"}) {
            JsonNode options = schema.get(choice);
            if (options != null && options.isArray() && !options.isEmpty()) {
                return value(options.get(0), root, full, depth + 1, budget);
            }
        }
        String type = type(schema);
        return switch (type) {
            case "object" -> object(schema, root, full, depth, budget);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (full && schema.get("items") != null) {
                    array.add(value(schema.get("items"), root, true, depth + 1, budget));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(minimum(schema).longValue());
            case "number" -> NODES.numberNode(minimum(schema));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(string(schema));
        };
    }

    private static ObjectNode object(JsonNode schema, JsonNode root, boolean full, int depth, int[] budget) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.get("properties");
        JsonNode required = schema.get("required");
        if (properties == null || !properties.isObject()) {
            return object;
        }
        if (full) {
            Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
            while (it.hasNext() && object.size() < MAX_PROPERTIES && budget[0] > 0) {
                Map.Entry<String, JsonNode> property = it.next();
                object.set(property.getKey(), value(property.getValue(), root, true, depth + 1, budget));
            }
        } else if (required != null && required.isArray()) {
            for (JsonNode name : required.values()) {
                if (name.isString() && object.size() < MAX_PROPERTIES && budget[0] > 0) {
                    object.set(name.stringValue(),
                            value(properties.get(name.stringValue()), root, false, depth + 1, budget));
                }
            }
        }
        return object;
    }

    private static JsonNode given(JsonNode schema) {
        JsonNode example = schema.get("example");
        if (example != null) {
            return example;
        }
        JsonNode examples = schema.get("examples");
        if (examples != null && examples.isArray() && !examples.isEmpty()) {
            return examples.get(0);
        }
        JsonNode defaultValue = schema.get("default");
        if (defaultValue != null) {
            return defaultValue;
        }
        JsonNode values = schema.get("enum");
        if (values != null && values.isArray() && !values.isEmpty()) {
            return values.get(0);
        }
        return schema.get("const");
    }

    private static boolean hasObjectShape(JsonNode schema) {
        return schema.has("properties") || "object".equals(type(schema));
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            return type.stringValue();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type.values()) {
                if (t.isString() && !t.stringValue().equals("null")) {
                    return t.stringValue();
                }
            }
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private static Double minimum(JsonNode schema) {
        JsonNode minimum = schema.get("minimum");
        if (minimum != null && minimum.isNumber()) {
            return minimum.doubleValue() > 1 ? minimum.doubleValue() : 1.0;
        }
        JsonNode exclusive = schema.get("exclusiveMinimum");
        if (exclusive != null && exclusive.isNumber()) {
            return Math.floor(exclusive.doubleValue()) + 1;
        }
        return 1.0;
    }

    private static String string(JsonNode schema) {
        JsonNode format = schema.get("format");
        String value = switch (format != null && format.isString() ? format.stringValue() : "") {
            case "email" -> "census@example.com";
            case "uri", "url" -> "https://example.com/";
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "date" -> "2026-01-01";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            case "ipv4" -> "192.0.2.1";
            default -> "x";
        };
        JsonNode minLength = schema.get("minLength");
        if (minLength != null && minLength.canConvertToInt() && minLength.intValue() > value.length()) {
            value = value + "x".repeat(Math.min(minLength.intValue(), 256) - value.length());
        }
        return value;
    }

    /** Path and query parameters by name; operation-level parameters override the path item's. */
    private static void collectParameters(JsonNode holder, JsonNode root, Map<String, JsonNode> path,
                                          Map<String, JsonNode> query) {
        JsonNode parameters = holder == null ? null : holder.get("parameters");
        if (parameters == null || !parameters.isArray()) {
            return;
        }
        for (JsonNode parameter : parameters.values()) {
            JsonNode p = resolve(parameter, root);
            if (p == null || !p.isObject() || !p.path("in").isString() || !p.path("name").isString()) {
                continue;
            }
            String in = p.get("in").stringValue();
            if (in.equals("path")) {
                path.put(p.get("name").stringValue(), p);
            } else if (in.equals("query") && query.size() < MAX_PROPERTIES) {
                query.put(p.get("name").stringValue(), p);
            }
        }
    }

    private static String parameterValue(JsonNode parameter, JsonNode root) {
        JsonNode schema = parameter == null ? null : resolve(parameter.get("schema"), root);
        JsonNode given = parameter == null ? null : parameter.get("example");
        if (given == null && schema != null && schema.isObject()) {
            given = given(schema);
        }
        if (given != null && (given.isString() || given.isNumber() || given.isBoolean())) {
            String text = given.asString();
            if (!text.isEmpty()) {
                return HttpSyntax.cap(text, 200);
            }
        }
        String type = schema != null && schema.isObject() ? type(schema) : "string";
        return type.equals("integer") || type.equals("number") ? "1" : "x";
    }

    /** Follows local {@code $ref}s ({@code #/components/...}), at most {@value #MAX_DEPTH} hops. */
    static JsonNode resolve(JsonNode node, JsonNode root) {
        for (int hop = 0; node != null && hop <= MAX_DEPTH; hop++) {
            JsonNode ref = node.isObject() ? node.get("$ref") : null;
            if (ref == null || !ref.isString()) {
                return node;
            }
            String pointer = ref.stringValue();
            if (root == null || !pointer.startsWith("#")) {
                return null;
            }
            try {
                JsonNode target = root.at(pointer.substring(1));
                node = target == null || target.isMissingNode() ? null : target;
            } catch (RuntimeException e) {
                return null;
            }
        }
        return node == null || (node.isObject() && node.has("$ref")) ? null : node;
    }
}
