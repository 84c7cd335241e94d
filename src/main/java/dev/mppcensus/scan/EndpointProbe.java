package dev.mppcensus.scan;

import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.EndpointVerdict;
import java.util.List;

/**
 * What one unpaid {@code GET} of a declared endpoint showed.
 *
 * @param url         the declared URL
 * @param sources     where it was declared: {@code well_known}, {@code link}, {@code openapi}
 * @param verdict     the endpoint's verdict
 * @param status      final HTTP status, or {@code null} without an answer
 * @param errorKind   why there was no answer, or {@code null}
 * @param errorDetail detail of {@code errorKind}
 * @param finalUrl    the URL that answered (after redirects), or {@code null}
 * @param assessment  the classified answer, with its challenges ({@code null} without an answer)
 */
public record EndpointProbe(String url, List<String> sources, EndpointVerdict verdict, Integer status,
        ErrorKind errorKind, String errorDetail, String finalUrl, EndpointAssessment assessment) {

    public boolean overTls() {
        String target = finalUrl != null ? finalUrl : url;
        return target.regionMatches(true, 0, "https:", 0, 6);
    }
}
