package dev.mppcensus.detection;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAPI operation that carries {@code x-payment-info}, or (with {@code info} {@code null}) one that
 * declares a {@code 402} response without it ({@link OpenApiDiscovery#paymentRequiredOperations()}).
 *
 * @param path        the path template, e.g. {@code /v1/items/{id}}
 * @param httpMethod  the operation's HTTP method in upper case, e.g. {@code GET}
 * @param declares402 whether its {@code responses} has a {@code "402"} entry
 * @param methods     distinct payment methods of its offers, in order
 * @param intents     distinct intents of its offers, in order
 * @param info        its {@code x-payment-info} as read ({@link PaymentInfo}); {@code null} only for an operation
 *                    that declares a 402 response without it
 * @param operation   the operation object itself, for building a probe request; never serialised
 * @param pathItem    the path item holding it (its shared {@code parameters}); never serialised
 */
public record PayableOperation(String path, String httpMethod, boolean declares402, List<String> methods,
                               List<String> intents, PaymentInfo info, JsonNode operation, JsonNode pathItem) {

    public PayableOperation {
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
    }

    /** Whether MPP may be spoken here: its info names {@code mpp} or no protocol at all. */
    public boolean mppOffered() {
        return info == null || info.mppOffered();
    }
}
