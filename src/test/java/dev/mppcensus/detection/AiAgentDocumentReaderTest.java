package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AiAgentDocumentReaderTest {

    private static final URI DOC = URI.create("https://www.example.com/.well-known/ai-agent.json");

    private static AiAgentDocument read(String json) {
        return AiAgentDocumentReader.read(json == null ? null : json.getBytes(StandardCharsets.UTF_8), DOC);
    }

    /** document | status | mpp outcome (Declared URI, Invalid reason, or Absent) | payment keys | x402. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            # the payments.mpp declaration (a convention no specification defines; see docs/discovery.md)
            { "payments": { "mpp": "https://api.example.com/mpp" } } | VALID_OBJECT | Declared https://api.example.com/mpp | mpp | false
            { "payments": { "mpp": "/mpp", "x402": "https://x.example/" } } | VALID_OBJECT | Declared https://www.example.com/mpp | mpp x402 | true
            { "payments": { "mpp": "mpp" } } | VALID_OBJECT | Declared https://www.example.com/.well-known/mpp | mpp | false
            { "payments": { "mpp": "  https://api.example.com/mpp  " } } | VALID_OBJECT | Declared https://api.example.com/mpp | mpp | false
            { "payments": { "x402": { "network": "base" }, "stripe": true } } | VALID_OBJECT | Absent | x402 stripe | true
            { "payments": { "mpp": null, "x402": null } } | VALID_OBJECT | Absent | mpp x402 | false
            { "payments": "mpp" } | VALID_OBJECT | Absent | ~~ | false
            { "name": "agent" } | VALID_OBJECT | Absent | ~~ | false
            { "payments": { "mpp": 42 } } | VALID_OBJECT | Invalid not a string | mpp | false
            { "payments": { "mpp": true } } | VALID_OBJECT | Invalid not a string | mpp | false
            { "payments": { "mpp": { "url": "https://a.example/" } } } | VALID_OBJECT | Invalid not a string | mpp | false
            { "payments": { "mpp": ["https://a.example/"] } } | VALID_OBJECT | Invalid not a string | mpp | false
            { "payments": { "mpp": "" } } | VALID_OBJECT | Invalid empty string | mpp | false
            { "payments": { "mpp": "   " } } | VALID_OBJECT | Invalid empty string | mpp | false
            { "payments": { "mpp": "ftp://a.example/mpp" } } | VALID_OBJECT | Invalid not http(s) | mpp | false
            { "payments": { "mpp": "javascript:alert(1)" } } | VALID_OBJECT | Invalid not http(s) | mpp | false
            { "payments": { "mpp": "data:text/plain,hi" } } | VALID_OBJECT | Invalid not http(s) | mpp | false
            { "payments": { "mpp": "file:///etc/passwd" } } | VALID_OBJECT | Invalid not http(s) | mpp | false
            { "payments": { "mpp": "https://bad host/" } } | VALID_OBJECT | Invalid not a URI | mpp | false
            { "payments": { "mpp": "https:///path" } } | VALID_OBJECT | Invalid no host | mpp | false
            [ { "payments": { "mpp": "https://a.example/" } } ] | NOT_AN_OBJECT | Absent | ~~ | false
            "https://a.example/" | NOT_AN_OBJECT | Absent | ~~ | false
            null | NOT_AN_OBJECT | Absent | ~~ | false
            { "payments": { "mpp": "https://a.example/" } | INVALID_JSON | Absent | ~~ | false
            { payments: {} } | INVALID_JSON | Absent | ~~ | false
            {} {} | INVALID_JSON | Absent | ~~ | false
            <html><body>Not found</body></html> | INVALID_JSON | Absent | ~~ | false
            ~~ | EMPTY | Absent | ~~ | false
            ~   ~ | EMPTY | Absent | ~~ | false
            """)
    void readsTable(String json, ParseStatus status, String mpp, String keys, boolean x402) {
        AiAgentDocument doc = read(json);

        assertThat(doc.status()).isEqualTo(status);
        assertThat(describe(doc.mpp())).isEqualTo(mpp);
        assertThat(String.join(" ", doc.paymentKeys())).isEqualTo(keys == null ? "" : keys);
        assertThat(doc.x402Declared()).isEqualTo(x402);
        assertThat(doc.parseError() != null).isEqualTo(status == ParseStatus.INVALID_JSON);
        assertThat(doc.mppDeclared()).isEqualTo(mpp.startsWith("Declared"));
    }

    private static String describe(MppField field) {
        return switch (field) {
            case MppField.Absent a -> "Absent";
            case MppField.Declared d -> "Declared " + d.endpoint();
            case MppField.Invalid i -> "Invalid " + i.reason();
        };
    }

    @Test
    void invalidFieldKeepsTheRawJson() {
        AiAgentDocument doc = read("{\"payments\":{\"mpp\":{\"url\":\"" + "x".repeat(5000) + "\"}}}");

        MppField.Invalid invalid = (MppField.Invalid) doc.mpp();
        assertThat(invalid.rawJson()).startsWith("{\"url\":\"xxx").hasSize(AiAgentDocumentReader.RAW_JSON_CAP);
        assertThat(((MppField.Invalid) read("{\"payments\":{\"mpp\":42}}").mpp()).rawJson()).isEqualTo("42");
    }

    @Test
    void utf8ByteOrderMarkIsStripped() {
        byte[] json = "{\"payments\":{\"mpp\":\"https://a.example/\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        AiAgentDocument doc = AiAgentDocumentReader.read(withBom, DOC);

        assertThat(doc.status()).isEqualTo(ParseStatus.VALID_OBJECT);
        assertThat(doc.mpp()).isEqualTo(new MppField.Declared(URI.create("https://a.example/")));
        assertThat(AiAgentDocumentReader.read(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, DOC).status())
                .isEqualTo(ParseStatus.EMPTY);
    }

    @Test
    void paymentsIsKeptRaw() {
        AiAgentDocument doc = read("{\"payments\":{\"mpp\":\"https://a.example/\",\"x402\":{\"v\":2}}}");

        assertThat(doc.payments().get("x402").get("v").intValue()).isEqualTo(2);
        assertThat(read("{\"name\":1}").payments()).isNull();
    }

    @Test
    void relativeValueWithoutDocumentUriIsInvalid() {
        AiAgentDocument doc = AiAgentDocumentReader.read("{\"payments\":{\"mpp\":\"/mpp\"}}".getBytes(), null);

        assertThat(doc.mpp()).isInstanceOf(MppField.Invalid.class);
    }

    @Test
    void deepNestingFailsFastWithoutStackOverflow() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String deepObject = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(read(deep).status()).isEqualTo(ParseStatus.INVALID_JSON);
            assertThat(read(deepObject).status()).isEqualTo(ParseStatus.INVALID_JSON);
            assertThat(read(deepObject).parseError()).containsIgnoringCase("depth");
        });
    }

    @Test
    void oversizedDocumentIsRejectedQuickly() {
        String big = "{\"payments\":{\"mpp\":\"https://a.example/\"},\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";

        AiAgentDocument doc = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> read(big));

        assertThat(doc.status()).isEqualTo(ParseStatus.INVALID_JSON);
        assertThat(doc.parseError()).contains("exceeds");
    }
}
