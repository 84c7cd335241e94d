package dev.mppcensus.detection;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A {@code /.well-known/x402} document, the x402scan / AgentCash discovery convention:
 * {@code {"version":1,"resources":[...],"mppResources":[...]}}. {@code resources} declares x402;
 * {@code mppResources} are MPP endpoints. An entry is {@code "METHOD URL"} or a bare URL (relative URLs
 * resolve against the document's URL; entries that are not http(s) URLs are counted as invalid).
 *
 * @param parsed       whether the body was a JSON object
 * @param x402Declared whether {@code resources} is a non-empty array
 * @param mppResources the MPP entries, in order, at most {@value #MAX_ENTRIES}
 * @param invalid      entries of {@code mppResources} that are not usable
 */
public record X402WellKnown(boolean parsed, boolean x402Declared, List<Entry> mppResources, int invalid) {

    /** Largest document read, in bytes. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Most MPP entries kept. */
    public static final int MAX_ENTRIES = 100;

    private static final Pattern METHOD = Pattern.compile("[A-Za-z]{3,7}");

    /**
     * One MPP entry.
     *
     * @param method the HTTP method named by the entry, upper case, or {@code null} for a bare URL
     *               (meaning GET, then POST when GET answers 404 or 405)
     * @param url    the absolute endpoint URL
     */
    public record Entry(String method, URI url) {
    }

    public X402WellKnown {
        mppResources = mppResources == null ? List.of() : List.copyOf(mppResources);
    }

    /**
     * Reads the document.
     *
     * @param body        the response body; {@code null} is treated as empty
     * @param documentUri the URL it came from, for relative entries
     * @return the reading; never {@code null}, never throws
     */
    public static X402WellKnown read(byte[] body, URI documentUri) {
        JsonNode root = Json.parse(body, MAX_BYTES).node();
        if (root == null || !root.isObject()) {
            return new X402WellKnown(false, false, List.of(), 0);
        }
        JsonNode resources = root.get("resources");
        boolean x402 = resources != null && resources.isArray() && !resources.isEmpty();
        List<Entry> entries = new ArrayList<>();
        int invalid = 0;
        JsonNode mpp = root.get("mppResources");
        if (mpp != null && mpp.isArray()) {
            for (JsonNode item : mpp.values()) {
                Entry entry = item.isString() ? entry(item.stringValue().strip(), documentUri) : null;
                if (entry == null) {
                    invalid++;
                } else if (entries.size() < MAX_ENTRIES && !entries.contains(entry)) {
                    entries.add(entry);
                }
            }
        }
        return new X402WellKnown(true, x402, entries, invalid);
    }

    /** Whether MPP endpoints are listed. */
    public boolean declaresMpp() {
        return !mppResources.isEmpty();
    }

    private static Entry entry(String text, URI base) {
        String method = null;
        String url = text;
        int space = text.indexOf(' ');
        if (space > 0 && METHOD.matcher(text.substring(0, space)).matches()) {
            method = text.substring(0, space).toUpperCase(Locale.ROOT);
            url = text.substring(space + 1).strip();
        }
        Uris.Resolved resolved = Uris.resolveHttp(url, base);
        return resolved.uri() == null ? null : new Entry(method, resolved.uri());
    }
}
