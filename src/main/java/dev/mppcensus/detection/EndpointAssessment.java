package dev.mppcensus.detection;

import java.util.List;

/**
 * Everything the census records about one unpaid request to a declared MPP endpoint.
 *
 * @param verdict          the classification
 * @param challenges       every {@code Payment} challenge found, valid or not, in order (also on a non-402)
 * @param x402Offered      whether the response also carried x402 terms
 * @param sessionSupported whether a valid challenge offers intent {@code session}
 * @param methods          distinct payment methods of the valid challenges, in order
 * @param intents          distinct intents of the valid challenges, lowercased, in order
 * @param problemType      the {@code type} member of an {@code application/problem+json} body, or {@code null}
 * @param cacheNoStore     whether {@code Cache-Control} carries {@code no-store}
 * @param overTls          whether the response came over https, as told by the caller
 * @param violations       defects found: violations of each invalid challenge prefixed
 *                         {@code challenge N: } (1-based among the Payment challenges), plus
 *                         {@code Payment challenge over plain HTTP} and
 *                         {@code Payment challenge on status S} when they apply
 */
public record EndpointAssessment(
        EndpointVerdict verdict,
        List<PaymentChallenge> challenges,
        boolean x402Offered,
        boolean sessionSupported,
        List<String> methods,
        List<String> intents,
        String problemType,
        boolean cacheNoStore,
        boolean overTls,
        List<String> violations) {

    public EndpointAssessment {
        challenges = challenges == null ? List.of() : List.copyOf(challenges);
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /**
     * An assessment for an endpoint that gave no answer.
     *
     * @param verdict {@link EndpointVerdict#UNREACHABLE} or {@link EndpointVerdict#BLOCKED}
     * @param overTls whether the endpoint URL is https
     */
    public static EndpointAssessment withoutAnswer(EndpointVerdict verdict, boolean overTls) {
        return new EndpointAssessment(verdict, List.of(), false, false, List.of(), List.of(), null, false,
                overTls, List.of());
    }
}
