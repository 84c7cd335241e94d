package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkHeaderParserTest {

    /** input | number of links | targets joined by ' ' | relations of each link, ';'-separated. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            # RFC 8288 section 3.5 examples
            <http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter" | 1 | http://example.com/TheBook/chapter2 | previous
            </>; rel="http://example.net/foo" | 1 | / | http://example.net/foo
            </terms>; rel="copyright"; anchor="#foo" | 1 | /terms | copyright
            </TheBook/chapter2>; rel="previous"; title*=UTF-8'de'letztes%20Kapitel, </TheBook/chapter4>; rel="next"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel | 2 | /TheBook/chapter2 /TheBook/chapter4 | previous;next
            <http://example.org/>; rel="start http://example.net/relation/other" | 1 | http://example.org/ | start http://example.net/relation/other
            <https://example.org/>; rel="start", <https://example.org/index>; rel="index" | 2 | https://example.org/ https://example.org/index | start;index
            # rel="mpp-endpoint" (a relation type no specification registers) in RFC 8288 section 3 syntax variants
            <https://api.example.com/mpp>; rel="mpp-endpoint" | 1 | https://api.example.com/mpp | mpp-endpoint
            <https://api.example.com/mpp>; rel=mpp-endpoint | 1 | https://api.example.com/mpp | mpp-endpoint
            <https://api.example.com/mpp>;rel="mpp-endpoint" | 1 | https://api.example.com/mpp | mpp-endpoint
            ~  <https://api.example.com/mpp>  ;  rel = "mpp-endpoint"  ~ | 1 | https://api.example.com/mpp | mpp-endpoint
            <https://api.example.com/mpp>; REL="MPP-ENDPOINT" | 1 | https://api.example.com/mpp | mpp-endpoint
            <https://api.example.com/mpp>; type="application/json"; rel="mpp-endpoint" | 1 | https://api.example.com/mpp | mpp-endpoint
            </style.css>; rel="preload mpp-endpoint"; as=style | 1 | /style.css | preload mpp-endpoint
            </a>; rel="  preload   MPP-Endpoint  " | 1 | /a | preload mpp-endpoint
            # commas inside <...> and inside quoted strings do not split
            <https://a.example/x,y>; rel="mpp-endpoint", </b>; rel=next | 2 | https://a.example/x,y /b | mpp-endpoint;next
            </a>; title="a, b; c"; rel="x", </b>; rel="y" | 2 | /a /b | x;y
            </a>; title="say \\"hi\\", ok"; rel=x | 1 | /a | x
            # first rel wins (RFC 8288 3.3)
            </a>; rel="first"; rel="second" | 1 | /a | first
            # several links, empty elements, no rel
            </a>, , </b> ,</c> | 3 | /a /b /c | ;;
            ~</a>,</b>~ | 2 | /a /b | ;
            # malformed link-values are skipped, the next one still counts
            garbage, </ok>; rel=mpp-endpoint | 1 | /ok | mpp-endpoint
            </bad> junk, </ok>; rel=mpp-endpoint | 1 | /ok | mpp-endpoint
            </bad>; =x, </ok>; rel=mpp-endpoint | 1 | /ok | mpp-endpoint
            https://no-brackets.example; rel=mpp-endpoint | 0 | ~~ | ~~
            </unterminated>; rel="mpp-endpoint | 0 | ~~ | ~~
            <no-close; rel=mpp-endpoint | 0 | ~~ | ~~
            ;;;,,,<<<>>> | 0 | ~~ | ~~
            ;;;,,,<<<> | 1 | << | ~~
            """)
    void parsesTable(String input, int count, String targets, String relations) {
        List<WebLink> links = LinkHeaderParser.parse(input);

        assertThat(links).hasSize(count);
        if (count > 0) {
            assertThat(links.stream().map(WebLink::target).toList())
                    .containsExactly(targets.split(" "));
            String[] expectedRelations = relations == null ? new String[] {""} : relations.split(";", -1);
            for (int i = 0; i < count; i++) {
                String expected = i < expectedRelations.length ? expectedRelations[i] : "";
                assertThat(String.join(" ", links.get(i).relations())).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", ",", ",,,", ";", "<", ">", "\"", "\\", "rel=mpp-endpoint", "\u0000\uFFFF"})
    void emptyOrGarbageGivesNoLinks(String input) {
        assertThat(LinkHeaderParser.parse(input)).isEmpty();
    }

    @Test
    void parameterNamesAreLowercasedValuesUnquotedFirstWins() {
        WebLink link = LinkHeaderParser.parse(
                "</x>; Title=\"A \\\"quoted\\\" \\\\ title\"; TYPE=text/html; type=\"ignored\"; hreflang=de; flag")
                .getFirst();

        assertThat(link.parameters()).containsExactly(
                Map.entry("title", "A \"quoted\" \\ title"),
                Map.entry("type", "text/html"),
                Map.entry("hreflang", "de"),
                Map.entry("flag", ""));
        assertThat(link.relations()).isEmpty();
        assertThat(link.hasRelation("anything")).isFalse();
    }

    @Test
    void valuesOtherThanRelKeepTheirCase() {
        WebLink link = LinkHeaderParser.parse("</x>; rel=NEXT; Title=ABC").getFirst();

        assertThat(link.relations()).containsExactly("next");
        assertThat(link.parameters()).containsEntry("title", "ABC").containsEntry("rel", "NEXT");
        assertThat(link.hasRelation("Next")).isTrue();
    }

    @Test
    void tenThousandLinksParseQuickly() {
        String header = String.join(", ", java.util.Collections.nCopies(10_000, "</p>; rel=\"preload\"; as=style"));

        List<WebLink> links = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(2), () -> LinkHeaderParser.parse(header));

        assertThat(links).hasSize(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<", "\"", ",", ";", "a", "<x>;rel=\"", "<x>; a=b; ", "\\"})
    void oneMegabyteOfRepetitionParsesQuickly(String unit) {
        String header = unit.repeat(1024 * 1024 / unit.length());

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(2), () -> LinkHeaderParser.parse(header));
    }
}
