package dev.mppcensus.detection;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds MPP endpoint declarations ({@code Link: <URL>; rel="mpp-endpoint"}) in the {@code Link} header
 * fields of a response.
 *
 * <p>Only the exact relation type {@code mpp-endpoint} counts (compared case-insensitively, also when it
 * is one of several space-separated types); {@code mpp}, {@code payment} or {@code mpp-endpoints} do not.
 * A link whose {@code anchor} parameter (RFC 8288 section 3.2) resolves to another resource than the
 * response's own URL states a relation of that other resource, not of this site: it is recorded as
 * ignored and declares nothing.
 */
public final class MppLinkDeclarations {

    /** Relation type that declares an MPP endpoint. */
    public static final String RELATION = "mpp-endpoint";

    /** Maximum characters of each raw field value kept as evidence. */
    public static final int RAW_VALUE_CAP = 4096;

    private MppLinkDeclarations() {
    }

    /**
     * Collects the MPP endpoints declared by the given field values.
     *
     * @param linkFieldValues every {@code Link} field value of the response; {@code null} elements are
     *                        ignored, a {@code null} list is treated as empty
     * @param base            the URL the response came from (after redirects), for relative targets;
     *                        {@code null} makes relative targets invalid
     * @return the declarations; never {@code null}, never throws
     */
    public static LinkDeclarations find(List<String> linkFieldValues, URI base) {
        Set<URI> endpoints = new LinkedHashSet<>();
        Set<String> invalid = new LinkedHashSet<>();
        List<String> raw = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (linkFieldValues != null) {
            for (String value : linkFieldValues) {
                if (value == null) {
                    continue;
                }
                raw.add(HttpSyntax.cap(value, RAW_VALUE_CAP));
                for (WebLink link : LinkHeaderParser.parse(value)) {
                    if (!link.relations().contains(RELATION)) {
                        continue;
                    }
                    String anchor = link.parameters().get("anchor");
                    if (anchor != null && !aboutThisResource(anchor, base)) {
                        if (ignored.size() < 50) {
                            ignored.add(HttpSyntax.cap("<" + link.target() + ">: anchor=\"" + anchor
                                    + "\" names another resource", RAW_VALUE_CAP));
                        }
                        continue;
                    }
                    Uris.Resolved resolved = Uris.resolveHttp(link.target(), base);
                    if (resolved.uri() != null) {
                        endpoints.add(resolved.uri());
                    } else {
                        invalid.add(HttpSyntax.cap(link.target(), RAW_VALUE_CAP));
                    }
                }
            }
        }
        return new LinkDeclarations(List.copyOf(endpoints), List.copyOf(invalid), raw, ignored);
    }

    /** Whether {@code anchor} resolves to {@code base} itself (ignoring a fragment and an empty path). */
    private static boolean aboutThisResource(String anchor, URI base) {
        Uris.Resolved resolved = Uris.resolveHttp(anchor, base);
        if (resolved.uri() == null || base == null) {
            return false;
        }
        return normalized(resolved.uri()).equals(normalized(base));
    }

    private static String normalized(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(java.util.Locale.ROOT) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
