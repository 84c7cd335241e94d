package dev.mppcensus.detection;

import java.util.List;

/**
 * An OpenAPI operation that carries {@code x-payment-info}.
 *
 * @param path        the path template, e.g. {@code /v1/search}
 * @param httpMethod  the operation's HTTP method in upper case, e.g. {@code GET}
 * @param declares402 whether its {@code responses} has a {@code "402"} entry
 * @param methods     distinct payment methods of its offers, in order
 * @param intents     distinct intents of its offers, in order
 */
public record PayableOperation(String path, String httpMethod, boolean declares402, List<String> methods,
                               List<String> intents) {

    public PayableOperation {
        methods = methods == null ? List.of() : List.copyOf(methods);
        intents = intents == null ? List.of() : List.copyOf(intents);
    }
}
