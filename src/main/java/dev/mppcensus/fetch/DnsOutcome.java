package dev.mppcensus.fetch;

/**
 * What a failed name lookup found out, as the {@link FetchError#dns()} of a {@link FetchErrorKind#DNS}
 * failure. A caller deciding whether to try {@code www.} follows RFC 8020: after {@link #NXDOMAIN} for a
 * name, no name below it exists either, so {@code www.} is not asked; after {@link #NODATA} it may
 * well exist.
 */
public enum DnsOutcome {
    /** The name does not exist (RCODE 3, NXDOMAIN). */
    NXDOMAIN,
    /** The name exists but has no A or AAAA record (NOERROR with an empty answer). */
    NODATA,
    /** The nameservers answered with a failure (SERVFAIL, REFUSED), a CNAME loop or a broken answer. */
    SERVFAIL,
    /** No answer within the connect deadline (nameservers silent or unreachable). */
    TIMEOUT
}
