package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WwwAuthenticateParserTest {

    /** Renders challenges compactly: {@code scheme[token68]{name=value,...}} joined by {@code " / "}. */
    static String render(List<AuthChallenge> challenges) {
        return challenges.stream()
                .map(c -> c.scheme()
                        + (c.token68() == null ? "" : "[" + c.token68() + "]")
                        + c.params().stream().map(p -> p.name() + "=" + p.value())
                        .collect(Collectors.joining(",", "{", "}")))
                .collect(Collectors.joining(" / "));
    }

    /** field values separated by ' ;; ' | rendered challenges. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            # RFC 9110 section 11.6.1 example: two challenges in one field
            Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\"" | Basic{realm=simple} / Newauth{realm=apps,type=1,title=Login to "apps"}
            # RFC 9110 11.3: the same over two field lines
            Basic realm="simple" ;; Newauth realm="apps", type=1 | Basic{realm=simple} / Newauth{realm=apps,type=1}
            # draft-httpauth-payment-00 example, folded lines joined by the client
            Payment id="x7Tg2pLqR9mKvNwY3hBcZa", realm="api.example.com",   method="tempo", intent="charge", expires="2026-01-15T12:05:00Z",   request="eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ" | Payment{id=x7Tg2pLqR9mKvNwY3hBcZa,realm=api.example.com,method=tempo,intent=charge,expires=2026-01-15T12:05:00Z,request=eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJ1c2QifQ}
            # other schemes mixed in
            Bearer realm="api", error="invalid_token", Payment id="a", realm="r" | Bearer{realm=api,error=invalid_token} / Payment{id=a,realm=r}
            Digest realm="x", qop="auth,auth-int", nonce="n", Payment id=a | Digest{realm=x,qop=auth,auth-int,nonce=n} / Payment{id=a}
            # token68 forms
            Negotiate a87421000492aa874209af8bc028 | Negotiate[a87421000492aa874209af8bc028]{}
            Basic YWxhZGRpbjpvcGVuc2VzYW1l==, Payment id=a | Basic[YWxhZGRpbjpvcGVuc2VzYW1l==]{} / Payment{id=a}
            Foo abc+/-._~=, Bar | Foo[abc+/-._~=]{} / Bar{}
            # schemes without parameters
            Basic | Basic{}
            Basic, Bearer | Basic{} / Bearer{}
            # case-insensitive names are lowercased, values kept
            PAYMENT ID="Abc", Realm=R | PAYMENT{id=Abc,realm=R}
            # whitespace variants (OWS around commas, BWS around =)
            Payment id = "a" ,realm= b,method ="c" | Payment{id=a,realm=b,method=c}
            ~Payment	id="a",	realm="b"~ | Payment{id=a,realm=b}
            # empty list elements
            ,, Payment id="a",, , realm="b",, | Payment{id=a,realm=b}
            # quoted-string escapes and commas inside quotes
            Payment description="a \\"b\\", c\\\\d", id=x | Payment{description=a "b", c\\d,id=x}
            # duplicates are kept
            Payment id="a", id="b" | Payment{id=a,id=b}
            # sloppy unquoted values are kept for validation to judge
            Payment request=eyJhIjoxfQ==, id=a/b | Payment{request=eyJhIjoxfQ==,id=a/b}
            # junk: parameter before any scheme, unterminated quote, stray characters
            realm="x", Payment id=a | Payment{id=a}
            Payment id="unterminated | Payment{}
            Payment id="a" junk, realm="b" | Payment{id=a,realm=b}
            @@@, Payment id=a | Payment{id=a}
            """)
    void parsesTable(String fields, String expected) {
        List<String> values = new ArrayList<>(Arrays.asList(fields.split(" ;; ")));

        assertThat(render(WwwAuthenticateParser.parse(values))).isEqualTo(expected);
    }

    @Test
    void nullAndEmptyInputGiveNoChallenges() {
        assertThat(WwwAuthenticateParser.parse((List<String>) null)).isEmpty();
        assertThat(WwwAuthenticateParser.parse(Arrays.asList(null, "", " ", ",,,"))).isEmpty();
        assertThat(WwwAuthenticateParser.parse((String) null)).isEmpty();
    }

    @Test
    void challengeAccessorsAreCaseInsensitive() {
        AuthChallenge challenge = WwwAuthenticateParser.parse("payment ID=first, id=second").getFirst();

        assertThat(challenge.isScheme("Payment")).isTrue();
        assertThat(challenge.isScheme("Bearer")).isFalse();
        assertThat(challenge.param("Id")).contains("first");
        assertThat(challenge.param("realm")).isEmpty();
        assertThat(challenge.param(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "a=", ",", "Payment a=\"\\", "x ", "Payment id=\"a\", ", "=", "\\"})
    void oneMegabyteOfRepetitionParsesQuickly(String unit) {
        String value = unit.repeat(1024 * 1024 / unit.length());

        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> WwwAuthenticateParser.parse(List.of(value)));
    }
}
