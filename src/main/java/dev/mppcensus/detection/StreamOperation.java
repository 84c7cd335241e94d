package dev.mppcensus.detection;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAPI operation that sells a stream, and whether it offers a session for it.
 *
 * <table>
 *   <caption>Outcome, first matching row wins</caption>
 *   <tr><th>the operation</th><th>offers judged</th><th>{@link #outcome}</th></tr>
 *   <tr><td>answered an unpaid request with valid Payment challenges</td><td>their intents
 *       ({@link OfferSource#CHALLENGE}: the runtime challenge stays authoritative, draft-payment-discovery)</td>
 *       <td>{@link SessionOutcome#SESSION_OFFERED} if one is {@code session}, else {@link SessionOutcome#SESSION_MISSING}</td></tr>
 *   <tr><td>documents offers whose intents are named ({@code x-payment-info})</td>
 *       <td>those intents ({@link OfferSource#X_PAYMENT_INFO})</td><td>the same</td></tr>
 *   <tr><td>anything else (not probed, no valid challenge, no intent named)</td><td>none</td>
 *       <td>{@link SessionOutcome#OFFERS_UNKNOWN}</td></tr>
 * </table>
 *
 * @param httpMethod the operation's HTTP method, upper case
 * @param path       its path template
 * @param reasons    why it counts as a stream ({@link StreamSignals#of}, then {@link StreamSignals#ofChallenges});
 *                   never empty
 * @param outcome    whether a session is offered
 * @param offersFrom where the judged offers come from, or {@code null} when the outcome is unknown
 * @param intents    the judged offers' intents, distinct, in order (lower case for challenges, as found in documents)
 */
public record StreamOperation(String httpMethod, String path, List<String> reasons, SessionOutcome outcome,
                              OfferSource offersFrom, List<String> intents) {

    public StreamOperation {
        reasons = List.copyOf(reasons);
        intents = intents == null ? List.of() : List.copyOf(intents);
    }

    /**
     * The stream {@code operation} sells, if it sells one.
     *
     * @param operation a payable operation, or one that only declares a 402 response ({@code info} {@code null})
     * @param root      the document, for {@code $ref}s; may be {@code null}
     * @param probed    the classified answer to the operation's probe, or {@code null} when it was not probed
     * @return empty when nothing says the operation streams; never throws
     */
    public static Optional<StreamOperation> of(PayableOperation operation, JsonNode root, EndpointAssessment probed) {
        Set<String> signals = new LinkedHashSet<>(StreamSignals.of(operation, root));
        signals.addAll(StreamSignals.ofChallenges(probed));
        List<String> reasons = List.copyOf(signals);
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        if (probed != null && probed.verdict() == EndpointVerdict.VERIFIED_MPP && !probed.intents().isEmpty()) {
            return Optional.of(judged(operation, reasons, OfferSource.CHALLENGE, probed.intents()));
        }
        List<String> documented = operation.info() == null ? List.of() : operation.info().intents();
        if (!documented.isEmpty()) {
            return Optional.of(judged(operation, reasons, OfferSource.X_PAYMENT_INFO, documented));
        }
        return Optional.of(new StreamOperation(operation.httpMethod(), operation.path(), reasons,
                SessionOutcome.OFFERS_UNKNOWN, null, List.of()));
    }

    private static StreamOperation judged(PayableOperation operation, List<String> reasons, OfferSource source,
                                          List<String> intents) {
        boolean session = intents.stream().anyMatch("session"::equalsIgnoreCase);
        return new StreamOperation(operation.httpMethod(), operation.path(), reasons,
                session ? SessionOutcome.SESSION_OFFERED : SessionOutcome.SESSION_MISSING, source, intents);
    }
}
