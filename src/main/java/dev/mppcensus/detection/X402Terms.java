package dev.mppcensus.detection;

import tools.jackson.databind.JsonNode;

/**
 * x402 payment terms found in a response.
 *
 * @param version      the {@code x402Version} value as the document states it (2 is expected in the
 *                     {@code PAYMENT-REQUIRED} header, 1 in a JSON body)
 * @param acceptsCount the number of entries of the {@code accepts} array
 * @param raw          the decoded terms document (a JSON object)
 */
public record X402Terms(int version, int acceptsCount, JsonNode raw) {
}
