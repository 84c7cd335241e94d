/**
 * The crawler's HTTP client: one {@link dev.mppcensus.fetch.HttpFetcher} turns a
 * {@link dev.mppcensus.fetch.FetchRequest} into a {@link dev.mppcensus.fetch.FetchResponse} (status,
 * headers, capped body bytes, the address connected to) or a classified
 * {@link dev.mppcensus.fetch.FetchError}, never an exception for network trouble.
 *
 * <p>It enforces deadlines, body and header caps, the {@link dev.mppcensus.fetch.AddressPolicy}
 * (no private, loopback or metadata addresses) and curl-style {@code --connect-to} rules
 * ({@link dev.mppcensus.fetch.ConnectToRule}); it never follows redirects, stores cookies or sends
 * credentials. Jetty's client is an implementation detail: no Jetty type appears in the public API.
 */
package dev.mppcensus.fetch;
