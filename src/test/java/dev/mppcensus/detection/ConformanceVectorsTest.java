package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.ConformanceVector;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: every row of {@code conformance/vectors.json}, built from the public suites of
 * mppx, mpp-rs, pympp, mpp-go, mpp-tools, the x402 codecs and the drafts' complete 402 examples, goes
 * through the classifier at its answer time and must give the verdict and per-challenge result the draft
 * asks for. Where the census deliberately differs from the cited suite, the row says why; a row that
 * agrees says nothing, so the list of differences cannot go stale.
 */
class ConformanceVectorsTest {

    static List<ConformanceVector> vectors() {
        return ConformanceVector.load();
    }

    /** Per Payment challenge: {@code valid} or its violations joined by {@code "; "}. */
    static List<String> results(EndpointAssessment assessment) {
        return assessment.challenges().stream()
                .map(c -> c.valid() ? "valid" : String.join("; ", c.violations()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void agreesWithTheDraft(ConformanceVector vector) {
        EndpointAssessment assessment = EndpointClassifier.classify(vector.status(), vector.httpHeaders(),
                vector.bodyBytes(), true, null, vector.answeredAt());

        assertThat(assessment.verdict().code()).as("verdict").isEqualTo(vector.verdict());
        assertThat(results(assessment)).as("challenges").containsExactlyElementsOf(vector.challenges());

        List<String> censusAccepts = assessment.challenges().stream()
                .map(c -> c.valid() ? "accept" : "reject").toList();
        boolean agrees = censusAccepts.equals(vector.sdk())
                && (vector.sdkX402() == null || vector.sdkX402() == assessment.x402Offered());
        if (agrees) {
            assertThat(vector.differs()).as("a row that agrees with its suite documents no difference").isNull();
        } else {
            assertThat(vector.differs()).as("a deliberate difference from " + vector.source() + " says why")
                    .isNotBlank();
        }
    }

    @Test
    void coversEveryPublicSuiteWithUniqueNames() {
        List<ConformanceVector> vectors = vectors();
        Map<String, Long> perRepository = vectors.stream()
                .collect(Collectors.groupingBy(ConformanceVector::repository, TreeMap::new, Collectors.counting()));

        assertThat(perRepository).containsOnlyKeys("wevm/mppx", "tempoxyz/mpp-rs", "tempoxyz/pympp", "tempoxyz/mpp-go",
                "tempoxyz/mpp-tools", "tempoxyz/mpp-specs", "coinbase/x402");
        assertThat(perRepository.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(10));
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(110);
        assertThat(new HashSet<>(vectors.stream().map(ConformanceVector::name).toList())).hasSameSizeAs(vectors);
        assertThat(vectors).filteredOn(v -> v.differs() != null).isNotEmpty();
        assertThat(vectors).filteredOn(ConformanceVector::endToEnd).hasSizeGreaterThanOrEqualTo(5);
    }
}
