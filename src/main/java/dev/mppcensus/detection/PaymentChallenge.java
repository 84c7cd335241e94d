package dev.mppcensus.detection;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * An MPP {@code Payment} challenge with the result of checking it against the rules of the Payment HTTP
 * authentication scheme (draft-httpauth-payment-00, "The Payment HTTP Authentication Scheme").
 *
 * <p>Fields hold the first occurrence of each parameter as received ({@code null} when absent);
 * {@code request} is the decoded request object, {@code null} when absent or undecodable.
 * {@code violations} lists every broken rule as a short stable string (see {@link #of}); a challenge is
 * {@link #valid()} when there is none.
 */
public record PaymentChallenge(
        String id,
        String realm,
        String method,
        String intent,
        String expires,
        String description,
        JsonNode request,
        String digest,
        List<String> violations) {

    /** The auth-scheme of MPP challenges. */
    public static final String SCHEME = "Payment";

    /** Largest decoded {@code request} or {@code opaque} accepted, in bytes. */
    public static final int MAX_DECODED_BYTES = 64 * 1024;

    private static final Pattern METHOD = Pattern.compile("[a-z]+");
    private static final Pattern INTENT = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    public PaymentChallenge {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** Whether the challenge breaks no rule. */
    public boolean valid() {
        return violations.isEmpty();
    }

    /**
     * Validates a parsed challenge. Possible violations, in this order:
     * {@code not a Payment challenge}, {@code token68 instead of parameters},
     * {@code duplicate parameter <name>}, {@code missing id}, {@code empty id}, {@code missing realm},
     * {@code missing method}, {@code method not lowercase letters}, {@code missing intent},
     * {@code intent has invalid characters}, {@code missing request},
     * {@code request not unpadded base64url}, {@code request too large},
     * {@code request not a JSON object}, {@code expires not RFC 3339},
     * {@code opaque not base64url JSON object of strings}. Unknown parameters are ignored.
     *
     * @param challenge a parsed challenge; {@code null} gives a challenge with violation
     *                  {@code not a Payment challenge}
     * @return the checked challenge; never throws
     */
    public static PaymentChallenge of(AuthChallenge challenge) {
        if (challenge == null) {
            return new PaymentChallenge(null, null, null, null, null, null, null, null,
                    List.of("not a Payment challenge"));
        }
        List<String> violations = new ArrayList<>();
        if (!challenge.isScheme(SCHEME)) {
            violations.add("not a Payment challenge");
        }
        if (challenge.token68() != null) {
            violations.add("token68 instead of parameters");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (AuthParam p : challenge.params()) {
            counts.merge(p.name(), 1, Integer::sum);
        }
        counts.forEach((name, count) -> {
            if (count > 1) {
                violations.add("duplicate parameter " + name);
            }
        });

        String id = challenge.param("id").orElse(null);
        if (id == null) {
            violations.add("missing id");
        } else if (id.isEmpty()) {
            violations.add("empty id");
        }
        String realm = challenge.param("realm").orElse(null);
        if (realm == null) {
            violations.add("missing realm");
        }
        String method = challenge.param("method").orElse(null);
        if (method == null) {
            violations.add("missing method");
        } else if (!METHOD.matcher(method).matches()) {
            violations.add("method not lowercase letters");
        }
        String intent = challenge.param("intent").orElse(null);
        if (intent == null) {
            violations.add("missing intent");
        } else if (!INTENT.matcher(intent).matches()) {
            violations.add("intent has invalid characters");
        }
        JsonNode request = null;
        String rawRequest = challenge.param("request").orElse(null);
        if (rawRequest == null) {
            violations.add("missing request");
        } else if (!Base64Text.isUnpaddedUrl(rawRequest)) {
            violations.add("request not unpadded base64url");
        } else {
            byte[] decoded = Base64Text.decodeUnpaddedUrl(rawRequest, MAX_DECODED_BYTES);
            if (decoded == null) {
                violations.add("request too large");
            } else {
                request = jsonObject(decoded);
                if (request == null) {
                    violations.add("request not a JSON object");
                }
            }
        }
        String expires = challenge.param("expires").orElse(null);
        if (expires != null && !isRfc3339(expires)) {
            violations.add("expires not RFC 3339");
        }
        String opaque = challenge.param("opaque").orElse(null);
        if (opaque != null && !isOpaque(opaque)) {
            violations.add("opaque not base64url JSON object of strings");
        }
        return new PaymentChallenge(id, realm, method, intent, expires,
                challenge.param("description").orElse(null), request,
                challenge.param("digest").orElse(null), violations);
    }

    /** The intent in lower case, or {@code null}. */
    String intentLowerCase() {
        return intent == null ? null : intent.toLowerCase(Locale.ROOT);
    }

    static boolean isRfc3339(String text) {
        if (!RFC3339.matcher(text).matches()) {
            return false;
        }
        String normalized = text.toUpperCase(Locale.ROOT);
        if (normalized.startsWith(":60", 16)) {
            normalized = normalized.substring(0, 17) + "59" + normalized.substring(19); // leap second
        }
        try {
            OffsetDateTime.parse(normalized);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isOpaque(String text) {
        byte[] decoded = Base64Text.decodeUnpaddedUrl(text, MAX_DECODED_BYTES);
        if (decoded == null) {
            return false;
        }
        JsonNode node = jsonObject(decoded);
        if (node == null) {
            return false;
        }
        for (JsonNode value : node.values()) {
            if (!value.isString()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode jsonObject(byte[] decoded) {
        Json.Result parsed = Json.parse(new String(decoded, StandardCharsets.UTF_8), MAX_DECODED_BYTES);
        return parsed.node() != null && parsed.node().isObject() ? parsed.node() : null;
    }
}
