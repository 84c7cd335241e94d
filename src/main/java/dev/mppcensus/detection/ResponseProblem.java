package dev.mppcensus.detection;

import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/**
 * Why one HTTP answer does not show what a check asked for, although it came: a bot wall or a rate
 * limit hid it, the server failed, or the body came compressed although {@code identity} was asked for
 * (such bodies are never decoded, so no compression bomb can inflate, nor parsed).
 *
 * <table>
 *   <caption>Decision table, first matching row wins</caption>
 *   <tr><th>answer</th><th>kind</th></tr>
 *   <tr><td>a vendor's challenge or block answer ({@link BotWalls}), whatever its status: a 429 or 503
 *       carrying a challenge marker is a challenge, not a rate limit</td><td>{@link Kind#BOT_CHALLENGE}</td></tr>
 *   <tr><td>2xx with a {@code Content-Encoding} other than {@code identity}</td><td>{@link Kind#ENCODED}</td></tr>
 *   <tr><td>429, or 503 with {@code Retry-After}</td><td>{@link Kind#RATE_LIMITED}</td></tr>
 *   <tr><td>any other 5xx</td><td>{@link Kind#SERVER_ERROR}</td></tr>
 *   <tr><td>anything else</td><td>no problem</td></tr>
 * </table>
 *
 * @param kind   what hid the answer
 * @param detail a short human-readable description naming the status or encoding and {@code url}; for a
 *               wall the vendor first ({@link BotWall#describe})
 * @param wall   the wall, for {@link Kind#BOT_CHALLENGE}; else {@code null}
 */
public record ResponseProblem(Kind kind, String detail, BotWall wall) {

    /** What hid an answer. */
    public enum Kind {
        /** A 2xx body sent with a {@code Content-Encoding} despite {@code Accept-Encoding: identity}. */
        ENCODED,
        /** A bot-management vendor's challenge or block answer ({@link BotWalls}). */
        BOT_CHALLENGE,
        /** A 429, or a 503 with {@code Retry-After}. */
        RATE_LIMITED,
        /** Any other 5xx. */
        SERVER_ERROR
    }

    /**
     * Looks for a problem in one answered response.
     *
     * @param url     the URL that answered, for the detail
     * @param status  the HTTP status
     * @param headers the response headers; {@code null} is treated as none
     * @param body    the body the fetcher kept (empty for {@code HEAD}); {@code null} is treated as empty
     * @return the problem, or empty when the answer shows what it shows; never throws
     */
    public static Optional<ResponseProblem> of(String url, int status, HttpHeaders headers, byte[] body) {
        Optional<BotWall> wall = BotWalls.find(status, headers, body);
        if (wall.isPresent()) {
            return Optional.of(new ResponseProblem(Kind.BOT_CHALLENGE, wall.get().describe(status, url), wall.get()));
        }
        String encoding = contentEncoding(headers);
        if (status >= 200 && status <= 299 && encoding != null) {
            return Optional.of(new ResponseProblem(Kind.ENCODED, "body sent with Content-Encoding: " + encoding
                    + " despite Accept-Encoding: identity; not decoded (" + url + ")", null));
        }
        if (status == 429 || (status == 503 && headers != null && headers.firstValue("retry-after").isPresent())) {
            return Optional.of(new ResponseProblem(Kind.RATE_LIMITED, "rate limited (" + status + ") at " + url, null));
        }
        if (status >= 500) {
            return Optional.of(new ResponseProblem(Kind.SERVER_ERROR, "HTTP " + status + " at " + url, null));
        }
        return Optional.empty();
    }

    /**
     * The {@code Content-Encoding} a response declares although the census always asks for
     * {@code identity}, or {@code null} when it declares none (or {@code identity}).
     */
    public static String contentEncoding(HttpHeaders headers) {
        String encoding = headers == null ? null : headers.firstValue("content-encoding").orElse(null);
        if (encoding == null || encoding.isBlank() || encoding.strip().toLowerCase(Locale.ROOT).equals("identity")) {
            return null;
        }
        return encoding.strip();
    }
}
