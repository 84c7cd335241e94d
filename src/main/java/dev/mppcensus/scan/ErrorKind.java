package dev.mppcensus.scan;

import dev.mppcensus.detection.Coded;
import dev.mppcensus.fetch.FetchErrorKind;
import java.util.Locale;

/** Why a domain, or one of its checks, could not be seen fully. Stored as {@link #code()}. */
public enum ErrorKind implements Coded {
    /** The name does not resolve. */
    DNS,
    /** Connection refused, reset or otherwise failed before an HTTP answer. */
    CONNECT,
    /** The TLS certificate failed validation, or the handshake failed on both https and http. */
    TLS,
    /** A connect, header or body deadline passed. */
    TIMEOUT,
    /** The server answered with a 5xx where the check needed an answer. */
    HTTP,
    /** A body or header went over its size cap. */
    TOO_LARGE,
    /** The server sent something that is not valid HTTP. */
    INVALID,
    /** A redirect loop, too many redirects, or a redirect to a non-HTTP URL. */
    REDIRECT,
    /**
     * A bot-management vendor's challenge or block answer (a wall of
     * {@link dev.mppcensus.detection.BotWalls}) hid the answer; the detail names the vendor.
     */
    BOT_CHALLENGE,
    /** A 429, or a 503 with {@code Retry-After}, hid the answer. */
    RATE_LIMITED,
    /** The address policy refused the target (a private or reserved address). */
    BLOCKED,
    /** With {@code --robots}: robots.txt disallowed a request the check needed (homepage, ai-agent.json, openapi.json). */
    ROBOTS,
    /** Anything else, including a bug in the crawler; the detail says what. */
    OTHER;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ErrorKind of(FetchErrorKind kind) {
        return switch (kind) {
            case DNS -> DNS;
            case CONNECT, RESET -> CONNECT;
            case TLS_CERTIFICATE, TLS_HANDSHAKE -> TLS;
            case TIMEOUT -> TIMEOUT;
            case TOO_LARGE -> TOO_LARGE;
            case BLOCKED -> BLOCKED;
            case PROTOCOL -> INVALID;
            case OTHER -> OTHER;
        };
    }
}
