package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticChallengesTest {

    /** One answer's challenges as {@code id@expires} ({@code id@} without expires), space-separated. */
    private static EndpointAssessment answer(String challenges) {
        List<PaymentChallenge> list = new ArrayList<>();
        for (String c : challenges.split(" ")) {
            String[] parts = c.split("@", -1);
            list.add(new PaymentChallenge(parts[0], "r", "tempo", "charge", parts[1].isEmpty() ? null : parts[1],
                    null, null, null, List.of()));
        }
        return new EndpointAssessment(EndpointVerdict.VERIFIED_MPP, list, false, false, List.of(), List.of(), null,
                true, true, List.of(), List.of(), null, null);
    }

    /** answers separated by ' | ' | repeated ids (space-separated, '-' none). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', textBlock = """
            a@2026-01-01T00:00:00Z                                    ; -
            a@2026-01-01T00:00:00Z | b@2026-01-01T00:00:00Z           ; -
            a@2026-01-01T00:00:00Z | a@2026-01-01T00:05:00Z           ; -
            a@2026-01-01T00:00:00Z | a@2026-01-01T00:00:00Z           ; a
            a@ | a@                                                   ; a
            a@ | a@2026-01-01T00:00:00Z                               ; -
            a@x a@x                                                   ; -
            a@x b@y | c@z b@y | a@x                                   ; a b
            @x | @x                                                   ; -
            """)
    void findsPairsRepeatedAcrossAnswers(String answers, String expected) {
        List<EndpointAssessment> list = new ArrayList<>(Arrays.stream(answers.split(" \\| ")).map(String::strip)
                .map(StaticChallengesTest::answer).toList());
        list.add(null);

        assertThat(StaticChallenges.repeatedIds(list))
                .containsExactlyElementsOf(expected.equals("-") ? List.of() : List.of(expected.split(" ")));
    }
}
