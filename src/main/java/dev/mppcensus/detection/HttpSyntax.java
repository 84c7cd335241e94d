package dev.mppcensus.detection;

/** Character classes and small scanners of the HTTP field grammar (RFC 9110 section 5.6). */
final class HttpSyntax {

    private HttpSyntax() {
    }

    /** {@code tchar} of RFC 9110 section 5.6.2. */
    static boolean isTchar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    /** Optional whitespace; CR and LF are tolerated too in case a caller joined folded lines. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipToken(String s, int i) {
        while (i < s.length() && isTchar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Reads a quoted-string whose opening quote is at {@code start}, removing backslash escapes.
     * Returns the end index just after the closing quote, or -1 when the string is not terminated.
     */
    static int readQuoted(String s, int start, StringBuilder out) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return -1;
    }

    /**
     * Recovery after a syntax error: the index of the next comma at list level, skipping quoted
     * strings, or the length of {@code s} when there is none.
     */
    static int skipToComma(String s, int i) {
        boolean quoted = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            }
            i++;
        }
        return s.length();
    }

    /** Caps a string for evidence columns; {@code null} stays {@code null}. */
    static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
