package dev.mppcensus.scan;

import java.io.Writer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The length in bytes of a JSON node's text ({@link JsonNode#toString()}) encoded as UTF-8, counted
 * while Jackson writes it rather than by building the text and its bytes: checking the evidence
 * against its cap took a serialization of its own, besides the one that stores it. The count is that of
 * {@code toString().getBytes(UTF_8)}: Jackson's compact writer (what {@code toString()} uses) writes
 * the characters, and a surrogate without its pair counts as the one byte ({@code ?}) that encoding
 * puts in its place.
 */
final class Utf8Length extends Writer {

    private static final ObjectWriter COMPACT = JsonMapper.shared().writer();

    private long bytes;
    private boolean highSurrogatePending;

    private Utf8Length() {
    }

    /** The UTF-8 length of {@code node.toString()}. */
    static long of(JsonNode node) {
        Utf8Length counter = new Utf8Length();
        COMPACT.writeValue(counter, node);
        counter.endPending();
        return counter.bytes;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            count(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            count(text.charAt(i));
        }
    }

    @Override
    public void write(int c) {
        count((char) c);
    }

    private void count(char c) {
        if (highSurrogatePending) {
            highSurrogatePending = false;
            if (Character.isLowSurrogate(c)) {
                bytes += 4;
                return;
            }
            bytes += 1; // an unpaired high surrogate
        }
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (Character.isHighSurrogate(c)) {
            highSurrogatePending = true;
        } else if (Character.isLowSurrogate(c)) {
            bytes += 1; // an unpaired low surrogate
        } else {
            bytes += 3;
        }
    }

    private void endPending() {
        if (highSurrogatePending) {
            highSurrogatePending = false;
            bytes += 1;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
