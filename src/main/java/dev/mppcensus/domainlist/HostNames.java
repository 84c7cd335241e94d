package dev.mppcensus.domainlist;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what a list says into a host name the crawler can visit, or a reason why it cannot.
 * Accepts a bare {@code https://host/} by taking the host; lower-cases, strips one trailing dot and
 * converts IDN to punycode. Rejects IP literals, e-mail addresses, URLs with paths or ports,
 * single-label names, underscores and anything else that is not an LDH host name.
 */
final class HostNames {

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    /** The outcome of normalising one token: exactly one of {@code name} and {@code rejection} is set. */
    record Normalized(String name, String rejection) {
        static Normalized of(String name) {
            return new Normalized(name, null);
        }

        static Normalized rejected(String reason) {
            return new Normalized(null, reason);
        }

        boolean accepted() {
            return name != null;
        }
    }

    private HostNames() {
    }

    static Normalized normalize(String token) {
        String text = token.strip();
        if (text.isEmpty()) {
            return Normalized.rejected("empty host name");
        }
        if (text.indexOf('\uFFFD') >= 0) {
            return Normalized.rejected("invalid character encoding");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return Normalized.rejected("control character in name");
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return Normalized.rejected("whitespace inside name");
            }
        }
        if (text.contains("://")) {
            return fromUrl(text);
        }
        if (text.indexOf('@') >= 0) {
            return Normalized.rejected("e-mail address, not a host name");
        }
        if (text.indexOf('/') >= 0) {
            return Normalized.rejected("has a path; give a host name");
        }
        if (text.startsWith("[") || text.indexOf(':') >= 0) {
            return text.chars().filter(ch -> ch == ':').count() > 1
                    ? Normalized.rejected("IP address, not a host name")
                    : Normalized.rejected("has a port; give a host name");
        }
        return hostName(text);
    }

    private static Normalized fromUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Normalized.rejected("unparsable URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Normalized.rejected("URL scheme is not http or https");
        }
        if (uri.getRawUserInfo() != null) {
            return Normalized.rejected("URL with user info");
        }
        if (uri.getPort() != -1) {
            return Normalized.rejected("URL with a port; give a host name");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Normalized.rejected("URL with a path; give a host name");
        }
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI leaves the host null for IDN and underscores; fall back to the authority
            host = uri.getRawAuthority();
        }
        if (host == null || host.isEmpty()) {
            return Normalized.rejected("URL without a host");
        }
        if (host.startsWith("[")) {
            return Normalized.rejected("IP address, not a host name");
        }
        return hostName(host);
    }

    private static Normalized hostName(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
            return Normalized.rejected("empty label");
        }
        if (name.indexOf('_') >= 0) {
            return Normalized.rejected("underscore in name, not a host name");
        }
        if (IPV4.matcher(name).matches()) {
            return Normalized.rejected("IP address, not a host name");
        }
        String ascii = name;
        if (!name.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return Normalized.rejected(tooLong(name) != null ? tooLong(name) : "invalid internationalised name");
            }
        }
        String lengthProblem = tooLong(ascii);
        if (lengthProblem != null) {
            return Normalized.rejected(lengthProblem);
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Normalized.rejected("single-label name, not a domain");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return Normalized.rejected("empty label");
            }
            if (!LDH_LABEL.matcher(label).matches()) {
                return Normalized.rejected("label '" + label + "' is not letters, digits and inner hyphens");
            }
            if (label.startsWith("xn--") && !validPunycode(label)) {
                return Normalized.rejected("invalid punycode label '" + label + "'");
            }
        }
        if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            return Normalized.rejected("numeric top-level label, not a host name");
        }
        return Normalized.of(ascii);
    }

    private static String tooLong(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return "name longer than " + MAX_NAME_LENGTH + " characters";
        }
        for (String label : name.split("\\.")) {
            if (label.length() > MAX_LABEL_LENGTH) {
                return "label longer than " + MAX_LABEL_LENGTH + " characters";
            }
        }
        return null;
    }

    private static boolean validPunycode(String label) {
        try {
            String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
            return !unicode.equals(label) && IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equalsIgnoreCase(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
