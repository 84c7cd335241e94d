package dev.mppcensus.detection;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * {@code violations} lists every broken rule as a short stable string (see {@link #of(AuthChallenge, Instant)});
 * a challenge is {@link #valid()} (payable, as far as an unpaid request can tell) when there is none.
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

    /**
     * How far the answer's time may lie past {@code expires} before the challenge counts as
     * {@code expired}: 30 s absorbs a server or crawler clock that drifts (NTP-synchronised clocks agree
     * within well under a second) while a challenge that expired a minute before its answer arrived, as
     * the SDKs' own expiry tests use, is still caught.
     */
    public static final Duration EXPIRY_CLOCK_SKEW = Duration.ofSeconds(30);

    /** Violation of a challenge whose {@code expires} lies in the past when its answer arrived. */
    public static final String EXPIRED = "expired";

    /** Violation of a {@code digest} that is not {@code sha-256=} with a base64 body digest. */
    public static final String DIGEST_NOT_SHA256 = "digest not sha-256=<base64>";

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
     * Validates a parsed challenge against the rules that do not depend on time ({@code expires} is checked
     * for its format only).
     *
     * @see #of(AuthChallenge, Instant)
     */
    public static PaymentChallenge of(AuthChallenge challenge) {
        return of(challenge, null);
    }

    /**
     * Validates a parsed challenge as its answer found it. Possible violations, in this order:
     * {@code not a Payment challenge}; the challenge's {@linkplain AuthChallenge#syntaxError() syntax error}
     * (then nothing else is judged: the parameters cannot be trusted); {@code token68 instead of parameters},
     * {@code duplicate parameter <name>}, {@code missing id}, {@code empty id}, {@code missing realm},
     * {@code missing method}, {@code method not lowercase letters}, {@code missing intent},
     * {@code intent has invalid characters}, {@code missing request},
     * {@code request not unpadded base64url}, {@code request too large},
     * {@code request not a JSON object} (also for bytes that are not UTF-8, RFC 8259 section 8.1),
     * {@code expires not RFC 3339}, {@link #EXPIRED expired}, {@link #DIGEST_NOT_SHA256},
     * {@code opaque not base64url JSON object of strings}. Unknown parameters are ignored.
     *
     * @param challenge  a parsed challenge; {@code null} gives a challenge with violation
     *                   {@code not a Payment challenge}
     * @param answeredAt when the answer carrying the challenge arrived: the challenge is {@code expired}
     *                   when that is more than {@link #EXPIRY_CLOCK_SKEW} after its {@code expires};
     *                   {@code null} leaves expiry unjudged (for grammar checks of material with old dates)
     * @return the checked challenge; never throws
     */
    public static PaymentChallenge of(AuthChallenge challenge, Instant answeredAt) {
        if (challenge == null) {
            return new PaymentChallenge(null, null, null, null, null, null, null, null,
                    List.of("not a Payment challenge"));
        }
        List<String> violations = new ArrayList<>();
        if (!challenge.isScheme(SCHEME)) {
            violations.add("not a Payment challenge");
        }
        String id = challenge.param("id").orElse(null);
        String realm = challenge.param("realm").orElse(null);
        String method = challenge.param("method").orElse(null);
        String intent = challenge.param("intent").orElse(null);
        String expires = challenge.param("expires").orElse(null);
        String digest = challenge.param("digest").orElse(null);
        String description = challenge.param("description").orElse(null);
        String rawRequest = challenge.param("request").orElse(null);
        if (!challenge.wellFormed()) {
            violations.add(challenge.syntaxError());
            JsonNode request = rawRequest == null ? null : decodeObject(rawRequest);
            return new PaymentChallenge(id, realm, method, intent, expires, description, request, digest, violations);
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

        if (id == null) {
            violations.add("missing id");
        } else if (id.isEmpty()) {
            violations.add("empty id");
        }
        if (realm == null) {
            violations.add("missing realm");
        }
        if (method == null) {
            violations.add("missing method");
        } else if (!METHOD.matcher(method).matches()) {
            violations.add("method not lowercase letters");
        }
        if (intent == null) {
            violations.add("missing intent");
        } else if (!INTENT.matcher(intent).matches()) {
            violations.add("intent has invalid characters");
        }
        JsonNode request = null;
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
        if (expires != null) {
            Instant expiresAt = rfc3339Instant(expires);
            if (expiresAt == null) {
                violations.add("expires not RFC 3339");
            } else if (answeredAt != null && answeredAt.isAfter(expiresAt.plus(EXPIRY_CLOCK_SKEW))) {
                violations.add(EXPIRED);
            }
        }
        if (digest != null && !isSha256Digest(digest)) {
            violations.add(DIGEST_NOT_SHA256);
        }
        String opaque = challenge.param("opaque").orElse(null);
        if (opaque != null && !isOpaque(opaque)) {
            violations.add("opaque not base64url JSON object of strings");
        }
        return new PaymentChallenge(id, realm, method, intent, expires, description, request, digest, violations);
    }

    /** The intent in lower case, or {@code null}. */
    String intentLowerCase() {
        return intent == null ? null : intent.toLowerCase(Locale.ROOT);
    }

    static boolean isRfc3339(String text) {
        return rfc3339Instant(text) != null;
    }

    /** The instant of an RFC 3339 date-time (a leap second counts as the second before), or {@code null}. */
    static Instant rfc3339Instant(String text) {
        if (!RFC3339.matcher(text).matches()) {
            return null;
        }
        String normalized = text.toUpperCase(Locale.ROOT);
        if (normalized.startsWith(":60", 16)) {
            normalized = normalized.substring(0, 17) + "59" + normalized.substring(19); // leap second
        }
        try {
            return OffsetDateTime.parse(normalized).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether a {@code digest} is a SHA-256 body digest as the SDKs write it ({@code sha-256=} and the
     * digest in base64, as mppx emits it) or as RFC 9530 does ({@code sha-256=:base64:}, a Structured
     * Fields byte sequence). Only SHA-256 is accepted, as every SDK computes and verifies only that.
     */
    static boolean isSha256Digest(String digest) {
        if (!digest.startsWith("sha-256=")) {
            return false;
        }
        String value = digest.substring("sha-256=".length());
        if (value.length() >= 2 && value.charAt(0) == ':' && value.charAt(value.length() - 1) == ':') {
            value = value.substring(1, value.length() - 1);
        }
        return Base64Text.isStandard(value);
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

    /** The request object of a {@code request} value, or {@code null} when it does not decode to one. */
    private static JsonNode decodeObject(String rawRequest) {
        byte[] decoded = Base64Text.decodeUnpaddedUrl(rawRequest, MAX_DECODED_BYTES);
        return decoded == null ? null : jsonObject(decoded);
    }

    /** The JSON object in {@code decoded}, which must be UTF-8 (RFC 8259 section 8.1), or {@code null}. */
    private static JsonNode jsonObject(byte[] decoded) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        Json.Result parsed = Json.parse(text, MAX_DECODED_BYTES);
        return parsed.node() != null && parsed.node().isObject() ? parsed.node() : null;
    }
}
