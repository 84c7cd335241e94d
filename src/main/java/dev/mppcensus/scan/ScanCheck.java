package dev.mppcensus.scan;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The probes a scan runs; all are on by default, and {@code --checks} picks a subset. */
public enum ScanCheck {
    /** {@code GET /.well-known/ai-agent.json}, field {@code payments.mpp}. */
    WELL_KNOWN,
    /** {@code Link: <...>; rel="mpp-endpoint"} on the homepage. */
    LINK,
    /** {@code GET /openapi.json}, then {@code /api/openapi.json}: operations with {@code x-payment-info}. */
    OPENAPI,
    /** {@code GET /.well-known/x402}: {@code resources} (x402) and {@code mppResources} (MPP endpoints). */
    X402,
    /** One unpaid request per declared endpoint and payable operation, classified by its answer. */
    ENDPOINT;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a comma-separated list such as {@code well-known,link}.
     *
     * @throws IllegalArgumentException naming the unknown check
     */
    public static Set<ScanCheck> parse(String list) {
        Set<ScanCheck> checks = EnumSet.noneOf(ScanCheck.class);
        for (String item : list.split(",")) {
            String name = item.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            ScanCheck check = null;
            for (ScanCheck candidate : values()) {
                if (candidate.code().equals(name)) {
                    check = candidate;
                }
            }
            if (check == null) {
                throw new IllegalArgumentException("unknown check '" + item.strip()
                        + "'; expected well-known, link, openapi, x402 or endpoint");
            }
            checks.add(check);
        }
        return checks;
    }

    public static String codes(Set<ScanCheck> checks) {
        return String.join(",", checks.stream().map(ScanCheck::code).toList());
    }
}
