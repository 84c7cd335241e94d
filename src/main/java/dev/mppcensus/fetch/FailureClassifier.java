package dev.mppcensus.fetch;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http2.RetryableStreamException;

/** Turns whatever Jetty or the JDK failed with into a {@link FetchError}. Pure function of the cause chain. */
final class FailureClassifier {

    /** Jetty's names of HTTP/2 error codes and HPACK failures. */
    private static final Pattern HTTP2_ERROR = Pattern.compile("[a-z_]+_error(/[a-z_]+)?|invalid_hpack_block");

    private FailureClassifier() {
    }

    static FetchError classify(Throwable failure) {
        return classify(failure, false);
    }

    /**
     * @param beforeTlsHandshakeCompleted {@code true} for an https request that never got a connection;
     *                                    an orderly close (EOF) then means the server gave up on the handshake.
     *                                    Jetty may hand out the connection before the handshake finished, so
     *                                    an EOF with this {@code false} can still be a handshake failure
     *                                    (classified RESET; the caller's fallback treats both alike).
     */
    static FetchError classify(Throwable failure, boolean beforeTlsHandshakeCompleted) {
        List<Throwable> chain = chain(failure);
        String message = describe(chain);
        if (has(chain, BodyTooLargeException.class)) {
            return new FetchError(FetchErrorKind.TOO_LARGE, message);
        }
        if (has(chain, BlockedAddressException.class)) {
            return new FetchError(FetchErrorKind.BLOCKED, message);
        }
        DnsLookupException dns = find(chain, DnsLookupException.class);
        if (dns != null) {
            return new FetchError(FetchErrorKind.DNS, dns.getMessage(), dns.outcome());
        }
        if (has(chain, UnknownHostException.class)) {
            return new FetchError(FetchErrorKind.DNS, message);
        }
        if (has(chain, CertificateException.class) || has(chain, CertPathValidatorException.class)) {
            return new FetchError(FetchErrorKind.TLS_CERTIFICATE, message);
        }
        if (has(chain, TimeoutException.class) || has(chain, SocketTimeoutException.class)) {
            return new FetchError(FetchErrorKind.TIMEOUT, message);
        }
        if (has(chain, ConnectException.class) || has(chain, NoRouteToHostException.class)) {
            return new FetchError(FetchErrorKind.CONNECT, message);
        }
        if (has(chain, SocketException.class) || mentions(chain, "reset") || mentions(chain, "broken pipe")) {
            return new FetchError(FetchErrorKind.RESET, message); // also when the TLS layer saw it first
        }
        if (has(chain, SSLHandshakeException.class)) {
            return new FetchError(FetchErrorKind.TLS_HANDSHAKE, message);
        }
        HttpException http = find(chain, HttpException.class);
        if (http != null) {
            // Jetty's response parser reports an oversized header block with the response's own status
            // as code (e.g. 200) and "Response Header Bytes Too Large" as reason.
            boolean headersTooLarge = http.getCode() == 431 || String.valueOf(http.getReason()).contains("Too Large");
            return new FetchError(headersTooLarge ? FetchErrorKind.TOO_LARGE : FetchErrorKind.PROTOCOL, message);
        }
        if (has(chain, RetryableStreamException.class) || chain.stream().map(Throwable::getMessage)
                .anyMatch(m -> m != null && HTTP2_ERROR.matcher(m).matches())) {
            // HTTP/2 stream or connection errors (RFC 9113 section 7), e.g. "protocol_error",
            // "cancel_stream_error", "invalid_hpack_block", or a GOAWAY before our stream was processed
            return new FetchError(FetchErrorKind.PROTOCOL, message);
        }
        if (has(chain, SSLException.class)) {
            // Any other TLS error, e.g. "Unrecognized SSL message" when the port speaks plain HTTP.
            return new FetchError(FetchErrorKind.TLS_HANDSHAKE, message);
        }
        if (beforeTlsHandshakeCompleted && has(chain, EOFException.class)) {
            return new FetchError(FetchErrorKind.TLS_HANDSHAKE, "closed during TLS handshake: " + message);
        }
        if (has(chain, EOFException.class) || has(chain, ClosedChannelException.class)) {
            return new FetchError(FetchErrorKind.RESET, message);
        }
        return new FetchError(FetchErrorKind.OTHER, message);
    }

    private static boolean mentions(List<Throwable> chain, String words) {
        return chain.stream().map(Throwable::getMessage)
                .anyMatch(m -> m != null && m.toLowerCase(Locale.ROOT).contains(words));
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t) && chain.size() < 16; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean has(List<Throwable> chain, Class<?> type) {
        return find(chain, type) != null;
    }

    private static <T> T find(List<Throwable> chain, Class<T> type) {
        return chain.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** One line: the innermost cause with a message, prefixed by its simple class name. */
    private static String describe(List<Throwable> chain) {
        Throwable best = chain.getFirst();
        for (Throwable t : chain) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t;
            }
        }
        String text = best.getClass().getSimpleName() + (best.getMessage() == null ? "" : ": " + best.getMessage());
        text = text.replaceAll("[\\r\\n]+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
