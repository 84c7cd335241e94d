package dev.mppcensus.scan;

/**
 * One request a probe sent (redirect hops aside), as the evidence keeps it.
 *
 * @param method   the HTTP method, upper case
 * @param url      the URL actually sent: the operation's path filled in, on its server or its bare path
 * @param status   the final HTTP status after redirects, or {@code null} without an answer
 * @param finalUrl the URL that answered after redirects, or {@code null} when it is {@code url} or there was no answer
 * @param error    why there was no usable answer ({@code kind: detail}), or {@code null}
 */
public record SentRequest(String method, String url, Integer status, String finalUrl, String error) {
}
