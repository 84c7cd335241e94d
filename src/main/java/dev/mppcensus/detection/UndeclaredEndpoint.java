package dev.mppcensus.detection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A URL of a site that answered with a valid Payment challenge (draft-httpauth-payment: a 402 with at least one
 * valid {@code Payment} challenge, {@link EndpointVerdict#VERIFIED_MPP}) although no declaration names it:
 * support exists but isn't declared, so agents never learn of it. Found by {@link #find} among the answers the
 * census received anyway; a 402 carrying only x402 terms, a 402 without terms or a challenge that breaks the
 * draft is not MPP and is never one.
 *
 * @param url         the URL that answered (after redirects: the hop that carried the challenge)
 * @param seenAt      where it was seen, in order: the check whose request it answered ({@code homepage_head},
 *                    {@code homepage_get}, {@code well_known}, {@code openapi}, {@code openapi_2},
 *                    {@code x402_well_known}, {@code robots_txt}) or {@code openapi_402_operation} for the probe
 *                    of an OpenAPI operation that declares a 402 response without {@code x-payment-info}
 * @param httpMethods the methods of the requests it answered, upper case, in order
 * @param methods     payment methods of its valid challenges, distinct, in order
 * @param intents     intents of its valid challenges, lower case, distinct, in order
 * @param operation   for {@code openapi_402_operation}: the operation as {@code METHOD path}, else {@code null}
 */
public record UndeclaredEndpoint(String url, List<String> seenAt, List<String> httpMethods, List<String> methods,
                                 List<String> intents, String operation) {

    /** Most undeclared endpoints kept per domain. */
    public static final int MAX_ENDPOINTS = 20;

    public UndeclaredEndpoint {
        seenAt = List.copyOf(seenAt);
        httpMethods = List.copyOf(httpMethods);
        methods = List.copyOf(methods);
        intents = List.copyOf(intents);
    }

    /**
     * One answer the census received.
     *
     * @param seenAt     where (see {@link UndeclaredEndpoint#seenAt})
     * @param httpMethod the request's method
     * @param url        the URL that answered
     * @param assessment the answer classified ({@link EndpointClassifier#classify})
     * @param operation  the OpenAPI operation probed ({@code METHOD path}), or {@code null}
     */
    public record Sighting(String seenAt, String httpMethod, URI url, EndpointAssessment assessment, String operation) {
    }

    /**
     * The undeclared endpoints among {@code sightings}: each URL whose answer carried a valid Payment challenge
     * and that {@code declared} does not name ({@link #sameUrl}), once, with every place it was seen, in the
     * order first seen; at most {@value #MAX_ENDPOINTS}.
     *
     * @param sightings the answers, in the order the census looks at them
     * @param declared  every URL a declaration names (declared endpoints, payable operations, where their
     *                  probes were answered)
     * @return never {@code null}; never throws
     */
    public static List<UndeclaredEndpoint> find(List<Sighting> sightings, Collection<URI> declared) {
        Set<String> declaredKeys = new HashSet<>();
        declared.forEach(url -> declaredKeys.add(key(url)));
        Map<String, Builder> found = new LinkedHashMap<>();
        for (Sighting sighting : sightings) {
            EndpointAssessment assessment = sighting.assessment();
            if (assessment == null || assessment.verdict() != EndpointVerdict.VERIFIED_MPP || sighting.url() == null) {
                continue;
            }
            String key = key(sighting.url());
            if (declaredKeys.contains(key) || (!found.containsKey(key) && found.size() >= MAX_ENDPOINTS)) {
                continue;
            }
            found.computeIfAbsent(key, k -> new Builder(sighting.url().toString(), sighting.operation()))
                    .add(sighting);
        }
        return found.values().stream().map(Builder::build).toList();
    }

    /**
     * Whether two URLs name the same resource for this purpose: scheme and host compared without case, the
     * scheme's default port dropped, an empty path read as {@code /}, dot segments removed, the fragment ignored
     * (RFC 3986 section 6.2.2 and 6.2.3).
     */
    public static boolean sameUrl(URI a, URI b) {
        return key(a).equals(key(b));
    }

    private static String key(URI url) {
        try {
            URI u = url.normalize();
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http")) {
                port = -1;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return new URI(scheme, null, host, port, null, null, null) + path
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return url.toString();
        }
    }

    private static final class Builder {
        private final String url;
        private final String operation;
        private final Set<String> seenAt = new LinkedHashSet<>();
        private final Set<String> httpMethods = new LinkedHashSet<>();
        private final Set<String> methods = new LinkedHashSet<>();
        private final Set<String> intents = new LinkedHashSet<>();

        Builder(String url, String operation) {
            this.url = url;
            this.operation = operation;
        }

        void add(Sighting sighting) {
            seenAt.add(sighting.seenAt());
            if (sighting.httpMethod() != null) {
                httpMethods.add(sighting.httpMethod().toUpperCase(Locale.ROOT));
            }
            methods.addAll(sighting.assessment().methods());
            intents.addAll(sighting.assessment().intents());
        }

        UndeclaredEndpoint build() {
            return new UndeclaredEndpoint(url, new ArrayList<>(seenAt), new ArrayList<>(httpMethods),
                    new ArrayList<>(methods), new ArrayList<>(intents), operation);
        }
    }
}
