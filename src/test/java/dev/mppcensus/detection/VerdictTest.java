package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VerdictTest {

    /**
     * site reachable | every check walled | declared | invalid declaration | best endpoint verdict (empty = not
     * probed) | domain verdict.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} {2} {3} {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            false | false | true  | false | VERIFIED_MPP      | SITE_UNREACHABLE
            false | false | false | false |                   | SITE_UNREACHABLE
            false | true  | false | false |                   | SITE_UNREACHABLE
            true  | false | false | false |                   | NOT_DECLARED
            true  | false | false | false | STUB              | NOT_DECLARED
            true  | true  | false | false |                   | UNSEEN
            true  | true  | false | false | UNREACHABLE       | UNSEEN
            true  | true  | true  | false | UNREACHABLE       | ENDPOINT_UNREACHABLE
            true  | true  | true  | false | VERIFIED_MPP      | VERIFIED
            true  | true  | false | true  |                   | INVALID
            true  | true  | true  | false |                   | DECLARED_UNCHECKED
            true  | false | true  | false | VERIFIED_MPP      | VERIFIED
            true  | false | true  | true  | VERIFIED_MPP      | VERIFIED
            true  | false | true  | false | INVALID_CHALLENGE | INVALID
            true  | false | false | true  |                   | INVALID
            true  | false | true  | true  | STUB              | INVALID
            true  | false | true  | true  | X402_ONLY         | INVALID
            true  | false | true  | false | X402_ONLY         | X402_CONFUSED
            true  | false | true  | false | STUB              | STUB
            true  | false | true  | false | AUTH_REQUIRED     | AUTH_REQUIRED
            true  | false | true  | false | NEEDS_INPUT       | NEEDS_INPUT
            true  | false | true  | true  | AUTH_REQUIRED     | INVALID
            true  | false | false | false | AUTH_REQUIRED     | NOT_DECLARED
            true  | false | true  | false | UNREACHABLE       | ENDPOINT_UNREACHABLE
            true  | false | true  | false | BLOCKED           | ENDPOINT_UNREACHABLE
            true  | false | true  | false |                   | DECLARED_UNCHECKED
            """)
    void domainVerdictTable(boolean reachable, boolean everyCheckWalled, boolean declared, boolean invalid,
                            EndpointVerdict best, DomainVerdict expected) {
        assertThat(DomainVerdict.from(reachable, everyCheckWalled, false, declared, invalid, best)).isEqualTo(expected);
    }

    /**
     * site reachable | declared | invalid declaration | best endpoint verdict (empty = not probed) | MPP spoken at a
     * URL no declaration names | domain verdict: a declaration keeps its verdict, only a domain that declares
     * nothing speaks MPP undeclared.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} {2} {3} {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            false | false | false |                   | true  | SITE_UNREACHABLE
            true  | false | false |                   | true  | UNDECLARED_MPP
            true  | false | false | STUB              | true  | UNDECLARED_MPP
            true  | false | false |                   | false | NOT_DECLARED
            true  | false | true  |                   | true  | INVALID
            true  | true  | false | VERIFIED_MPP      | true  | VERIFIED
            true  | true  | false | STUB              | true  | STUB
            true  | true  | false | X402_ONLY         | true  | X402_CONFUSED
            true  | true  | false | UNREACHABLE       | true  | ENDPOINT_UNREACHABLE
            true  | true  | false |                   | true  | DECLARED_UNCHECKED
            """)
    void mppSpokenWhereNothingDeclaresIt(boolean reachable, boolean declared, boolean invalid, EndpointVerdict best,
                                         boolean undeclared, DomainVerdict expected) {
        assertThat(DomainVerdict.from(reachable, false, undeclared, declared, invalid, best)).isEqualTo(expected);
        // something of the site was seen when it spoke MPP: even with every other check walled it is not unseen
        assertThat(DomainVerdict.from(reachable, true, undeclared, declared, invalid, best))
                .isEqualTo(undeclared || expected != DomainVerdict.NOT_DECLARED ? expected : DomainVerdict.UNSEEN);
    }

    /** verdicts ('' none) | best. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            BLOCKED UNREACHABLE STUB               | STUB
            STUB X402_ONLY                         | X402_ONLY
            X402_ONLY INVALID_CHALLENGE BLOCKED    | INVALID_CHALLENGE
            BLOCKED VERIFIED_MPP INVALID_CHALLENGE | VERIFIED_MPP
            BLOCKED UNREACHABLE                    | UNREACHABLE
            BLOCKED                                | BLOCKED
            STUB NEEDS_INPUT AUTH_REQUIRED         | AUTH_REQUIRED
            STUB UNREACHABLE NEEDS_INPUT           | NEEDS_INPUT
            AUTH_REQUIRED X402_ONLY                | X402_ONLY
            """)
    void bestEndpointVerdict(String verdicts, EndpointVerdict expected) {
        List<EndpointVerdict> list = Arrays.stream(verdicts.split(" ")).map(EndpointVerdict::valueOf).toList();

        assertThat(EndpointVerdict.best(list)).isEqualTo(expected);
    }

    @Test
    void bestOfNothingIsNull() {
        assertThat(EndpointVerdict.best(List.of())).isNull();
        assertThat(EndpointVerdict.best(null)).isNull();
        assertThat(EndpointVerdict.best(Arrays.asList(null, EndpointVerdict.STUB))).isEqualTo(EndpointVerdict.STUB);
    }

    @ParameterizedTest
    @EnumSource(EndpointVerdict.class)
    void endpointCodesAreLowerSnake(EndpointVerdict v) {
        assertThat(v.code()).matches("[a-z0-9_]+").isEqualTo(v.name().toLowerCase());
    }

    @Test
    void codesAreStable() {
        assertThat(EndpointVerdict.VERIFIED_MPP.code()).isEqualTo("verified_mpp");
        assertThat(DomainVerdict.X402_CONFUSED.code()).isEqualTo("x402_confused");
        assertThat(DomainVerdict.DECLARED_UNCHECKED.code()).isEqualTo("declared_unchecked");
        assertThat(DomainVerdict.UNDECLARED_MPP.code()).isEqualTo("undeclared_mpp");
        assertThat(DomainVerdict.UNSEEN.code()).isEqualTo("unseen");
    }

    @Test
    void unansweredAssessment() {
        EndpointAssessment a = EndpointAssessment.withoutAnswer(EndpointVerdict.UNREACHABLE, true);

        assertThat(a.verdict()).isEqualTo(EndpointVerdict.UNREACHABLE);
        assertThat(a.challenges()).isEmpty();
        assertThat(a.overTls()).isTrue();
    }
}
