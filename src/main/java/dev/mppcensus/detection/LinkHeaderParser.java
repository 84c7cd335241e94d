package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the value of an RFC 8288 {@code Link} header field into {@link WebLink}s.
 *
 * <p>Lenient where real servers are sloppy (whitespace, upper case, unquoted values holding
 * {@code /}), strict enough to keep link-values apart: commas inside {@code <...>} and inside quoted
 * strings do not split links. A malformed link-value is skipped and parsing resumes after the next
 * list-level comma. Single pass, linear in the input length.
 */
public final class LinkHeaderParser {

    private LinkHeaderParser() {
    }

    /**
     * Parses one field value (or several field values joined with commas).
     *
     * @param fieldValue the raw field value; {@code null} or blank gives an empty list
     * @return the well-formed link-values in order of appearance; never {@code null}, never throws
     */
    public static List<WebLink> parse(String fieldValue) {
        List<WebLink> links = new ArrayList<>();
        if (fieldValue == null) {
            return links;
        }
        String s = fieldValue;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ',' || HttpSyntax.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '<') {
                i = HttpSyntax.skipToComma(s, i);
                continue;
            }
            int close = s.indexOf('>', i + 1);
            if (close < 0) {
                break;
            }
            String target = s.substring(i + 1, close).strip();
            i = parseParameters(s, close + 1, target, links);
        }
        return links;
    }

    /** Reads {@code *( OWS ";" OWS link-param )} and adds the link if well formed; returns the next index. */
    private static int parseParameters(String s, int i, String target, List<WebLink> links) {
        int n = s.length();
        Map<String, String> parameters = new LinkedHashMap<>();
        StringBuilder quoted = new StringBuilder();
        while (true) {
            i = HttpSyntax.skipWhitespace(s, i);
            if (i >= n || s.charAt(i) == ',') {
                links.add(new WebLink(target, relations(parameters.get("rel")), parameters));
                return i;
            }
            if (s.charAt(i) != ';') {
                return HttpSyntax.skipToComma(s, i);
            }
            i = HttpSyntax.skipWhitespace(s, i + 1);
            int nameEnd = HttpSyntax.skipToken(s, i);
            if (nameEnd == i) {
                if (nameEnd >= n || s.charAt(nameEnd) == ',' || s.charAt(nameEnd) == ';') {
                    continue; // empty parameter ("; ;" or a trailing ";"): tolerated
                }
                return HttpSyntax.skipToComma(s, i);
            }
            String name = s.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            i = HttpSyntax.skipWhitespace(s, nameEnd);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i = HttpSyntax.skipWhitespace(s, i + 1);
                if (i < n && s.charAt(i) == '"') {
                    quoted.setLength(0);
                    int end = HttpSyntax.readQuoted(s, i, quoted);
                    if (end < 0) {
                        return n; // unterminated quoted string swallows the rest
                    }
                    value = quoted.toString();
                    i = end;
                } else {
                    int start = i;
                    while (i < n && !isUnquotedEnd(s.charAt(i))) {
                        i++;
                    }
                    value = s.substring(start, i);
                }
            }
            parameters.putIfAbsent(name, value);
        }
    }

    private static boolean isUnquotedEnd(char c) {
        return c == ';' || c == ',' || HttpSyntax.isWhitespace(c);
    }

    private static List<String> relations(String rel) {
        if (rel == null || rel.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String type : rel.strip().split("[ \\t\\r\\n]+")) {
            if (!type.isEmpty()) {
                out.add(type.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }
}
