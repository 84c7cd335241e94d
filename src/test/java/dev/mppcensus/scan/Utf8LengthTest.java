package dev.mppcensus.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The counted length is that of the node's text as UTF-8 bytes, whatever the text holds. */
class Utf8LengthTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" backslash \\ slash /", "tab\tnewline\ncontrol\u0001nul\u0000",
            "é ü ß", "中文 テキスト", "emoji \uD83D\uDE00 pair", "lone high \uD800 here", "lone low \uDC00 here",
            "high at end \uD800", "\uDC00\uD800 reversed", "\uD800\uD800\uDC00 high then pair", "\u2028\u2029 separators",
            "\u007f\u0080\u07ff\u0800\uffff edges"})
    void countsTheBytesOfTheText(String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("value", value);
        node.put(value, 1);
        node.putArray("list").add(value).add(3.5).addNull().add(true);
        node.putObject("nested").put("deeper", value);

        assertThat(Utf8Length.of(node)).isEqualTo(node.toString().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void countsRandomTexts() {
        Random random = new Random(23);
        for (int i = 0; i < 500; i++) {
            char[] chars = new char[random.nextInt(200)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000));
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("text", new String(chars));
            assertThat(Utf8Length.of(node)).isEqualTo(node.toString().getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
