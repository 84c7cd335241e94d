package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses {@code WWW-Authenticate} field values into {@link AuthChallenge}s exactly as RFC 9110 section 11
 * defines them:
 *
 * <pre>
 * WWW-Authenticate = #challenge
 * challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param       = token BWS "=" BWS ( token / quoted-string )
 * </pre>
 *
 * <p>Several challenges in one field and across fields, any schemes, token68 forms, quoted-strings with
 * backslash escapes, optional whitespace around {@code =} and commas, and empty list elements (RFC 9110
 * section 5.6.1) are read. After a comma, a token followed by {@code =} continues the current challenge
 * as an auth-param; any other token starts a new challenge. Line folding (obs-fold) is replaced by a
 * space first, as RFC 9112 section 5.2 tells recipients to.
 *
 * <p>Nothing is repaired: a challenge whose auth-param list breaks the grammar carries the first broken
 * rule in {@link AuthChallenge#syntaxError()}, one of the reasons below. The parser then skips to the
 * next comma outside a quoted-string, so a later challenge that the grammar still separates (after
 * {@code ", Payment "}) is read on its own. An unterminated quoted-string runs to the end of the field,
 * so nothing after it is read. Text that belongs to no challenge (an auth-param or junk before the first
 * auth-scheme) is ignored. Single pass, linear time, never throws.
 */
public final class WwwAuthenticateParser {

    /** A quoted-string without its closing quote (it swallows the rest of the field). */
    public static final String UNTERMINATED_QUOTED_STRING = "unterminated quoted-string";
    /** An element starting with {@code =} or a quoted-string where an auth-param name belongs. */
    public static final String PARAM_WITHOUT_NAME = "auth-param without a name";
    /** {@code name=} followed by a comma or the end of the field. */
    public static final String PARAM_WITHOUT_VALUE = "auth-param without a value";
    /** {@code name=} followed by something that is neither a token nor a quoted-string ({@code a=b/c}, {@code t=12:00}). */
    public static final String VALUE_NOT_TOKEN = "auth-param value is not a token or quoted-string";
    /** An auth-param name that is not a token ({@code re@lm="x"}), or a stray character between elements. */
    public static final String NAME_NOT_TOKEN = "auth-param name is not a token";
    /** A token after the auth-scheme that is neither a token68 nor followed by {@code =}. */
    public static final String PARAM_WITHOUT_EQUALS = "auth-param without \"=\"";
    /** Something other than a comma after a complete auth-param ({@code id="a" realm="b"}). */
    public static final String NOT_SEPARATED = "auth-params not separated by a comma";
    /** An auth-scheme followed by a tab or another character instead of a space ({@code 1*SP}). */
    public static final String SCHEME_WITHOUT_SPACE = "auth-scheme not followed by a space";
    /** Auth-params after a token68 (a challenge holds one or the other). */
    public static final String PARAMS_AFTER_TOKEN68 = "auth-param after a token68";

    private static final Pattern OBS_FOLD = Pattern.compile("\\r?\\n[ \\t]+");

    private WwwAuthenticateParser() {
    }

    /**
     * Parses every challenge of the given field values, in order.
     *
     * @param fieldValues all {@code WWW-Authenticate} field values of one response; {@code null} list or
     *                    elements are ignored
     * @return the challenges, well-formed or not; never {@code null}, never throws
     */
    public static List<AuthChallenge> parse(List<String> fieldValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (fieldValues != null) {
            for (String value : fieldValues) {
                if (value != null) {
                    new FieldParser(unfold(value), challenges).parse();
                }
            }
        }
        return challenges;
    }

    /** Convenience for a single field value. */
    public static List<AuthChallenge> parse(String fieldValue) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (fieldValue != null) {
            new FieldParser(unfold(fieldValue), challenges).parse();
        }
        return challenges;
    }

    private static String unfold(String value) {
        return value.indexOf('\n') < 0 ? value : OBS_FOLD.matcher(value).replaceAll(" ");
    }

    /** One field value; {@link #parse()} appends its challenges to the output list. */
    private static final class FieldParser {
        private final String s;
        private final int n;
        private final List<AuthChallenge> out;
        private final StringBuilder quoted = new StringBuilder();
        private int i;
        private Builder current;
        /** Just after {@code auth-scheme 1*SP}: a token68 or the first auth-param comes next. */
        private boolean firstAfterScheme;

        FieldParser(String s, List<AuthChallenge> out) {
            this.s = s;
            this.n = s.length();
            this.out = out;
        }

        void parse() {
            while (true) {
                i = HttpSyntax.skipWhitespace(s, i);
                if (i >= n) {
                    break;
                }
                if (s.charAt(i) == ',') {
                    i++;
                    firstAfterScheme = false;
                    continue;
                }
                element();
            }
            flush();
        }

        /** Reads one list element at {@code i}: a token68, an auth-param or a new challenge. */
        private void element() {
            boolean first = firstAfterScheme;
            firstAfterScheme = false;
            if (first) {
                int end68 = token68End(i);
                if (end68 > 0) {
                    current.token68 = s.substring(i, end68);
                    i = end68;
                    return;
                }
            }
            char c = s.charAt(i);
            if (!HttpSyntax.isTchar(c)) {
                fail(c == '=' || c == '"' ? PARAM_WITHOUT_NAME : NAME_NOT_TOKEN);
                return;
            }
            int tokenEnd = HttpSyntax.skipToken(s, i);
            int next = HttpSyntax.skipWhitespace(s, tokenEnd);
            if (next < n && s.charAt(next) == '=') {
                String name = s.substring(i, tokenEnd);
                if (current == null) {
                    i = next;
                    fail(null); // an auth-param before any auth-scheme belongs to no challenge
                } else if (current.token68 != null) {
                    fail(PARAMS_AFTER_TOKEN68);
                } else {
                    param(name, next + 1);
                }
                return;
            }
            if (tokenEnd < n && s.charAt(tokenEnd) != ',' && !HttpSyntax.isWhitespace(s.charAt(tokenEnd))) {
                i = tokenEnd;
                fail(NAME_NOT_TOKEN);
                return;
            }
            if (first) {
                fail(PARAM_WITHOUT_EQUALS);
                return;
            }
            flush();
            current = new Builder(s.substring(i, tokenEnd));
            i = tokenEnd;
            if (i < n && s.charAt(i) != ',') {
                if (s.charAt(i) != ' ') {
                    current.error = SCHEME_WITHOUT_SPACE;
                }
                i = HttpSyntax.skipWhitespace(s, i);
                firstAfterScheme = i < n && s.charAt(i) != ',';
            }
        }

        /** Reads the value of auth-param {@code name} whose {@code =} ends just before {@code from}. */
        private void param(String name, int from) {
            int v = HttpSyntax.skipWhitespace(s, from);
            String value;
            if (v < n && s.charAt(v) == '"') {
                quoted.setLength(0);
                int end = HttpSyntax.readQuoted(s, v, quoted);
                if (end < 0) {
                    i = n;
                    fail(UNTERMINATED_QUOTED_STRING);
                    return;
                }
                value = quoted.toString();
                i = end;
            } else {
                int end = HttpSyntax.skipToken(s, v);
                if (end == v) {
                    i = v;
                    fail(v >= n || s.charAt(v) == ',' ? PARAM_WITHOUT_VALUE : VALUE_NOT_TOKEN);
                    return;
                }
                if (end < n && s.charAt(end) != ',' && !HttpSyntax.isWhitespace(s.charAt(end))) {
                    i = end;
                    fail(VALUE_NOT_TOKEN);
                    return;
                }
                value = s.substring(v, end);
                i = end;
            }
            current.params.add(new AuthParam(name.toLowerCase(Locale.ROOT), value));
            int next = HttpSyntax.skipWhitespace(s, i);
            i = next;
            if (next < n && s.charAt(next) != ',') {
                fail(NOT_SEPARATED);
            }
        }

        /**
         * Records {@code reason} on the current challenge (unless it already broke a rule; {@code null}
         * records nothing) and skips to the next comma outside a quoted-string.
         */
        private void fail(String reason) {
            if (reason != null && current != null && current.error == null) {
                current.error = reason;
            }
            i = HttpSyntax.skipToComma(s, i);
        }

        private void flush() {
            if (current != null) {
                out.add(current.build());
                current = null;
            }
        }

        /**
         * If a token68 starts at {@code i} and is followed only by whitespace up to a comma or the end,
         * returns the index after it; otherwise -1 (then the text is auth-params).
         */
        private int token68End(int from) {
            int j = from;
            while (j < n && isToken68Char(s.charAt(j))) {
                j++;
            }
            if (j == from) {
                return -1;
            }
            while (j < n && s.charAt(j) == '=') {
                j++;
            }
            int k = HttpSyntax.skipWhitespace(s, j);
            return k >= n || s.charAt(k) == ',' ? j : -1;
        }
    }

    private static boolean isToken68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static final class Builder {
        private final String scheme;
        private String token68;
        private String error;
        private final List<AuthParam> params = new ArrayList<>();

        Builder(String scheme) {
            this.scheme = scheme;
        }

        AuthChallenge build() {
            return new AuthChallenge(scheme, token68, params, error);
        }
    }
}
