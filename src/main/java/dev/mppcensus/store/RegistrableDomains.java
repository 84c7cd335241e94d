package dev.mppcensus.store;

import crawlercommons.domains.EffectiveTldFinder;
import java.util.Locale;

/**
 * The registrable domain of a host by the Public Suffix List (crawler-commons' copy, private suffixes
 * such as {@code github.io}, {@code vercel.app} and {@code workers.dev} included): {@code b.vercel.app}
 * for {@code a.b.vercel.app}, {@code example.co.uk} for {@code api.example.co.uk}. An IP address is its
 * own; a host that is itself a public suffix has none ({@code null}); a name under a top-level domain the
 * list does not know ({@code .test}) keeps its last two labels. The list loads once, on first use.
 */
final class RegistrableDomains {

    private RegistrableDomains() {
    }

    static String of(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (name.startsWith("[") || name.matches("[0-9.]+")) {
            return name;
        }
        try {
            String strict = EffectiveTldFinder.getAssignedDomain(name, true, false);
            if (strict != null) {
                return strict;
            }
            EffectiveTldFinder.EffectiveTLD suffix = EffectiveTldFinder.getEffectiveTLD(name, false);
            if (suffix != null && suffix.getDomain().equals(name)) {
                return null;
            }
            return EffectiveTldFinder.getAssignedDomain(name, false, false);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
