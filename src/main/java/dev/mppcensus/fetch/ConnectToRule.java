package dev.mppcensus.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A curl {@code --connect-to HOST1:PORT1:HOST2:PORT2} rule: a request for HOST1:PORT1 connects to
 * HOST2:PORT2 instead, while the URL, the Host header and TLS SNI keep the original name. Of several
 * rules the first that matches wins.
 *
 * <p>{@code null} parts mean "any" (from) or "keep the original" (to). {@code fromHost} may be a
 * wildcard {@code *.example.com}, which matches every subdomain but not {@code example.com} itself.
 * Host names are stored in lower case, IPv6 literals without brackets.
 *
 * @param fromHost the host to match, {@code *.suffix}, or {@code null} for any host
 * @param fromPort the port to match, or {@code null} for any port
 * @param toHost   the host or IP to connect to, or {@code null} to keep the original host
 * @param toPort   the port to connect to, or {@code null} to keep the original port
 */
public record ConnectToRule(String fromHost, Integer fromPort, String toHost, Integer toPort) {

    public ConnectToRule {
        fromHost = normalizeHost(fromHost, true);
        toHost = normalizeHost(toHost, false);
        checkPort(fromPort);
        checkPort(toPort);
    }

    /**
     * Parses curl's {@code HOST1:PORT1:HOST2:PORT2}; any part may be empty, IPv6 literals are written
     * in brackets ({@code [::1]}).
     *
     * @throws IllegalArgumentException with a one-line message when the syntax is wrong
     */
    public static ConnectToRule parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("connect-to rule is missing");
        }
        List<String> parts = split(spec);
        if (parts.size() != 4) {
            throw new IllegalArgumentException(
                    "connect-to rule must be HOST1:PORT1:HOST2:PORT2, got '" + spec + "'");
        }
        try {
            return new ConnectToRule(emptyToNull(parts.get(0)), port(parts.get(1)),
                    emptyToNull(parts.get(2)), port(parts.get(3)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad connect-to rule '" + spec + "': " + e.getMessage(), e);
        }
    }

    /** Whether this rule applies to a request for {@code host:port} (host case-insensitive, brackets optional). */
    public boolean matches(String host, int port) {
        if (fromPort != null && fromPort != port) {
            return false;
        }
        if (fromHost == null) {
            return true;
        }
        String candidate = stripBrackets(host).toLowerCase(Locale.ROOT);
        if (candidate.endsWith(".")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        if (fromHost.startsWith("*.")) {
            String suffix = fromHost.substring(1); // ".example.com"
            return candidate.length() > suffix.length() && candidate.endsWith(suffix);
        }
        return candidate.equals(fromHost);
    }

    /** The host to connect to for a request to {@code host}. */
    String targetHost(String host) {
        return toHost == null ? stripBrackets(host) : toHost;
    }

    /** The port to connect to for a request to {@code port}. */
    int targetPort(int port) {
        return toPort == null ? port : toPort;
    }

    /** The rule in curl's syntax. */
    @Override
    public String toString() {
        return bracket(fromHost) + ":" + (fromPort == null ? "" : fromPort) + ":" + bracket(toHost) + ":"
                + (toPort == null ? "" : toPort);
    }

    private static List<String> split(String spec) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            int end;
            String part;
            if (i < spec.length() && spec.charAt(i) == '[') {
                int close = spec.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in connect-to rule '" + spec + "'");
                }
                part = spec.substring(i, close + 1);
                end = close + 1;
                if (end < spec.length() && spec.charAt(end) != ':') {
                    throw new IllegalArgumentException("expected ':' after ']' in connect-to rule '" + spec + "'");
                }
            } else {
                int colon = spec.indexOf(':', i);
                end = colon < 0 ? spec.length() : colon;
                part = spec.substring(i, end);
            }
            parts.add(part);
            if (end >= spec.length()) {
                return parts;
            }
            i = end + 1;
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static Integer port(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (!s.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("port is not a number: '" + s + "'");
        }
        return Integer.valueOf(s);
    }

    private static void checkPort(Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
    }

    private static String normalizeHost(String host, boolean wildcardAllowed) {
        if (host == null) {
            return null;
        }
        boolean bracketed = host.startsWith("[");
        if (bracketed) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw new IllegalArgumentException("bad IPv6 literal: '" + host + "'");
            }
            String literal = host.substring(1, host.length() - 1);
            if (!literal.matches("[0-9A-Fa-f:.]+") || !literal.contains(":")) {
                throw new IllegalArgumentException("bad IPv6 literal: '" + host + "'");
            }
            return literal.toLowerCase(Locale.ROOT);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host (use null for any)");
        }
        if (host.indexOf(':') >= 0) {
            if (host.matches("[0-9A-Fa-f:.]+")) {
                return host.toLowerCase(Locale.ROOT); // IPv6 literal given without brackets to the constructor
            }
            throw new IllegalArgumentException("bad host: '" + host + "'");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        String name = lower;
        if (lower.startsWith("*.")) {
            if (!wildcardAllowed) {
                throw new IllegalArgumentException("wildcard not allowed as target host: '" + host + "'");
            }
            name = lower.substring(2);
        }
        if (!name.matches("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*")) {
            throw new IllegalArgumentException("bad host: '" + host + "'");
        }
        return lower;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String bracket(String host) {
        if (host == null) {
            return "";
        }
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
