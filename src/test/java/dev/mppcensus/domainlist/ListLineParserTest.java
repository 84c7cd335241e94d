package dev.mppcensus.domainlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListLineParserTest {

    private final ListLineParser parser = new ListLineParser();

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1} rank {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "null", textBlock = """
            example.com                         | example.com            | null
            '  Example.COM  '                   | example.com            | null
            example.com.                        | example.com            | null
            https://example.com/                | example.com            | null
            http://Example.com                  | example.com            | null
            bücher.example                      | xn--bcher-kva.example  | null
            xn--bcher-kva.example               | xn--bcher-kva.example  | null
            münchen.de                          | xn--mnchen-3ya.de      | null
            1,google.com                        | google.com             | 1
            '"2","example.org"'                 | example.org            | 2
            ' 17 , sub.example.net '            | sub.example.net        | 17
            'example.com # our own site'        | example.com            | null
            '\uFEFFexample.com'                 | example.com            | null
            a-b.example                         | a-b.example            | null
            www.example.co.uk                   | www.example.co.uk      | null
            """)
    void acceptsAndNormalises(String line, String expectedName, Integer expectedRank) {
        ListLine parsed = parser.parse(line, 7);
        assertThat(parsed).isEqualTo(new ListedDomain(expectedName, expectedRank, 7));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' rejected: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            https://example.com/path            | URL with a path
            https://example.com:8443/           | URL with a port
            ftp://example.com/                  | scheme is not http or https
            example.com:8080                    | has a port
            example.com/index.html              | has a path
            192.168.1.1                         | IP address
            2001:db8::1                         | IP address
            '[::1]'                             | IP address
            admin@example.com                   | e-mail address
            'exa mple.com'                      | whitespace inside name
            localhost                           | single-label name
            under_score.example                 | underscore
            a..b.example                        | empty label
            .example.com                        | empty label
            -lead.example                       | is not letters, digits and inner hyphens
            trail-.example                      | is not letters, digits and inner hyphens
            exa!mple.com                        | is not letters, digits and inner hyphens
            'exa\u0300!.com'                     | invalid internationalised name
            example.123                         | numeric top-level label
            xn--zz.example                      | invalid punycode label
            '1,example.com,extra'               | has 3 columns
            'zero,example.com'                  | is not a positive integer
            '0,example.com'                     | is not a positive integer
            '5,'                                | empty host name
            """)
    void rejectsWithReason(String line, String reasonFragment) {
        ListLine parsed = parser.parse(line, 3);
        assertThat(parsed).isInstanceOf(RejectedLine.class);
        RejectedLine rejected = (RejectedLine) parsed;
        assertThat(rejected.reason()).contains(reasonFragment);
        assertThat(rejected.lineNo()).isEqualTo(3);
        assertThat(rejected.raw()).isEqualTo(line);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''
            '   '
            '# a comment'
            '   # indented comment'
            'rank,domain'
            'Rank,Domain'
            """)
    void ignoresBlankCommentsAndHeader(String line) {
        assertThat(parser.parse(line, 1)).isEqualTo(new ListLine.Ignored(1));
    }

    @org.junit.jupiter.api.Test
    void rejectsOverlongLabelsAndNamesAndControlCharacters() {
        String longLabel = "a".repeat(64) + ".example";
        assertThat(parser.parse(longLabel, 1)).isInstanceOfSatisfying(RejectedLine.class,
                r -> assertThat(r.reason()).contains("label longer than 63"));
        String longName = ("a".repeat(60) + ".").repeat(5) + "com";
        assertThat(parser.parse(longName, 1)).isInstanceOfSatisfying(RejectedLine.class,
                r -> assertThat(r.reason()).contains("longer than 253"));
        assertThat(parser.parse("exa\u0007mple.com", 1)).isInstanceOfSatisfying(RejectedLine.class,
                r -> assertThat(r.reason()).contains("control character"));
        assertThat(parser.parse("exa\uFFFDmple.com", 1)).isInstanceOfSatisfying(RejectedLine.class,
                r -> assertThat(r.reason()).contains("encoding"));
        assertThat(parser.parse("x".repeat(5000), 1)).isInstanceOfSatisfying(RejectedLine.class,
                r -> assertThat(r.raw()).hasSize(RejectedLine.MAX_RAW_LENGTH));
    }
}
