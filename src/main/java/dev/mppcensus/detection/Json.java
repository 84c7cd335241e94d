package dev.mppcensus.detection;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bounded JSON parsing shared by the readers: size and nesting caps, BOM stripping, no exceptions. */
final class Json {

    /** Maximum nesting depth accepted; deeper documents fail fast instead of exhausting the stack. */
    static final int MAX_DEPTH = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxDocumentLength(16L * 1024 * 1024)
                            .maxStringLength(8 * 1024 * 1024)
                            .maxNumberLength(1000)
                            .maxNameLength(50_000)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Result of {@link #parse}: {@code node} on success; {@code error} on failure; neither when the input
     * was empty (no bytes, only a BOM, or only whitespace).
     */
    record Result(JsonNode node, String error) {

        boolean empty() {
            return node == null && error == null;
        }
    }

    static Result parse(byte[] bytes, int maxBytes) {
        if (bytes == null) {
            return new Result(null, null);
        }
        int offset = hasUtf8Bom(bytes) ? 3 : 0;
        int length = bytes.length - offset;
        if (isBlank(bytes, offset)) {
            return new Result(null, null);
        }
        if (length > maxBytes) {
            return new Result(null, "document exceeds " + maxBytes + " bytes");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                return new Result(null, null);
            }
            return new Result(node, null);
        } catch (JacksonException e) {
            return new Result(null, describe(e));
        } catch (RuntimeException e) {
            return new Result(null, e.getClass().getSimpleName());
        }
    }

    /** Parses a string already decoded from some transport encoding. */
    static Result parse(String text, int maxChars) {
        if (text == null || text.isBlank()) {
            return new Result(null, null);
        }
        if (text.length() > maxChars) {
            return new Result(null, "document exceeds " + maxChars + " characters");
        }
        try {
            return new Result(MAPPER.readTree(text), null);
        } catch (JacksonException e) {
            return new Result(null, describe(e));
        } catch (RuntimeException e) {
            return new Result(null, e.getClass().getSimpleName());
        }
    }

    /** The node's JSON text, capped at {@code max} characters. */
    static String text(JsonNode node, int max) {
        return node == null ? null : HttpSyntax.cap(node.toString(), max);
    }

    private static boolean hasUtf8Bom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    private static boolean isBlank(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return HttpSyntax.cap(message, 300);
    }
}
