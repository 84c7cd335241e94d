package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MppLinkDeclarationsTest {

    private static final URI BASE = URI.create("https://www.example.com/home/index.html");

    /** field values separated by ' ;; ' | endpoints (space-separated) | invalid targets (space-separated). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            <https://api.example.com/mpp>; rel="mpp-endpoint" | https://api.example.com/mpp | ~~
            <https://api.example.com/mpp>; rel="MPP-Endpoint" | https://api.example.com/mpp | ~~
            </style.css>; rel=preload, <https://api.example.com/mpp>; rel="preload mpp-endpoint" | https://api.example.com/mpp | ~~
            </mpp>; rel=mpp-endpoint | https://www.example.com/mpp | ~~
            <mpp/v1>; rel=mpp-endpoint | https://www.example.com/home/mpp/v1 | ~~
            <//pay.example.net/x>; rel=mpp-endpoint | https://pay.example.net/x | ~~
            <>; rel=mpp-endpoint | https://www.example.com/home/index.html | ~~
            <http://api.example.com/mpp>; rel=mpp-endpoint | http://api.example.com/mpp | ~~
            # only the exact relation type counts
            <https://a.example/x>; rel="mpp" | ~~ | ~~
            <https://a.example/x>; rel="payment" | ~~ | ~~
            <https://a.example/x>; rel="mpp-endpoints" | ~~ | ~~
            <https://a.example/x>; rel="xmpp-endpoint" | ~~ | ~~
            <https://a.example/x>; title="mpp-endpoint" | ~~ | ~~
            # several fields, duplicates removed, order kept
            <https://b.example/>; rel=mpp-endpoint ;; <https://a.example/>; rel=mpp-endpoint, <https://b.example/>; rel=mpp-endpoint | https://b.example/ https://a.example/ | ~~
            # unusable targets
            <ftp://files.example/mpp>; rel=mpp-endpoint | ~~ | ftp://files.example/mpp
            <javascript:alert(1)>; rel=mpp-endpoint | ~~ | javascript:alert(1)
            <https://bad host/>; rel=mpp-endpoint, <https://ok.example/>; rel=mpp-endpoint | https://ok.example/ | https://bad_host/
            <mailto:a@example.com>; rel=mpp-endpoint | ~~ | mailto:a@example.com
            <https:///nohost>; rel=mpp-endpoint | ~~ | https:///nohost
            """)
    void findsTable(String fields, String endpoints, String invalid) {
        List<String> values = List.of(fields.split(" ;; "));

        LinkDeclarations found = MppLinkDeclarations.find(values, BASE);

        assertThat(found.mppEndpoints().stream().map(URI::toString).toList())
                .containsExactlyElementsOf(words(endpoints));
        // '_' stands for a space in the expected invalid targets
        assertThat(found.invalidTargets().stream().map(t -> t.replace(' ', '_')).toList())
                .containsExactlyElementsOf(words(invalid));
        assertThat(found.rawValues()).containsExactlyElementsOf(values);
        assertThat(found.declared()).isEqualTo(!words(endpoints).isEmpty());
        assertThat(found.hasInvalid()).isEqualTo(!words(invalid).isEmpty());
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split(" "));
    }

    @Test
    void baseWithoutPathResolvesAgainstTheRoot() {
        LinkDeclarations found = MppLinkDeclarations.find(List.of("<mpp>; rel=mpp-endpoint"),
                URI.create("https://example.com"));

        assertThat(found.mppEndpoints()).containsExactly(URI.create("https://example.com/mpp"));
    }

    @Test
    void relativeTargetWithoutBaseIsInvalid() {
        LinkDeclarations found = MppLinkDeclarations.find(List.of("</mpp>; rel=mpp-endpoint"), null);

        assertThat(found.mppEndpoints()).isEmpty();
        assertThat(found.invalidTargets()).containsExactly("/mpp");
    }

    @Test
    void nullsAreToleratedAndRawValuesCapped() {
        String huge = "<https://a.example/>; rel=mpp-endpoint, " + "x".repeat(10_000);

        LinkDeclarations found = MppLinkDeclarations.find(Arrays.asList(null, huge), BASE);

        assertThat(found.rawValues()).singleElement().asString().hasSize(MppLinkDeclarations.RAW_VALUE_CAP);
        assertThat(found.mppEndpoints()).containsExactly(URI.create("https://a.example/"));
        assertThat(MppLinkDeclarations.find(null, BASE).mppEndpoints()).isEmpty();
    }
}
