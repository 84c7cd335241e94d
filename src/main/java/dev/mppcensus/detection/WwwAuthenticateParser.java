package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code WWW-Authenticate} field values into {@link AuthChallenge}s per RFC 9110 section 11.
 *
 * <p>Handles several challenges in one field and across fields, any schemes, token68 forms,
 * quoted-strings with backslash escapes, whitespace around {@code =} and commas, and empty list
 * elements. The grammar is ambiguous after a comma; a token followed by {@code =} continues the current
 * challenge as an auth-param, any other token starts a new challenge. Unquoted values are read up to
 * the next comma or whitespace, so that sloppy values (with {@code /} or {@code =}) are kept for
 * validation to judge. Syntax errors skip to the next comma. Single pass, linear time.
 */
public final class WwwAuthenticateParser {

    private WwwAuthenticateParser() {
    }

    /**
     * Parses every challenge of the given field values, in order.
     *
     * @param fieldValues all {@code WWW-Authenticate} field values of one response; {@code null} list or
     *                    elements are ignored
     * @return the challenges; never {@code null}, never throws
     */
    public static List<AuthChallenge> parse(List<String> fieldValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (fieldValues != null) {
            for (String value : fieldValues) {
                if (value != null) {
                    parseField(value, challenges);
                }
            }
        }
        return challenges;
    }

    /** Convenience for a single field value. */
    public static List<AuthChallenge> parse(String fieldValue) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (fieldValue != null) {
            parseField(fieldValue, challenges);
        }
        return challenges;
    }

    private static void parseField(String s, List<AuthChallenge> out) {
        int n = s.length();
        int i = 0;
        Builder current = null;
        StringBuilder quoted = new StringBuilder();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ',' || HttpSyntax.isWhitespace(c)) {
                i++;
                continue;
            }
            int tokenEnd = HttpSyntax.skipToken(s, i);
            if (tokenEnd == i) {
                i = HttpSyntax.skipToComma(s, i);
                continue;
            }
            String token = s.substring(i, tokenEnd);
            int afterWs = HttpSyntax.skipWhitespace(s, tokenEnd);
            if (afterWs < n && s.charAt(afterWs) == '=') {
                if (current == null) {
                    i = HttpSyntax.skipToComma(s, afterWs); // an auth-param before any scheme
                } else {
                    i = readParam(s, token, HttpSyntax.skipWhitespace(s, afterWs + 1), current, quoted);
                }
                continue;
            }
            if (current != null) {
                out.add(current.build());
            }
            current = new Builder(token);
            i = afterWs;
            if (afterWs > tokenEnd) {
                int end68 = token68End(s, afterWs);
                if (end68 > 0) {
                    current.token68 = s.substring(afterWs, end68);
                    i = end68;
                }
            }
        }
        if (current != null) {
            out.add(current.build());
        }
    }

    /** Reads a parameter value at {@code i}; returns the index after the value (or after skipped garbage). */
    private static int readParam(String s, String name, int i, Builder current, StringBuilder quoted) {
        int n = s.length();
        String value;
        if (i < n && s.charAt(i) == '"') {
            quoted.setLength(0);
            int end = HttpSyntax.readQuoted(s, i, quoted);
            if (end < 0) {
                return n; // unterminated quoted-string: the parameter is dropped
            }
            value = quoted.toString();
            i = end;
        } else {
            int start = i;
            while (i < n && s.charAt(i) != ',' && !HttpSyntax.isWhitespace(s.charAt(i))) {
                i++;
            }
            value = s.substring(start, i);
        }
        current.params.add(new AuthParam(name.toLowerCase(Locale.ROOT), value));
        int next = HttpSyntax.skipWhitespace(s, i);
        if (next < n && s.charAt(next) != ',') {
            return HttpSyntax.skipToComma(s, next); // junk after the value
        }
        return next;
    }

    /**
     * If a token68 starts at {@code i} and is followed only by whitespace up to a comma or the end,
     * returns the index after it; otherwise -1 (then the text is auth-params).
     */
    private static int token68End(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && isToken68Char(s.charAt(j))) {
            j++;
        }
        if (j == i) {
            return -1;
        }
        while (j < n && s.charAt(j) == '=') {
            j++;
        }
        int k = HttpSyntax.skipWhitespace(s, j);
        return k >= n || s.charAt(k) == ',' ? j : -1;
    }

    private static boolean isToken68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static final class Builder {
        private final String scheme;
        private String token68;
        private final List<AuthParam> params = new ArrayList<>();

        Builder(String scheme) {
            this.scheme = scheme;
        }

        AuthChallenge build() {
            return new AuthChallenge(scheme, token68, params);
        }
    }
}
