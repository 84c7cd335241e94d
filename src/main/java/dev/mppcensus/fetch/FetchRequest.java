package dev.mppcensus.fetch;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP request, with a body only where a probe sends one.
 *
 * @param method       the HTTP method in upper case, e.g. {@code GET} or {@code HEAD}
 * @param uri          an absolute {@code http} or {@code https} URI with a host; user info and
 *                     fragment are never sent
 * @param readBody     {@code false} to read only status and headers and abort the transfer of the
 *                     body (the connection is then not reused)
 * @param extraHeaders headers to add to the defaults (User-Agent, {@code Accept: *}{@code /*},
 *                     {@code Accept-Encoding: identity}); a value here replaces the default of the
 *                     same name. Credentials and routing headers ({@code Authorization},
 *                     {@code Proxy-Authorization}, {@code Cookie}, {@code Host}) are refused.
 * @throws IllegalArgumentException if the URI is not absolute http(s) with a host, the method is not
 *                                  an HTTP token, or a forbidden header is given
 * @param body         the request body sent as {@code application/json}, or {@code null} for none
 */
public record FetchRequest(String method, URI uri, boolean readBody, Map<String, String> extraHeaders, byte[] body) {

    private static final Set<String> FORBIDDEN_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "host");

    public FetchRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        if (!method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("HTTP method must be upper-case letters: " + method);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Only absolute http and https URIs can be fetched: " + uri);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("URI has no host: " + uri);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (extraHeaders != null) {
            extraHeaders.forEach((name, value) -> {
                Objects.requireNonNull(name, "header name");
                Objects.requireNonNull(value, "header value");
                if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("Header may not be set on a fetch: " + name);
                }
                headers.put(name, value);
            });
        }
        extraHeaders = Collections.unmodifiableMap(headers);
        body = body == null ? null : body.clone();
    }

    /** A request without a body. */
    public FetchRequest(String method, URI uri, boolean readBody, Map<String, String> extraHeaders) {
        this(method, uri, readBody, extraHeaders, null);
    }

    /** A request without extra headers and without a body. */
    public FetchRequest(String method, URI uri, boolean readBody) {
        this(method, uri, readBody, Map.of());
    }

    /** The body bytes, or {@code null}. */
    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** {@code GET uri}, reading the body up to the cap. */
    public static FetchRequest get(URI uri) {
        return new FetchRequest("GET", uri, true);
    }

    /** {@code HEAD uri}. */
    public static FetchRequest head(URI uri) {
        return new FetchRequest("HEAD", uri, false);
    }

    /** {@code GET uri}, keeping status and headers and aborting as soon as the headers arrived. */
    public static FetchRequest getHeadersOnly(URI uri) {
        return new FetchRequest("GET", uri, false);
    }

    /** A copy of this request with one more header (replacing a previous one of the same name). */
    public FetchRequest withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new FetchRequest(method, uri, readBody, headers, body);
    }

    /** A copy of this request sending {@code json} as its {@code application/json} body. */
    public FetchRequest withJsonBody(byte[] json) {
        return new FetchRequest(method, uri, readBody, extraHeaders, json);
    }
}
