package dev.mppcensus.detection;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Classifies the answer of a declared MPP endpoint to an unpaid request.
 *
 * <table>
 *   <caption>Verdicts</caption>
 *   <tr><th>answer</th><th>verdict</th></tr>
 *   <tr><td>402 with at least one valid {@code Payment} challenge</td><td>{@link EndpointVerdict#VERIFIED_MPP}</td></tr>
 *   <tr><td>402 with {@code Payment} challenges, none valid (broken grammar, a broken rule of
 *   draft-httpauth-payment, or expired when the answer arrived)</td><td>{@link EndpointVerdict#INVALID_CHALLENGE}</td></tr>
 *   <tr><td>402 with x402 terms only ({@link X402Detector})</td><td>{@link EndpointVerdict#X402_ONLY}</td></tr>
 *   <tr><td>a bot wall ({@link BotWalls}): a vendor answered, not the endpoint</td><td>{@link EndpointVerdict#UNREACHABLE}</td></tr>
 *   <tr><td>401, or 403 with a challenge of another scheme; no {@code Payment} challenge</td><td>{@link EndpointVerdict#AUTH_REQUIRED}</td></tr>
 *   <tr><td>anything else (a challenge on a non-402 status included)</td><td>{@link EndpointVerdict#STUB}</td></tr>
 * </table>
 */
public final class EndpointClassifier {

    /** Largest problem+json body read for its {@code type}. */
    static final int MAX_PROBLEM_BYTES = 256 * 1024;

    private EndpointClassifier() {
    }

    /**
     * Classifies one response of an endpoint on {@code host}, also telling whether a valid challenge's
     * {@code realm} matches that host.
     *
     * @param status     the HTTP status code
     * @param headers    the response headers; {@code null} is treated as none
     * @param body       the (possibly truncated) body; {@code null} is treated as empty
     * @param overTls    whether the request went over https
     * @param host       the endpoint's host name; {@code null} leaves {@link EndpointAssessment#realmMatchesHost()} unknown
     * @param answeredAt when the answer arrived, told by the caller (detection reads no clock): a challenge
     *                   whose {@code expires} lies before it (beyond {@link PaymentChallenge#EXPIRY_CLOCK_SKEW})
     *                   cannot be paid and is invalid ({@link PaymentChallenge#EXPIRED})
     * @return the assessment; never {@code null}, never throws for any response
     * @throws NullPointerException if {@code answeredAt} is {@code null}
     */
    public static EndpointAssessment classify(int status, HttpHeaders headers, byte[] body, boolean overTls,
                                              String host, Instant answeredAt) {
        Objects.requireNonNull(answeredAt, "answeredAt");
        List<String> wwwAuthenticate = headers == null ? List.of() : headers.allValues("WWW-Authenticate");
        List<PaymentChallenge> challenges = new ArrayList<>();
        boolean otherScheme = false;
        for (AuthChallenge challenge : WwwAuthenticateParser.parse(wwwAuthenticate)) {
            if (challenge.isScheme(PaymentChallenge.SCHEME)) {
                challenges.add(PaymentChallenge.of(challenge, answeredAt));
            } else {
                otherScheme = true;
            }
        }
        boolean x402 = X402Detector.detect(headers, body).isPresent();
        BotWall wall = BotWalls.find(status, headers, body).orElse(null);

        Set<String> methods = new LinkedHashSet<>();
        Set<String> intents = new LinkedHashSet<>();
        Set<String> networks = new LinkedHashSet<>();
        List<String> violations = new ArrayList<>();
        boolean anyValid = false;
        Boolean realmMatchesHost = null;
        for (int i = 0; i < challenges.size(); i++) {
            PaymentChallenge c = challenges.get(i);
            if (c.valid()) {
                anyValid = true;
                methods.add(c.method());
                intents.add(c.intentLowerCase());
                networks.add(Networks.of(c.request()));
                if (host != null) {
                    realmMatchesHost = Boolean.TRUE.equals(realmMatchesHost) || realmMatches(c.realm(), host);
                }
            } else {
                for (String v : c.violations()) {
                    violations.add("challenge " + (i + 1) + ": " + v);
                }
            }
        }
        if (!challenges.isEmpty() && !overTls) {
            violations.add("Payment challenge over plain HTTP");
        }
        if (!challenges.isEmpty() && status != 402) {
            violations.add("Payment challenge on status " + status);
        }

        EndpointVerdict verdict;
        if (status == 402 && anyValid) {
            verdict = EndpointVerdict.VERIFIED_MPP;
        } else if (status == 402 && !challenges.isEmpty()) {
            verdict = EndpointVerdict.INVALID_CHALLENGE;
        } else if (status == 402 && x402) {
            verdict = EndpointVerdict.X402_ONLY;
        } else if (wall != null) {
            verdict = EndpointVerdict.UNREACHABLE;
        } else if (challenges.isEmpty() && (status == 401 || (status == 403 && otherScheme))) {
            verdict = EndpointVerdict.AUTH_REQUIRED;
        } else {
            verdict = EndpointVerdict.STUB;
        }
        return new EndpointAssessment(verdict, challenges, x402, intents.contains("session"),
                List.copyOf(methods), List.copyOf(intents), problemType(headers, body),
                cacheNoStore(headers), overTls, violations, List.copyOf(networks), realmMatchesHost, wall);
    }

    /** Whether {@code realm} names {@code host} or a domain above it, ignoring case, a port and a trailing dot. */
    static boolean realmMatches(String realm, String host) {
        if (realm == null || host == null) {
            return false;
        }
        String r = realm.strip().toLowerCase(Locale.ROOT);
        int colon = r.lastIndexOf(':');
        if (colon > 0 && r.indexOf(']') < colon) {
            r = r.substring(0, colon);
        }
        r = r.endsWith(".") ? r.substring(0, r.length() - 1) : r;
        String h = host.toLowerCase(Locale.ROOT);
        h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        return !r.isEmpty() && (h.equals(r) || h.endsWith("." + r));
    }

    static boolean cacheNoStore(HttpHeaders headers) {
        if (headers == null) {
            return false;
        }
        for (String value : headers.allValues("Cache-Control")) {
            for (String directive : value.split(",")) {
                String name = directive.strip();
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    name = name.substring(0, eq).strip();
                }
                if (name.equalsIgnoreCase("no-store")) {
                    return true;
                }
            }
        }
        return false;
    }

    static String problemType(HttpHeaders headers, byte[] body) {
        if (headers == null) {
            return null;
        }
        String contentType = headers.firstValue("Content-Type").orElse("");
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType)
                .strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/problem+json")) {
            return null;
        }
        JsonNode root = Json.parse(body, MAX_PROBLEM_BYTES).node();
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode type = root.get("type");
        return type != null && type.isString() ? HttpSyntax.cap(type.stringValue(), 2048) : null;
    }
}
