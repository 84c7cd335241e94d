package dev.mppcensus.store;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointVerdict;
import dev.mppcensus.detection.PaymentChallenge;
import dev.mppcensus.scan.EndpointProbe;
import dev.mppcensus.scan.ErrorKind;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code endpoint_probe}, one component per column ({@link ResultColumn} names and stores them):
 * what the unpaid requests to one endpoint of a domain showed. A column added to {@code endpoint_probe}
 * by a migration is a component here and its value in {@link #of}.
 *
 * @param endpointHost      the host of the final URL, else of the declared URL; {@code null} when it is no URI
 * @param realms            distinct {@code realm}s of the Payment challenges, in order
 * @param violations        the assessment's first {@value #MAX_VIOLATIONS} violations
 * @param registrableDomain the endpoint host's registrable domain by the Public Suffix List
 */
record ProbeRow(long runId, String domain, String url, String httpMethod, List<String> sources,
                EndpointVerdict verdict, Integer status, ErrorKind errorKind, String finalUrl, String endpointHost,
                List<String> methods, List<String> intents, List<String> realms, boolean sessionSupported,
                boolean x402Offered, boolean overTls, boolean cacheNoStore, String problemType,
                List<String> violations, int attempts, List<String> networks, Boolean realmMatchesHost,
                String registrableDomain) {

    static final int MAX_VIOLATIONS = 50;

    /** The row of {@code probe}, an endpoint of {@code domain} scanned in run {@code runId}. */
    static ProbeRow of(long runId, String domain, EndpointProbe probe) {
        EndpointAssessment assessment = probe.assessment();
        boolean assessed = assessment != null;
        String host = host(probe.finalUrl() != null ? probe.finalUrl() : probe.url());
        return new ProbeRow(runId, domain, probe.url(), probe.httpMethod(), probe.sources(), probe.verdict(),
                probe.status(), probe.errorKind(), probe.finalUrl(), host,
                assessed ? assessment.methods() : List.of(),
                assessed ? assessment.intents() : List.of(),
                assessed ? assessment.challenges().stream().map(PaymentChallenge::realm).filter(Objects::nonNull)
                        .distinct().toList() : List.of(),
                assessed && assessment.sessionSupported(),
                assessed && assessment.x402Offered(),
                probe.overTls(),
                assessed && assessment.cacheNoStore(),
                assessed ? assessment.problemType() : null,
                assessed ? assessment.violations().stream().limit(MAX_VIOLATIONS).toList() : List.of(),
                probe.attempts(),
                assessed ? assessment.networks() : List.of(),
                assessed ? assessment.realmMatchesHost() : null,
                RegistrableDomains.of(host));
    }

    private static String host(String url) {
        try {
            return URI.create(url.replace("{", "%7B").replace("}", "%7D")).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
