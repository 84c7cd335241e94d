package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds challenges that a server repeats instead of issuing: the same {@code id} with the same
 * {@code expires} (both absent counts as the same) in the answers to two or more requests of one domain's
 * scan. A server issuing challenges binds each {@code id} to its parameters and expiry
 * (draft-httpauth-payment, "Challenge Binding"), so a pair that comes back unchanged points to a header
 * pasted into a static configuration.
 */
public final class StaticChallenges {

    private StaticChallenges() {
    }

    /**
     * The ids whose {@code (id, expires)} pair occurs in at least two of the given answers.
     *
     * @param answers the assessment of each answered request ({@code null}s ignored); a pair repeated
     *                inside one answer counts once
     * @return the repeated ids in order of first appearance, each once; empty when there is none; never throws
     */
    public static List<String> repeatedIds(List<EndpointAssessment> answers) {
        Map<List<String>, Integer> answersPerPair = new LinkedHashMap<>();
        if (answers != null) {
            for (EndpointAssessment answer : answers) {
                if (answer == null) {
                    continue;
                }
                Set<List<String>> pairs = new LinkedHashSet<>();
                for (PaymentChallenge challenge : answer.challenges()) {
                    if (challenge.id() != null && !challenge.id().isEmpty()) {
                        pairs.add(Arrays.asList(challenge.id(), challenge.expires()));
                    }
                }
                pairs.forEach(pair -> answersPerPair.merge(pair, 1, Integer::sum));
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        answersPerPair.forEach((pair, count) -> {
            if (count >= 2) {
                ids.add(pair.getFirst());
            }
        });
        return new ArrayList<>(ids);
    }
}
