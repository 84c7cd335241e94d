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

    /**
     * Renders challenges compactly: {@code scheme[token68]{name=value,...}!syntax error} joined by
     * {@code " / "}.
     */
    static String render(List<AuthChallenge> challenges) {
        return challenges.stream()
                .map(c -> c.scheme()
                        + (c.token68() == null ? "" : "[" + c.token68() + "]")
                        + c.params().stream().map(p -> p.name() + "=" + p.value())
                        .collect(Collectors.joining(",", "{", "}"))
                        + (c.wellFormed() ? "" : "!" + c.syntaxError()))
                .collect(Collectors.joining(" / "));
    }

    /** field values separated by ' ;; ' (CR, LF and tab may be written {@code \\r \\n \\t}) | rendered challenges. */
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
            # whitespace variants (OWS around commas, BWS around =; 1*SP after the scheme)
            Payment id = "a" ,realm= b,method ="c" | Payment{id=a,realm=b,method=c}
            Payment   id="a",	realm="b" | Payment{id=a,realm=b}
            # obs-fold (RFC 9112 section 5.2) is a space
            Payment id="a",\\r\\n realm="b" ;; Payment\\r\\n\\tid="c" | Payment{id=a,realm=b} / Payment{id=c}
            # empty list elements
            ,, Payment id="a",, , realm="b",, | Payment{id=a,realm=b}
            Payment , id="a" | Payment{id=a}
            # quoted-string escapes and commas inside quotes
            Payment description="a \\"b\\", c\\\\d", id=x | Payment{description=a "b", c\\d,id=x}
            # duplicates are kept (validation judges them)
            Payment id="a", id="b" | Payment{id=a,id=b}
            # a bare token after a comma is a new challenge (RFC 9110: #challenge), also at the end
            Payment id="a", expires | Payment{id=a} / expires{}
            Payment id="a", foo bar, realm="b" | Payment{id=a} / foo[bar]{}!auth-param after a token68
            # text that belongs to no challenge is ignored: a parameter before any scheme, junk
            realm="x", Payment id=a | Payment{id=a}
            @@@, Payment id=a | Payment{id=a}
            # the grammar broken: the challenge carries the rule, nothing is repaired
            ~Payment	id="a",	realm="b"~ | Payment{id=a,realm=b}!auth-scheme not followed by a space
            Payment id="unterminated | Payment{}!unterminated quoted-string
            Payment id="a", realm="b, Payment id="c" | Payment{id=a,realm=b, Payment id=}!auth-params not separated by a comma
            Payment id="a", realm="b, Payment id=c | Payment{id=a}!unterminated quoted-string
            Payment id="a", ="x", realm="b" | Payment{id=a,realm=b}!auth-param without a name
            Payment id="a", =="x" | Payment{id=a}!auth-param without a name
            Payment "a", id="b" | Payment{id=b}!auth-param without a name
            Payment id=, realm="b" | Payment[id=]{}!auth-param after a token68
            Payment realm="b", id= | Payment{realm=b}!auth-param without a value
            Payment realm="b", id=, method="m" | Payment{realm=b,method=m}!auth-param without a value
            Payment request=eyJhIjoxfQ==, id=a | Payment{id=a}!auth-param value is not a token or quoted-string
            Payment id=a/b, realm="r" | Payment{realm=r}!auth-param value is not a token or quoted-string
            Payment expires=2026-01-15T12:05:00Z, id="a" | Payment{id=a}!auth-param value is not a token or quoted-string
            Payment id="a", re@lm="b" | Payment{id=a}!auth-param name is not a token
            Payment id="a" ; realm="b" | Payment{id=a}!auth-params not separated by a comma
            Payment id="a" junk, realm="b" | Payment{id=a,realm=b}!auth-params not separated by a comma
            Payment id="a" realm="b", method="c" | Payment{id=a,method=c}!auth-params not separated by a comma
            Payment id="a"realm="b" | Payment{id=a}!auth-params not separated by a comma
            Payment description="x "y" z", id="a" | Payment{description=x ,id=a}!auth-params not separated by a comma
            Payment foo bar | Payment{}!auth-param without "="
            Payment abc, id="a" | Payment[abc]{}!auth-param after a token68
            # a broken challenge leaves the next one that the grammar still separates alone
            Payment id="a", =="x", Payment id="b" | Payment{id=a}!auth-param without a name / Payment{id=b}
            Bearer error="x" y, Payment id="b" | Bearer{error=x}!auth-params not separated by a comma / Payment{id=b}
            Payment id="a" ;; Payment id="b | Payment{id=a} / Payment{}!unterminated quoted-string
            """)
    void parsesTable(String fields, String expected) {
        List<String> values = new ArrayList<>(Arrays.asList(fields.replace("\\r", "\r").replace("\\n", "\n")
                .replace("\\t", "\t").split(" ;; ")));

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
