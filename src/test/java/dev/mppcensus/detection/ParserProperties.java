package dev.mppcensus.detection;

import dev.mppcensus.fixture.CapturedResponse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assertions;

/** Hostile input never escapes the parsers as an exception, and stays linear. */
class ParserProperties {

    private static final String HEADER_CHARS = "<>;,=\"\\ \t\r\n/:#?rel=mpp-endpointPaymentidrealm_'*";
    private static final String JSON_CHARS = "{}[]\",:\\ 0123456789.eE+-truefalsnul\uFEFFpaymentsmpx402";

    @Provide
    Arbitrary<String> headerish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(HEADER_CHARS).ofMaxLength(400),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    @Provide
    Arbitrary<byte[]> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(JSON_CHARS).ofMaxLength(400).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400));
    }

    @Property(tries = 500)
    void linkParserNeverThrows(@ForAll("headerish") String value) {
        List<WebLink> links = LinkHeaderParser.parse(value);
        assertThat(links).doesNotContainNull();
        assertThat(MppLinkDeclarations.find(List.of(value), URI.create("https://example.com/")).mppEndpoints())
                .allMatch(u -> u.getScheme().startsWith("http"));
    }

    @Property(tries = 500)
    void wwwAuthenticateParserNeverThrows(@ForAll("headerish") String value) {
        for (AuthChallenge challenge : WwwAuthenticateParser.parse(List.of(value, value))) {
            assertThat(challenge.scheme()).isNotEmpty();
            PaymentChallenge.of(challenge);
        }
        EndpointClassifier.classify(402, CapturedResponse.headersOf("WWW-Authenticate", value, "Link", value), null, true,
                "example.com", java.time.Instant.EPOCH);
    }

    @Property(tries = 500)
    void jsonReadersNeverThrow(@ForAll("jsonish") byte[] body, @ForAll("headerish") String header) {
        AiAgentDocument doc = AiAgentDocumentReader.read(body, URI.create("https://example.com/.well-known/ai-agent.json"));
        assertThat(doc.status()).isNotNull();
        assertThat(doc.mpp()).isNotNull();
        X402Detector.detect(CapturedResponse.headersOf("PAYMENT-REQUIRED", header), body);
        assertThat(OpenApiDiscovery.read(body)).isNotNull();
    }

    @Property(tries = 30)
    void twoHundredKilobytesParseInUnderASecond(@ForAll("headerish") String unit) {
        String seed = unit.isEmpty() ? "<" : unit;
        String big = seed.repeat(200 * 1024 / seed.length() + 1);
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);

        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            LinkHeaderParser.parse(big);
            WwwAuthenticateParser.parse(List.of(big));
            AiAgentDocumentReader.read(bytes, null);
            X402Detector.detect(CapturedResponse.headersOf("PAYMENT-REQUIRED", big), bytes);
            OpenApiDiscovery.read(bytes);
        });
    }

    // --- round trips -------------------------------------------------------------------------------

    record GeneratedLink(String target, List<String> relations, String title) {

        String render() {
            String quotedTitle = title.replace("\\", "\\\\").replace("\"", "\\\"");
            return "<" + target + ">; rel=\"" + String.join(" ", relations) + "\"; title=\"" + quotedTitle + "\"";
        }
    }

    @Provide
    Arbitrary<GeneratedLink> links() {
        Arbitrary<String> target = Arbitraries.strings().withChars("abcxyz019/-._~:?#[]@!$&'()*+,;=%")
                .ofMinLength(0).ofMaxLength(40).map(s -> "https://example.com/" + s);
        Arbitrary<List<String>> relations = Arbitraries.of("mpp-endpoint", "preload", "next", "http://e.example/rel")
                .list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<String> title = Arbitraries.strings().withChars("ab ,;=\"\\<>").ofMaxLength(20);
        return Combinators.combine(target, relations, title).as(GeneratedLink::new);
    }

    @Property(tries = 300)
    void generatedLinkHeaderParsesToTheSameLinks(@ForAll @Size(max = 20) List<@From("links") GeneratedLink> generated,
                                                 @ForAll boolean spaces) {
        List<String> rendered = new ArrayList<>();
        generated.forEach(g -> rendered.add(g.render()));
        String header = String.join(spaces ? " ,  " : ",", rendered);

        List<WebLink> parsed = LinkHeaderParser.parse(header);

        assertThat(parsed).hasSize(generated.size());
        for (int i = 0; i < generated.size(); i++) {
            assertThat(parsed.get(i).target()).isEqualTo(generated.get(i).target());
            assertThat(parsed.get(i).relations()).isEqualTo(generated.get(i).relations());
            assertThat(parsed.get(i).parameters().get("title")).isEqualTo(generated.get(i).title());
        }
    }

    @Provide
    Arbitrary<List<AuthParam>> params() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefxyz-_").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.strings().withChars("ab ,;=\"\\/+").ofMaxLength(16);
        return Combinators.combine(name, value).as(AuthParam::new).list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void generatedChallengesParseBack(@ForAll @Size(min = 1, max = 5) List<@From("params") List<AuthParam>> challenges) {
        List<String> rendered = new ArrayList<>();
        for (List<AuthParam> params : challenges) {
            List<String> parts = new ArrayList<>();
            params.forEach(p -> parts.add(p.name() + "=\"" + p.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            rendered.add("Payment " + String.join(", ", parts));
        }

        List<AuthChallenge> parsed = WwwAuthenticateParser.parse(List.of(String.join(", ", rendered)));

        assertThat(parsed).hasSize(challenges.size());
        for (int i = 0; i < challenges.size(); i++) {
            assertThat(parsed.get(i).scheme()).isEqualTo("Payment");
            assertThat(parsed.get(i).params()).isEqualTo(challenges.get(i));
        }
    }

    @Provide
    Arbitrary<String> offerish() {
        Arbitrary<String> amount = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.-+eExa ").ofMaxLength(90)
                .map(a -> "\"" + a + "\""), Arbitraries.of("null", "true", "{}", "[1]", "1e400", "-0", "12.5"));
        Arbitrary<String> currency = Arbitraries.of("\"usd\"", "\"USD\"", "\"0x20c0000000000000000000000000000000000000\"",
                "\"0xdead\"", "7", "null");
        Arbitrary<String> decimals = Arbitraries.of("6", "-1", "400", "2.5", "\"6\"", "null");
        Arbitrary<String> offer = Combinators.combine(amount, currency, decimals).as((a, c, d) ->
                "{\"method\":\"tempo\",\"intent\":\"charge\",\"amount\":" + a + ",\"currency\":" + c
                        + ",\"decimals\":" + d + ",\"methodDetails\":{\"chainId\":4217}}");
        return Arbitraries.oneOf(
                offer,
                offer.list().ofMaxSize(5).map(list -> "{\"offers\":[" + String.join(",", list) + "]}"),
                Combinators.combine(amount, amount, amount).as((p, min, max) -> "{\"pricingMode\":\"range\",\"price\":"
                        + p + ",\"minPrice\":" + min + ",\"maxPrice\":" + max + "}"),
                Combinators.combine(amount, amount).as((min, max) -> "{\"price\":{\"mode\":\"dynamic\",\"min\":" + min
                        + ",\"max\":" + max + "},\"protocols\":[{\"mpp\":{\"method\":\"tempo\"}}]}"),
                Arbitraries.strings().withChars(JSON_CHARS).ofMaxLength(200));
    }

    @Property(tries = 500)
    void offersNeverThrowAndEveryAmountIsPricedOrExplained(@ForAll("offerish") String json) {
        Json.Result parsed = Json.parse(json, 10_000);
        OfferReader.Place place = new OfferReader.Place("https://a.test/x", "GET", null);
        List<PaymentOffer> offers = new ArrayList<>(OfferReader.fromPaymentInfo(parsed.node(), place, 10));
        if (parsed.node() != null && parsed.node().isObject()) {
            String header = "Payment id=\"i\", realm=\"r\", method=\"tempo\", intent=\"charge\", request=\""
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8))
                    + "\"";
            OfferReader.fromChallenge(PaymentChallenge.of(WwwAuthenticateParser.parse(header).getFirst()), place)
                    .ifPresent(offers::add);
        }
        OfferReader.disagreements(offers);
        for (PaymentOffer offer : offers) {
            boolean given = offer.amount() != null || offer.amountMin() != null || offer.amountMax() != null;
            assertThat(offer.invalidReason() == null || given).as("a reason only for an amount given").isTrue();
            if (offer.invalidReason() != null) {
                assertThat(offer.price()).isNull();
                assertThat(offer.priceMin()).isNull();
                assertThat(offer.amountUsd()).isNull();
            }
            if (offer.price() != null) {
                assertThat(offer.price().signum()).isNotNegative();
            }
        }
    }
}
