package dev.mppcensus.detection;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What bot walls did to one domain's checks, decided from each check's final answer ({@link #of}).
 *
 * <table>
 *   <caption>Outcome of one check</caption>
 *   <tr><th>the check's final answer</th><th>outcome</th></tr>
 *   <tr><td>none (no HTTP answer)</td><td>{@link Kind#NO_ANSWER}</td></tr>
 *   <tr><td>a wall of the catalogue ({@link BotWalls#find})</td><td>{@link Kind#WALLED}</td></tr>
 *   <tr><td>no body to read (a homepage {@code HEAD}), a status and presence markers of a vendor
 *       ({@link BotWalls#presentWithWallStatus}) whose wall another check of the domain met</td>
 *       <td>{@link Kind#WALLED_INFERRED}</td></tr>
 *   <tr><td>anything else</td><td>{@link Kind#SEEN}</td></tr>
 * </table>
 *
 * @param checks           the outcome of every check, in the order given
 * @param vendors          the vendors of the walls met, distinct, in check order
 * @param everyCheckWalled at least one check met a wall and no check got an answer other than a wall;
 *                         checks without any HTTP answer count neither way (they saw nothing either)
 */
public record SiteWalls(List<Outcome> checks, List<BotVendor> vendors, boolean everyCheckWalled) {

    public SiteWalls {
        checks = List.copyOf(checks);
        vendors = List.copyOf(vendors);
    }

    /** How one check saw the site. */
    public enum Kind {
        /** No HTTP answer came (DNS, connect, TLS, timeout). */
        NO_ANSWER,
        /** The site's own answer (whatever its status). */
        SEEN,
        /** A wall of the catalogue answered. */
        WALLED,
        /** An answer without a body to read, from a vendor whose wall another check met. */
        WALLED_INFERRED
    }

    /**
     * One check's outcome.
     *
     * @param kind how the check saw the site
     * @param wall the wall met ({@link Kind#WALLED}, {@link Kind#WALLED_INFERRED}), else {@code null}
     */
    public record Outcome(Kind kind, BotWall wall) {

        public boolean walled() {
            return wall != null;
        }
    }

    /**
     * One check's final answer as the walls see it.
     *
     * @param answered whether an HTTP answer came
     * @param status   its status ({@code -1} without an answer)
     * @param wall     the wall it is, or {@code null}
     * @param present  without a body to read: the vendors in front with a status their walls use
     *                 ({@link BotWalls#presentWithWallStatus}); else empty
     */
    public record Sight(boolean answered, int status, BotWall wall, List<BotVendor> present) {

        /** A check that got no HTTP answer. */
        public static final Sight NO_ANSWER = new Sight(false, -1, null, List.of());

        public Sight {
            present = List.copyOf(present);
        }

        /**
         * An answered check.
         *
         * @param headers the final answer's headers ({@code null}: none)
         * @param body    the body the fetcher kept ({@code null} or empty: none to read)
         */
        public static Sight of(int status, HttpHeaders headers, byte[] body) {
            BotWall wall = BotWalls.find(status, headers, body).orElse(null);
            boolean bodiless = body == null || body.length == 0;
            return new Sight(true, status, wall,
                    wall == null && bodiless ? BotWalls.presentWithWallStatus(status, headers) : List.of());
        }
    }

    /**
     * Decides every check's outcome; see the class table.
     *
     * @param sights the checks' final answers; {@code null} entries are checks without an answer
     * @return never {@code null}; never throws
     */
    public static SiteWalls of(List<Sight> sights) {
        Map<BotVendor, BotWall> met = new LinkedHashMap<>();
        for (Sight sight : sights) {
            if (sight != null && sight.wall() != null) {
                met.putIfAbsent(sight.wall().vendor(), sight.wall());
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        boolean seen = false;
        for (Sight sight : sights) {
            Outcome outcome = outcome(sight, met);
            seen |= outcome.kind() == Kind.SEEN;
            outcomes.add(outcome);
        }
        return new SiteWalls(outcomes, List.copyOf(met.keySet()), !met.isEmpty() && !seen);
    }

    private static Outcome outcome(Sight sight, Map<BotVendor, BotWall> met) {
        if (sight == null || !sight.answered()) {
            return new Outcome(Kind.NO_ANSWER, null);
        }
        if (sight.wall() != null) {
            return new Outcome(Kind.WALLED, sight.wall());
        }
        for (BotVendor vendor : sight.present()) {
            BotWall elsewhere = met.get(vendor);
            if (elsewhere != null) {
                return new Outcome(Kind.WALLED_INFERRED, new BotWall(vendor, elsewhere.kind(),
                        "no body to read; status " + sight.status() + " from " + vendor.displayName()
                                + ", whose wall another check met"));
            }
        }
        return new Outcome(Kind.SEEN, null);
    }
}
