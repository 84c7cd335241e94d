package dev.mppcensus.detection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} field (RFC 9110 section 11.3).
 *
 * @param scheme      the auth-scheme as received (compare with {@link #isScheme})
 * @param token68     the token68 form of the credentials request, or {@code null} when absent
 * @param params      the auth-params read, in order of appearance, duplicates kept (after a syntax error,
 *                    those the parser could still separate)
 * @param syntaxError the first rule of the RFC 9110 challenge grammar this challenge breaks (one of
 *                    {@link WwwAuthenticateParser}'s reasons), or {@code null} when it is well-formed
 */
public record AuthChallenge(String scheme, String token68, List<AuthParam> params, String syntaxError) {

    public AuthChallenge {
        scheme = scheme == null ? "" : scheme;
        params = params == null ? List.of() : List.copyOf(params);
    }

    /** A well-formed challenge. */
    public AuthChallenge(String scheme, String token68, List<AuthParam> params) {
        this(scheme, token68, params, null);
    }

    /** The value of the first parameter called {@code name} (case-insensitive), if any. */
    public Optional<String> param(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (AuthParam p : params) {
            if (p.name().equals(wanted)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    /** Whether this challenge uses auth-scheme {@code scheme}, compared case-insensitively. */
    public boolean isScheme(String scheme) {
        return this.scheme.equalsIgnoreCase(scheme);
    }

    /** Whether the challenge follows the RFC 9110 grammar. */
    public boolean wellFormed() {
        return syntaxError == null;
    }
}
