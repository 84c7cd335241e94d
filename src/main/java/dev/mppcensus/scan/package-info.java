/**
 * Scanning one domain: locating the site (https, then http; the bare name, then {@code www.}),
 * following redirects hop by hop, running the site's checks through the {@code fetch} client (each
 * standing alone, issued at once), probing declared endpoints and payable operations (then operations that declare
 * a 402 response without {@code x-payment-info}) with unpaid requests, and handing what came back to the pure {@code detection} parsers and decisions. The result
 * is one {@link dev.mppcensus.scan.DomainScan}: a failure of a domain is a classified result, never an
 * exception.
 */
package dev.mppcensus.scan;
