package dev.mppcensus.detection;

import java.util.Collection;
import java.util.Locale;

/**
 * What an unpaid request to a declared MPP endpoint showed. Constants are declared best first; that
 * order ranks endpoints of one domain ({@link #best}).
 */
public enum EndpointVerdict implements Coded {
    /** 402 with at least one valid {@code Payment} challenge. */
    VERIFIED_MPP,
    /** 402 with {@code Payment} challenges, none of them valid. */
    INVALID_CHALLENGE,
    /** 402 carrying x402 terms and no {@code Payment} challenge. */
    X402_ONLY,
    /**
     * 401, or 403 with a challenge of another scheme and no bot-challenge marker, before any 402: the
     * service wants a key first. Neither a stub nor verified.
     */
    AUTH_REQUIRED,
    /**
     * 400 or 422 twice: the operation validated its input before the paywall, even with every
     * documented property filled (assigned by the caller).
     */
    NEEDS_INPUT,
    /** Any other answer: 200, 404, a redirect, a 402 without terms, a challenge on a non-402 status. */
    STUB,
    /** No HTTP answer: DNS, connect, TLS or timeout failure (assigned by the caller). */
    UNREACHABLE,
    /** Not requested by policy, e.g. the address is private or robots rules forbid it (assigned by the caller). */
    BLOCKED;

    /** Lowercase snake-case name for storage and reports, e.g. {@code verified_mpp}. */
    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The best verdict of several endpoints.
     *
     * @param verdicts may be {@code null} or hold {@code null}s, which are ignored
     * @return the best verdict, or {@code null} when there is none
     */
    public static EndpointVerdict best(Collection<EndpointVerdict> verdicts) {
        EndpointVerdict best = null;
        if (verdicts != null) {
            for (EndpointVerdict v : verdicts) {
                if (v != null && (best == null || v.ordinal() < best.ordinal())) {
                    best = v;
                }
            }
        }
        return best;
    }
}
