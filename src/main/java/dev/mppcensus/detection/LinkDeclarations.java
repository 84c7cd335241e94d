package dev.mppcensus.detection;

import java.net.URI;
import java.util.List;

/**
 * What the {@code Link} header fields of one response declared about MPP.
 *
 * @param mppEndpoints   absolute http(s) endpoints of links with relation type {@code mpp-endpoint},
 *                       resolved against the response URL, deduplicated, in order of appearance
 * @param invalidTargets raw targets of {@code mpp-endpoint} links that are not a URI or do not resolve
 *                       to an absolute http(s) URI, deduplicated, in order of appearance
 * @param rawValues      the examined field values as received, each capped at
 *                       {@value MppLinkDeclarations#RAW_VALUE_CAP} characters, as evidence
 * @param ignored        {@code mpp-endpoint} links that declare nothing for this site, each as
 *                       {@code <target>: reason} (an RFC 8288 {@code anchor} naming another resource)
 */
public record LinkDeclarations(List<URI> mppEndpoints, List<String> invalidTargets, List<String> rawValues,
                               List<String> ignored) {

    public LinkDeclarations {
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
        mppEndpoints = mppEndpoints == null ? List.of() : List.copyOf(mppEndpoints);
        invalidTargets = invalidTargets == null ? List.of() : List.copyOf(invalidTargets);
        rawValues = rawValues == null ? List.of() : List.copyOf(rawValues);
    }

    /** Declarations of nothing, e.g. for a homepage that was not requested. */
    public static LinkDeclarations none() {
        return new LinkDeclarations(List.of(), List.of(), List.of(), List.of());
    }

    /** Whether at least one well-formed {@code mpp-endpoint} link was found. */
    public boolean declared() {
        return !mppEndpoints.isEmpty();
    }

    /** Whether at least one {@code mpp-endpoint} link had an unusable target. */
    public boolean hasInvalid() {
        return !invalidTargets.isEmpty();
    }
}
