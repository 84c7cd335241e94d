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
     * 401, or 403 with a challenge of another scheme, before any 402: the service wants a key first.
     * Neither a stub nor verified. A bot wall's answer is never this ({@link #UNREACHABLE}).
     */
    AUTH_REQUIRED,
    /**
     * 400 or 422 twice: the operation validated its input before the paywall, even with every
     * documented property filled (assigned by the caller).
     */
    NEEDS_INPUT,
    /** Any other answer: 200, 404, a redirect, a 402 without terms, a challenge on a non-402 status. */
    STUB,
    /**
     * The endpoint's own answer was never seen: no HTTP answer (DNS, connect, TLS or timeout failure,
     * assigned by the caller), a broken redirect chain, or a bot wall's challenge or block answer instead.
     */
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
