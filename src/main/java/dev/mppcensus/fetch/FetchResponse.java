package dev.mppcensus.fetch;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.Objects;

/**
 * What one fetch produced: either a response (possibly with an error, e.g. a body over the cap) or
 * only an error. Never contains Jetty types.
 *
 * @param uri           the URI requested
 * @param status        the HTTP status, or {@code -1} when no response arrived
 * @param headers       the response headers (case-insensitive names, one value per header line);
 *                      empty when no response arrived
 * @param body          the body bytes read, at most {@code maxBodyBytes}; empty for HEAD,
 *                      headers-only requests and failures before the body
 * @param remoteAddress the {@code ip:port} actually connected to ({@code [v6]:port} for IPv6), or
 *                      {@code null} when no connection was made
 * @param elapsedMillis wall time from the call to its result
 * @param error         why the fetch failed, or {@code null} when it succeeded
 */
public record FetchResponse(URI uri, int status, HttpHeaders headers, byte[] body, String remoteAddress,
                            long elapsedMillis, FetchError error) {

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);
    private static final byte[] NO_BODY = new byte[0];

    public FetchResponse {
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? NO_HEADERS : headers;
        body = body == null ? NO_BODY : body;
    }

    /** A failure before any response arrived. */
    static FetchResponse failed(URI uri, String remoteAddress, long elapsedMillis, FetchError error) {
        return new FetchResponse(uri, -1, NO_HEADERS, NO_BODY, remoteAddress, elapsedMillis, error);
    }

    /** {@code true} when a status line and headers arrived, even if the body then failed. */
    public boolean answered() {
        return status >= 0;
    }

    /** {@code true} when the fetch completed without error (any status, 4xx and 5xx included). */
    public boolean ok() {
        return error == null;
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return "FetchResponse[uri=" + uri + ", status=" + status + ", body=" + body.length + " bytes, remote="
                + remoteAddress + ", elapsed=" + elapsedMillis + " ms, error=" + error + "]";
    }
}
