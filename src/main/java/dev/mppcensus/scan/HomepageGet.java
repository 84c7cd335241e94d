package dev.mppcensus.scan;

import java.util.Locale;

/**
 * When the homepage is requested with {@code GET} after its {@code HEAD} ({@code --homepage-get}). A HEAD
 * answer carries the header fields a GET would (RFC 9110 section 9.3.2; a server may omit only fields
 * computed while generating the content, which a {@code Link} to an MPP endpoint is not), so by default
 * the homepage costs one request.
 */
public enum HomepageGet {
    /** GET only when HEAD is refused (405, 501) or fails without an answer a GET may avoid. */
    FALLBACK,
    /** Also when HEAD answers without a {@code Link} field: for servers that send {@code Link} on GET only. */
    NO_LINK;

    /** The option's spelling: {@code fallback}, {@code no-link}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code fallback} or {@code no-link}, ignoring case; {@code NO_LINK}, the constant's name that a
     * stored run's settings hold, too.
     *
     * @throws IllegalArgumentException naming the unknown value
     */
    public static HomepageGet parse(String text) {
        for (HomepageGet value : values()) {
            if (value.code().equalsIgnoreCase(text == null ? "" : text.strip().replace('_', '-'))) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown homepage GET rule '" + text + "'; expected fallback or no-link");
    }
}
