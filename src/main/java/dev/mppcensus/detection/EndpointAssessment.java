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
 * @param networks         distinct networks of the valid challenges ({@link Networks}), in order
 * @param realmMatchesHost whether some valid challenge's {@code realm} is the endpoint's host or a
 *                         domain it belongs to ({@code api.example.com} in realm {@code example.com});
 *                         {@code null} when there is no valid challenge or the host is not known
 * @param wall             the bot wall that answered instead of the endpoint ({@link BotWalls}), or
 *                         {@code null}; with a wall the verdict is {@link EndpointVerdict#UNREACHABLE}
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
        List<String> violations,
        List<String> networks,
        Boolean realmMatchesHost,
        BotWall wall) {

    public EndpointAssessment {
        challenges = challenges == null ? List.of() : List.copyOf(challenges);
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
        violations = violations == null ? List.of() : List.copyOf(violations);
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /**
     * An assessment for an endpoint that gave no answer.
     *
     * @param verdict {@link EndpointVerdict#UNREACHABLE}, {@link EndpointVerdict#BLOCKED} or
     *                {@link EndpointVerdict#NEEDS_INPUT}
     * @param overTls whether the endpoint URL is https
     */
    public static EndpointAssessment withoutAnswer(EndpointVerdict verdict, boolean overTls) {
        return new EndpointAssessment(verdict, List.of(), false, false, List.of(), List.of(), null, false,
                overTls, List.of(), List.of(), null, null);
    }

    /** A copy with another verdict, e.g. {@link EndpointVerdict#NEEDS_INPUT} decided over two answers. */
    public EndpointAssessment withVerdict(EndpointVerdict other) {
        return new EndpointAssessment(other, challenges, x402Offered, sessionSupported, methods, intents, problemType,
                cacheNoStore, overTls, violations, networks, realmMatchesHost, wall);
    }
}
