package dev.mppcensus.detection;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the probed endpoints of one domain add up to, with the payment offers its OpenAPI document
 * makes: built by {@link #of}, then {@link #verdict} gives the domain's verdict.
 *
 * @param best             the best verdict over the probed endpoints ({@link EndpointVerdict#best}), or
 *                         {@code null} when none was probed
 * @param methods          payment methods of the valid challenges, then of the documented offers, distinct, in order
 * @param intents          intents of the valid challenges, then of the documented offers, distinct, in order
 * @param sessionSupported some valid challenge or documented offer has intent {@code session}
 * @param x402Offered      some endpoint's answer also (or only) carried x402 terms
 * @param challengeOverTls {@code true} if every answer carrying a Payment challenge came over https,
 *                         {@code false} if one came over plain http, {@code null} if none carried one
 * @param networks         networks of the verified endpoints' offers ({@code mainnet}, {@code testnet},
 *                         {@code unknown}), distinct, in order
 */
public record DomainAssessment(EndpointVerdict best, List<String> methods, List<String> intents,
                               boolean sessionSupported, boolean x402Offered, Boolean challengeOverTls,
                               List<String> networks) {

    public DomainAssessment {
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /**
     * Adds up the endpoints of one domain.
     *
     * @param verdicts     the verdict of every probed endpoint ({@code null}s ignored)
     * @param assessments  the assessment of every endpoint that was classified ({@code null}s ignored)
     * @param offerMethods payment methods of documented offers (OpenAPI), may be empty
     * @param offerIntents intents of documented offers (OpenAPI), may be empty
     * @return the assessment; never throws
     */
    public static DomainAssessment of(Collection<EndpointVerdict> verdicts, Collection<EndpointAssessment> assessments,
                                      Collection<String> offerMethods, Collection<String> offerIntents) {
        Set<String> methods = new LinkedHashSet<>();
        Set<String> intents = new LinkedHashSet<>();
        Set<String> networks = new LinkedHashSet<>();
        boolean x402Offered = false;
        Boolean challengeOverTls = null;
        for (EndpointAssessment assessment : assessments) {
            if (assessment == null) {
                continue;
            }
            methods.addAll(assessment.methods());
            intents.addAll(assessment.intents());
            x402Offered |= assessment.x402Offered();
            if (!assessment.challenges().isEmpty()) {
                challengeOverTls = (challengeOverTls == null || challengeOverTls) && assessment.overTls();
            }
            if (assessment.verdict() == EndpointVerdict.VERIFIED_MPP) {
                networks.addAll(assessment.networks());
            }
        }
        methods.addAll(offerMethods);
        intents.addAll(offerIntents);
        return new DomainAssessment(EndpointVerdict.best(verdicts), List.copyOf(methods), List.copyOf(intents),
                intents.contains("session"), x402Offered, challengeOverTls, List.copyOf(networks));
    }

    /**
     * The domain's verdict ({@link DomainVerdict#from}).
     *
     * @param reachable          whether the site answered at all
     * @param everyCheckWalled   whether every check that got an answer met a bot wall ({@link SiteWalls})
     * @param speaksMppUndeclared whether a valid Payment challenge was seen at a URL no declaration names
     * @param declared           whether a usable MPP declaration was found
     * @param declarationInvalid whether some MPP declaration was present but unusable
     * @param endpointsChecked   whether endpoints were probed at all (the {@code endpoint} check is on)
     */
    public DomainVerdict verdict(boolean reachable, boolean everyCheckWalled, boolean speaksMppUndeclared,
                                 boolean declared, boolean declarationInvalid, boolean endpointsChecked) {
        return DomainVerdict.from(reachable, everyCheckWalled, speaksMppUndeclared, declared, declarationInvalid,
                endpointsChecked ? best : null);
    }
}
