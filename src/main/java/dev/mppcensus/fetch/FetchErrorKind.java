package dev.mppcensus.fetch;

/**
 * Why a fetch failed, coarse enough to decide what to do next. The caller may fall back from
 * {@code https://} to {@code http://} on {@link #CONNECT}, {@link #RESET} and {@link #TLS_HANDSHAKE},
 * but never on {@link #TLS_CERTIFICATE}.
 */
public enum FetchErrorKind {
    /** The host name did not resolve; {@link FetchError#dns()} says why. */
    DNS,
    /** The TCP connection was refused or the host was unreachable. */
    CONNECT,
    /** The peer reset or closed the connection before a complete response arrived. */
    RESET,
    /** The server's certificate was not accepted: untrusted issuer, expired, or for another host. */
    TLS_CERTIFICATE,
    /** The TLS handshake failed for a reason other than the certificate (protocol, abrupt close). */
    TLS_HANDSHAKE,
    /** A deadline expired: connect timeout, idle timeout or the total per-request deadline. */
    TIMEOUT,
    /** The response body or its headers exceeded the configured cap. */
    TOO_LARGE,
    /** The {@link AddressPolicy} refused every address of the host; no connection was attempted. */
    BLOCKED,
    /** The server spoke malformed HTTP. */
    PROTOCOL,
    /** Anything else. */
    OTHER
}
