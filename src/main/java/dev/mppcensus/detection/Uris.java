package dev.mppcensus.detection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Resolution of declared endpoint references to absolute http(s) URIs. */
final class Uris {

    private Uris() {
    }

    /** The outcome of resolving a reference: exactly one of {@code uri} and {@code reason} is set. */
    record Resolved(URI uri, String reason) {
    }

    /**
     * Resolves {@code reference} against {@code base} (RFC 3986 section 5) and accepts the result only
     * if it is an absolute http or https URI with a host.
     *
     * @param base may be {@code null}, then only absolute references can succeed
     */
    static Resolved resolveHttp(String reference, URI base) {
        if (reference == null) {
            return new Resolved(null, "empty reference");
        }
        if (reference.isEmpty()) {
            // RFC 3986 5.2: an empty reference is the base itself (java.net.URI gets this case wrong)
            return base == null ? new Resolved(null, "empty reference") : resolveHttp(base.toString(), null);
        }
        URI ref;
        try {
            ref = new URI(reference);
        } catch (URISyntaxException e) {
            return new Resolved(null, "not a URI");
        }
        URI resolved = ref;
        if (!ref.isAbsolute()) {
            if (base == null || !base.isAbsolute() || base.isOpaque()) {
                return new Resolved(null, "relative reference without base");
            }
            try {
                resolved = withRootPath(base).resolve(ref);
            } catch (RuntimeException e) {
                return new Resolved(null, "not resolvable");
            }
        }
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Resolved(null, "not http(s)");
        }
        if (resolved.getHost() == null || resolved.getHost().isEmpty()) {
            return new Resolved(null, "no host");
        }
        return new Resolved(resolved, null);
    }

    /** {@link URI#resolve} mishandles a base with an empty path ({@code https://a.example} + {@code x}). */
    private static URI withRootPath(URI base) throws RuntimeException {
        String path = base.getRawPath();
        if (path != null && !path.isEmpty()) {
            return base;
        }
        try {
            return new URI(base.getScheme(), base.getRawAuthority(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
