package dev.mppcensus.scan;

import java.util.Locale;
import java.util.Set;

/**
 * Which HTTP methods an unpaid probe of a payable operation may use ({@code --probe-methods}). An unpaid
 * request is refused by the paywall before the operation runs, but a server that checks payment late
 * could act on it, so methods that change or delete state are sent only when asked for.
 */
public enum ProbeMethods {
    /** GET only. */
    GET(Set.of("GET")),
    /** GET, HEAD and POST: what the validators and crawlers of this ecosystem already send. */
    DEFAULT(Set.of("GET", "HEAD", "POST")),
    /** Every documented method, PUT, PATCH and DELETE included. */
    ALL(Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "QUERY"));

    private final Set<String> methods;

    ProbeMethods(Set<String> methods) {
        this.methods = methods;
    }

    /** The HTTP methods allowed, upper case. */
    public Set<String> methods() {
        return methods;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code get}, {@code default} or {@code all}, ignoring case.
     *
     * @throws IllegalArgumentException naming the unknown value
     */
    public static ProbeMethods parse(String text) {
        for (ProbeMethods value : values()) {
            if (value.code().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown probe methods '" + text + "'; expected get, default or all");
    }
}
