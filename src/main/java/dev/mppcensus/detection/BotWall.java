package dev.mppcensus.detection;

import java.util.Locale;

/**
 * A bot wall recognised in one answer: a vendor's challenge or block answer sent instead of the site's
 * own answer ({@link BotWalls}).
 *
 * @param vendor the vendor whose wall it is
 * @param kind   whether the wall asks the client to prove itself or refuses it outright
 * @param marker what identified it, e.g. {@code cf-mitigated: challenge} or
 *               {@code Server: AkamaiGHost, body "Reference #18."}
 */
public record BotWall(BotVendor vendor, Kind kind, String marker) {

    /** What the wall does. Both hide the site's answer. */
    public enum Kind {
        /** A challenge a browser passes by running a script or solving a captcha. */
        CHALLENGE,
        /** A refusal: an access-denied or block page. */
        BLOCK;

        /** Lowercase name, e.g. {@code challenge}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A one-line description naming the vendor first, e.g. {@code Vercel challenge (429) at
     * https://a.test/x; x-vercel-mitigated: challenge}.
     *
     * @param status the answer's HTTP status
     * @param url    the URL that answered
     */
    public String describe(int status, String url) {
        return vendor.displayName() + " " + kind.code() + " (" + status + ") at " + url + "; " + marker;
    }
}
