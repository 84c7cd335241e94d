package dev.mppcensus.detection;

import static dev.mppcensus.detection.BotVendor.AKAMAI;
import static dev.mppcensus.detection.BotVendor.AWS_WAF;
import static dev.mppcensus.detection.BotVendor.CLOUDFLARE;
import static dev.mppcensus.detection.BotVendor.DATADOME;
import static dev.mppcensus.detection.BotVendor.F5;
import static dev.mppcensus.detection.BotVendor.IMPERVA;
import static dev.mppcensus.detection.BotVendor.KASADA;
import static dev.mppcensus.detection.BotVendor.PERIMETERX;
import static dev.mppcensus.detection.BotVendor.SUCURI;
import static dev.mppcensus.detection.BotVendor.VERCEL;
import static dev.mppcensus.detection.BotWall.Kind.BLOCK;
import static dev.mppcensus.detection.BotWall.Kind.CHALLENGE;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of bot walls: the challenge and block answers that bot-management vendors send instead
 * of a site's own answer, each row identified by markers the vendor documents or published captures
 * show, and citing that source.
 *
 * <p>A row matches an answer when its status is one of the row's (any status when the row names none)
 * and every one of its requirements holds; a requirement holds when any of its markers is found. Markers
 * are a header value, a header name, a {@code Set-Cookie} name, or a signature in the first
 * {@value #MAX_INSPECTED_BYTES} bytes of the body the fetcher kept (ASCII, case-insensitive). The first
 * matching row wins.
 *
 * <p>Markers that merely show a vendor in front of a site ({@code Server: cloudflare}, {@code x-iinfo},
 * a {@code datadome} cookie) are never enough alone: an ordinary page served through the vendor carries
 * them too. Every row needs a marker of the challenge or block answer itself: a header the vendor sets
 * only on it, or the page's own signature together with the vendor's presence and a refusing status. A
 * plain 403 without markers is not a wall. Cloudflare injects its JavaScript Detections script
 * ({@code /cdn-cgi/challenge-platform/.../scripts/jsd/...}) into ordinary HTML pages, so that path never
 * counts as a challenge page.
 *
 * <p>Pure and bounded: no I/O, never throws, at most {@value #MAX_INSPECTED_BYTES} body bytes read.
 */
public final class BotWalls {

    /** How much of a body is searched for signatures: challenge and block pages are small, their markers early. */
    public static final int MAX_INSPECTED_BYTES = 64 * 1024;

    private static final Set<Integer> ANY_STATUS = Set.of();

    private static final String CLOUDFLARE_DETECT =
            "https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/";
    private static final String CLOUDFLARE_PAGES =
            "https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/ (page markers as in "
                    + "https://gist.github.com/Fonger/ecc1f67062093fcacfa1); "
                    + "https://developers.cloudflare.com/cloudflare-challenges/challenge-types/javascript-detections/ "
                    + "(the /cdn-cgi/challenge-platform/ script injected into ordinary pages)";
    private static final String CLOUDFLARE_BLOCK =
            "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/ "
                    + "(error 1020 page as captured in https://pastebin.com/JyAhT3aK)";
    private static final String AKAMAI_SOURCE =
            "https://community.akamai.com/community/cloud-security/blog/2016/04/07/why-is-akamai-blocking-me; "
                    + "capture: https://github.com/cisco/openh264/issues/3766; "
                    + "https://github.com/EnableSecurity/wafw00f/blob/master/wafw00f/plugins/kona.py";
    private static final String AWS_SOURCE =
            "https://docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-actions.html";
    private static final String DATADOME_SOURCE = "https://docs.datadome.co/reference/validate-request";
    private static final String VERCEL_SOURCE = "https://vercel.com/docs/security/attack-challenge-mode; "
            + "capture: https://github.com/elevenlabs/ui/issues/80";
    private static final String IMPERVA_SOURCE =
            "https://github.com/EnableSecurity/wafw00f/blob/master/wafw00f/plugins/incapsula.py; "
                    + "https://scrappey.com/qa/web-automation/how-imperva-detects-bots";
    private static final String SUCURI_SOURCE =
            "https://github.com/EnableSecurity/wafw00f/blob/master/wafw00f/plugins/sucuri.py; "
                    + "https://docs.sucuri.net/website-firewall/sucuri-firewall-troubleshooting-guide/";
    private static final String PERIMETERX_SOURCE =
            "https://github.com/PerimeterX/perimeterx-node-core/blob/master/lib/templates/block_template.mustache; "
                    + "https://github.com/PerimeterX/perimeterx-node-core/blob/master/lib/pxenforcer.js; "
                    + "https://docs.perimeterx.com/pxconsole/docs/advanced-blocking-response";
    private static final String KASADA_SOURCE = "https://scrappey.com/qa/web-automation/how-kasada-detects-bots; "
            + "https://github.com/scrapfly/Antibot-Detector/blob/main/detectors/antibot/detect-kasada.json";
    private static final String F5_SOURCE = "https://support.f5.com/content/kb/en-us/products/big-ip_asm/manuals/"
            + "product/asm-implementations-11-6-0/27.html; "
            + "https://github.com/EnableSecurity/wafw00f/blob/master/wafw00f/plugins/f5bigipasm.py";
    private static final String F5_COOKIE_SOURCE = "https://support.f5silverline.com/hc/en-us/articles/"
            + "360052537934-Q-A-What-cookies-are-leveraged-in-Silverline-WAF- (the ASM main cookie TSxxxxxxxx, "
            + "inserted into the ASM's answers); " + F5_SOURCE;

    /** The walls, first matching row wins. */
    static final List<Rule> RULES = List.of(
            // documented headers that only a challenge or block answer carries
            rule(CLOUDFLARE, CHALLENGE, ANY_STATUS, CLOUDFLARE_DETECT, anyOf(header("cf-mitigated", "challenge"))),
            rule(AWS_WAF, CHALLENGE, ANY_STATUS, AWS_SOURCE, anyOf(header("x-amzn-waf-action", "challenge", "captcha"))),
            rule(VERCEL, CHALLENGE, ANY_STATUS, VERCEL_SOURCE, anyOf(header("x-vercel-mitigated", "challenge"))),
            rule(SUCURI, BLOCK, ANY_STATUS, SUCURI_SOURCE, anyOf(header("x-sucuri-block"))),
            rule(DATADOME, CHALLENGE, Set.of(401, 403), DATADOME_SOURCE, anyOf(header("x-dd-b"))),
            rule(KASADA, CHALLENGE, Set.of(403, 429), KASADA_SOURCE, anyOf(headerNamePrefix("x-kpsdk-"))),
            // challenge and block pages: the vendor's presence, a refusing status and the page's signature
            rule(CLOUDFLARE, CHALLENGE, Set.of(403, 429, 503), CLOUDFLARE_PAGES,
                    anyOf(headerStarts("server", "cloudflare")),
                    anyOf(body("_cf_chl_opt"), body("cf-browser-verification"), new ChallengePlatformPage())),
            rule(CLOUDFLARE, BLOCK, Set.of(403), CLOUDFLARE_BLOCK,
                    anyOf(headerStarts("server", "cloudflare")),
                    anyOf(body("cf-error-details"), body("sorry, you have been blocked"))),
            rule(AKAMAI, BLOCK, Set.of(403), AKAMAI_SOURCE,
                    anyOf(headerStarts("server", "AkamaiGHost")),
                    anyOf(body("reference #18."), body("reference&#32;&#35;18&#46;"), body("errors.edgesuite.net/18."),
                            new NoBody())),
            rule(DATADOME, CHALLENGE, Set.of(401, 403), DATADOME_SOURCE,
                    anyOf(header("x-datadome"), header("x-datadome-cid"), cookie("datadome")),
                    anyOf(body("captcha-delivery.com"))),
            rule(IMPERVA, BLOCK, ANY_STATUS, IMPERVA_SOURCE,
                    anyOf(header("x-iinfo"), header("x-cdn", "incapsula", "imperva"), cookiePrefix("incap_ses_"),
                            cookiePrefix("visid_incap_")),
                    anyOf(body("incapsula incident id"))),
            rule(SUCURI, BLOCK, Set.of(403), SUCURI_SOURCE,
                    anyOf(headerStarts("server", "Sucuri"), header("x-sucuri-id")),
                    anyOf(body("sucuri website firewall - access denied"), body("access denied - sucuri website firewall"))),
            rule(SUCURI, CHALLENGE, ANY_STATUS, SUCURI_SOURCE,
                    anyOf(headerStarts("server", "Sucuri"), header("x-sucuri-id")),
                    anyOf(body("sucuri_cloudproxy_js"))),
            rule(PERIMETERX, CHALLENGE, Set.of(403), PERIMETERX_SOURCE,
                    anyOf(body("px-captcha"), body("press & hold"), body("press &amp; hold"))),
            rule(PERIMETERX, CHALLENGE, Set.of(403), PERIMETERX_SOURCE,
                    anyOf(body("\"blockscript\"")), anyOf(body("/captcha.js?a="))),
            rule(KASADA, CHALLENGE, Set.of(403, 429), KASADA_SOURCE,
                    anyOf(body("kpsdk")), anyOf(body("/ips.js"), body("/p.js"))),
            // F5's default blocking page is sent with status 200 unless configured otherwise
            rule(F5, BLOCK, ANY_STATUS, F5_SOURCE,
                    anyOf(body("the requested url was rejected")), anyOf(body("your support id is"))));

    /**
     * Markers that show a vendor in front of a site, and the statuses of its walls. Never a wall alone;
     * {@link SiteWalls} uses them for answers without a body to read (a homepage {@code HEAD}), on a site
     * where another check met that vendor's wall.
     */
    static final List<Presence> PRESENCE = List.of(
            new Presence(CLOUDFLARE, Set.of(403, 429, 503), CLOUDFLARE_PAGES,
                    anyOf(headerStarts("server", "cloudflare"), header("cf-ray"))),
            new Presence(AKAMAI, Set.of(403), AKAMAI_SOURCE, anyOf(headerStarts("server", "AkamaiGHost"))),
            new Presence(DATADOME, Set.of(401, 403), DATADOME_SOURCE,
                    anyOf(header("x-datadome"), header("x-datadome-cid"), cookie("datadome"))),
            new Presence(VERCEL, Set.of(403, 429), VERCEL_SOURCE,
                    anyOf(headerStarts("server", "Vercel"), header("x-vercel-id"))),
            new Presence(IMPERVA, Set.of(403), IMPERVA_SOURCE,
                    anyOf(header("x-iinfo"), header("x-cdn", "incapsula", "imperva"), cookiePrefix("incap_ses_"),
                            cookiePrefix("visid_incap_"))),
            new Presence(SUCURI, Set.of(403), SUCURI_SOURCE,
                    anyOf(headerStarts("server", "Sucuri"), header("x-sucuri-id"))),
            new Presence(PERIMETERX, Set.of(403), PERIMETERX_SOURCE,
                    anyOf(cookie("_pxhd"), cookie("_px3"), cookie("_px2"), cookie("_pxvid"))),
            new Presence(KASADA, Set.of(403, 429), KASADA_SOURCE, anyOf(headerNamePrefix("x-kpsdk-"))),
            // F5's blocking page comes with 200 by default, so a bodiless 200 carrying its main cookie on a site
            // whose other checks met that page is taken for it too
            new Presence(F5, Set.of(200, 403), F5_COOKIE_SOURCE, anyOf(cookiePrefix("ts01"))));

    private BotWalls() {
    }

    /**
     * The wall this answer is, if any.
     *
     * @param status  the HTTP status
     * @param headers the response headers; {@code null} is treated as none
     * @param body    the body the fetcher kept (possibly truncated, empty for {@code HEAD} and
     *                headers-only requests); {@code null} is treated as empty
     * @return the first matching row's wall, or empty; never throws
     */
    public static Optional<BotWall> find(int status, HttpHeaders headers, byte[] body) {
        Answer answer = new Answer(status, headers, body);
        for (Rule rule : RULES) {
            BotWall wall = rule.match(answer);
            if (wall != null) {
                return Optional.of(wall);
            }
        }
        return Optional.empty();
    }

    /**
     * The vendors this answer shows in front of the site with a status their walls use, in catalogue
     * order. Says nothing alone: an ordinary refusal passes through the vendor with the same headers.
     *
     * @param status  the HTTP status
     * @param headers the response headers; {@code null} is treated as none
     */
    public static List<BotVendor> presentWithWallStatus(int status, HttpHeaders headers) {
        Answer answer = new Answer(status, headers, null);
        List<BotVendor> vendors = new ArrayList<>();
        for (Presence presence : PRESENCE) {
            if (presence.statuses().contains(status) && presence.markers().match(answer) != null) {
                vendors.add(presence.vendor());
            }
        }
        return List.copyOf(vendors);
    }

    // ---- the table's vocabulary ----

    /**
     * One row: a vendor's wall of one kind, the statuses it is sent with (empty: any) and its
     * requirements, each met by any of its markers.
     */
    record Rule(BotVendor vendor, BotWall.Kind kind, Set<Integer> statuses, String source, List<AnyOf> requires) {

        BotWall match(Answer answer) {
            if (!statuses.isEmpty() && !statuses.contains(answer.status)) {
                return null;
            }
            List<String> found = new ArrayList<>();
            for (AnyOf requirement : requires) {
                String marker = requirement.match(answer);
                if (marker == null) {
                    return null;
                }
                found.add(marker);
            }
            return new BotWall(vendor, kind, String.join(", ", found));
        }
    }

    /** A vendor's presence in front of a site and the statuses of its walls. */
    record Presence(BotVendor vendor, Set<Integer> statuses, String source, AnyOf markers) {
    }

    /** A requirement met by any of its markers. */
    record AnyOf(List<Marker> markers) {

        /** The first marker found, described, or {@code null}. */
        String match(Answer answer) {
            for (Marker marker : markers) {
                String found = marker.match(answer);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
    }

    /** Something to look for in an answer. */
    sealed interface Marker permits HeaderValue, HeaderNamePrefix, CookieName, BodyText, NoBody, ChallengePlatformPage {

        /** A short description of what was found, or {@code null} when it is not there. */
        String match(Answer answer);
    }

    /**
     * Header {@code name} present ({@code values} empty), or with a value equal to one of {@code values}
     * (or starting with it, when {@code prefix}), ignoring case and surrounding space.
     */
    record HeaderValue(String name, List<String> values, boolean prefix) implements Marker {

        @Override
        public String match(Answer answer) {
            for (String value : answer.headers.allValues(name)) {
                String v = value.strip().toLowerCase(Locale.ROOT);
                boolean found = values.isEmpty() || values.stream()
                        .anyMatch(wanted -> prefix ? v.startsWith(wanted) : v.equals(wanted));
                if (found) {
                    return name + ": " + HttpSyntax.cap(value.strip(), 80);
                }
            }
            return null;
        }
    }

    /** A header whose name starts with {@code prefix} (lower case). */
    record HeaderNamePrefix(String prefix) implements Marker {

        @Override
        public String match(Answer answer) {
            for (String name : answer.headers.map().keySet()) {
                if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return "header " + HttpSyntax.cap(name.toLowerCase(Locale.ROOT), 80);
                }
            }
            return null;
        }
    }

    /** A {@code Set-Cookie} of the cookie {@code name} (or of a name starting with it, when {@code prefix}). */
    record CookieName(String name, boolean prefix) implements Marker {

        @Override
        public String match(Answer answer) {
            for (String setCookie : answer.headers.allValues("set-cookie")) {
                int eq = setCookie.indexOf('=');
                String cookie = (eq < 0 ? setCookie : setCookie.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                if (prefix ? cookie.startsWith(name) : cookie.equals(name)) {
                    return "cookie " + HttpSyntax.cap(cookie, 80);
                }
            }
            return null;
        }
    }

    /** A signature in the inspected body, ASCII case-insensitive ({@code text} in lower case). */
    record BodyText(String text) implements Marker {

        @Override
        public String match(Answer answer) {
            return answer.indexOf(text.getBytes(StandardCharsets.US_ASCII), 0) >= 0 ? "body \"" + text + "\"" : null;
        }
    }

    /** No body to read: a {@code HEAD}, a headers-only request, or an empty body. */
    record NoBody() implements Marker {

        @Override
        public String match(Answer answer) {
            return answer.body.length == 0 ? "no body" : null;
        }
    }

    /**
     * A Cloudflare Challenge Platform reference other than the JavaScript Detections script: challenge
     * pages load {@code /cdn-cgi/challenge-platform/h/b/orchestrate/...}, while ordinary pages carry
     * {@code /cdn-cgi/challenge-platform/scripts/jsd/...} (or {@code .../h/b/scripts/jsd/...}).
     */
    record ChallengePlatformPage() implements Marker {

        private static final byte[] PATH = "/cdn-cgi/challenge-platform/".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SCRIPTS = "scripts/".getBytes(StandardCharsets.US_ASCII);

        @Override
        public String match(Answer answer) {
            int at = answer.indexOf(PATH, 0);
            while (at >= 0) {
                int rest = at + PATH.length;
                if (answer.startsWith(rest, "h/".getBytes(StandardCharsets.US_ASCII)) && answer.at(rest + 3) == '/') {
                    rest += 4;
                }
                if (!answer.startsWith(rest, SCRIPTS)) {
                    return "body \"/cdn-cgi/challenge-platform/\" (not the JavaScript Detections script)";
                }
                at = answer.indexOf(PATH, at + 1);
            }
            return null;
        }
    }

    /** The answer being inspected: status, headers and at most {@value #MAX_INSPECTED_BYTES} body bytes. */
    static final class Answer {

        private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

        final int status;
        final HttpHeaders headers;
        final byte[] body;
        private final int length;

        Answer(int status, HttpHeaders headers, byte[] body) {
            this.status = status;
            this.headers = headers == null ? NO_HEADERS : headers;
            this.body = body == null ? new byte[0] : body;
            this.length = Math.min(this.body.length, MAX_INSPECTED_BYTES);
        }

        /** The lower-cased ASCII byte at {@code i}, or -1 past the inspected part. */
        int at(int i) {
            if (i < 0 || i >= length) {
                return -1;
            }
            int b = body[i] & 0xff;
            return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
        }

        boolean startsWith(int from, byte[] lowerNeedle) {
            if (from + lowerNeedle.length > length) {
                return false;
            }
            for (int j = 0; j < lowerNeedle.length; j++) {
                if (at(from + j) != lowerNeedle[j]) {
                    return false;
                }
            }
            return true;
        }

        /** Where {@code lowerNeedle} first occurs at or after {@code from}, ignoring ASCII case; -1 when not. */
        int indexOf(byte[] lowerNeedle, int from) {
            int last = length - lowerNeedle.length;
            for (int i = Math.max(0, from); i <= last; i++) {
                if (at(i) == lowerNeedle[0] && startsWith(i, lowerNeedle)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static Rule rule(BotVendor vendor, BotWall.Kind kind, Set<Integer> statuses, String source,
                             AnyOf... requires) {
        return new Rule(vendor, kind, statuses, source, List.of(requires));
    }

    private static AnyOf anyOf(Marker... markers) {
        return new AnyOf(List.of(markers));
    }

    private static Marker header(String name, String... values) {
        return new HeaderValue(name, List.of(values), false);
    }

    private static Marker headerStarts(String name, String prefix) {
        return new HeaderValue(name, List.of(prefix.toLowerCase(Locale.ROOT)), true);
    }

    private static Marker headerNamePrefix(String prefix) {
        return new HeaderNamePrefix(prefix);
    }

    private static Marker cookie(String name) {
        return new CookieName(name, false);
    }

    private static Marker cookiePrefix(String prefix) {
        return new CookieName(prefix, true);
    }

    private static Marker body(String text) {
        return new BodyText(text.toLowerCase(Locale.ROOT));
    }
}
