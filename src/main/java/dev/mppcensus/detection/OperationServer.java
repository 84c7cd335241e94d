package dev.mppcensus.detection;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The URL an OpenAPI operation's path is appended to: its server.
 *
 * <p>OpenAPI Specification 3.0.3 and 3.1.0 (the Server Object, and the {@code servers} fields of the
 * OpenAPI, Path Item and Operation Objects): the {@code servers} of the operation override those of its path
 * item, which override the document's; without any, the server is {@code /}. A relative server URL is
 * resolved against the URL the document was found at (after redirects, RFC 3986 section 5), and
 * {@code {name}} server variables are replaced by their {@code default}. The path is appended to the
 * server URL, so {@code https://h.example/api} and {@code /orders} give {@code https://h.example/api/orders}.
 *
 * <p>Swagger 2.0 (a document with {@code swagger} and no {@code openapi}): {@code schemes} (the
 * operation's, else the document's; {@code https} preferred, else {@code http}, else the document's own
 * scheme), {@code host} (else the document's host) and {@code basePath}.
 *
 * <p>The first usable server wins: a server that cannot be used (not http(s), such as
 * {@code javascript:}; a variable without a default; user information, a query or a fragment; longer
 * than {@value #MAX_URL} characters) is passed over with its reason in {@link #problems()}, then the next
 * server of the same list, then the lists of the levels above, and finally the document's own origin
 * ({@link Source#DEFAULT}). At most {@value #MAX_SERVERS} servers of one list are looked at. Pure: never
 * fetches, never throws for any document.
 *
 * @param url      absolute http(s) URL without user information, query, fragment or trailing slash,
 *                 e.g. {@code https://h.example/api} or {@code https://h.example}
 * @param source   where it came from
 * @param problems why servers before it were passed over, in order: at most {@value #MAX_PROBLEMS}, and a
 *                 note for each {@code servers} list cut short at {@value #MAX_SERVERS}
 */
public record OperationServer(URI url, Source source, List<String> problems) {

    /** Most servers of one {@code servers} list looked at. */
    public static final int MAX_SERVERS = 20;
    /** Longest server URL used, in characters, after variables are replaced. */
    public static final int MAX_URL = 2048;
    /** Most problems kept. */
    public static final int MAX_PROBLEMS = 10;

    private static final Pattern VARIABLE = Pattern.compile("\\{([^{}]*)}");

    /** Where an operation's server was declared. */
    public enum Source {
        /** The operation's own {@code servers}. */
        OPERATION,
        /** Its path item's {@code servers}. */
        PATH,
        /** The document's {@code servers}. */
        DOCUMENT,
        /** Swagger 2.0's {@code schemes}, {@code host} and {@code basePath}. */
        SWAGGER,
        /** No usable server: the origin of the URL the document was found at (OpenAPI's default server {@code /}). */
        DEFAULT;

        /** Lowercase name for the evidence, e.g. {@code operation}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OperationServer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(source, "source");
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /**
     * The server of {@code operation}.
     *
     * @param root        the whole document ({@link OpenApiDiscovery#root()}); may be {@code null}
     * @param operation   the payable operation
     * @param documentUrl the absolute http(s) URL the document was found at, after redirects
     * @return the server; never {@code null}
     * @throws NullPointerException when {@code documentUrl} is {@code null}
     */
    public static OperationServer of(JsonNode root, PayableOperation operation, URI documentUrl) {
        Objects.requireNonNull(documentUrl, "documentUrl");
        URI origin = origin(documentUrl);
        List<String> problems = new ArrayList<>();
        if (root != null && root.has("swagger") && !root.has("openapi")) {
            return new OperationServer(swagger(root, operation.operation(), documentUrl, problems), Source.SWAGGER,
                    problems);
        }
        JsonNode[] holders = {operation.operation(), operation.pathItem(), root};
        Source[] sources = {Source.OPERATION, Source.PATH, Source.DOCUMENT};
        for (int level = 0; level < holders.length; level++) {
            JsonNode servers = holders[level] == null || !holders[level].isObject() ? null : holders[level].get("servers");
            String where = sources[level].code() + " servers";
            if (servers == null || servers.isNull()) {
                continue;
            }
            if (!servers.isArray()) {
                problem(problems, where + ": not an array");
                continue;
            }
            int index = 0;
            for (JsonNode server : servers.values()) {
                if (index == MAX_SERVERS) {
                    problems.add(where + ": only the first " + MAX_SERVERS + " looked at");
                    break;
                }
                index++;
                Uris.Resolved resolved = server(server, documentUrl);
                if (resolved.uri() != null) {
                    return new OperationServer(resolved.uri(), sources[level], problems);
                }
                problem(problems, where + "[" + (index - 1) + "]: " + resolved.reason());
            }
        }
        return new OperationServer(origin, Source.DEFAULT, problems);
    }

    /**
     * The origin of {@code url} ({@code scheme://authority}): OpenAPI's default server {@code /}, resolved
     * against the document's URL, and the base of the bare path tried after a 404.
     */
    public static URI origin(URI url) {
        return URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority());
    }

    /**
     * The URL of {@code pathAndQuery} on this server: the server URL followed by it.
     *
     * @param pathAndQuery a path starting with {@code /}, possibly with a query, already percent-encoded
     * @throws IllegalArgumentException when the result is not a URI (a path with a space, say)
     */
    public URI resolve(String pathAndQuery) {
        return URI.create(url + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
    }

    /** One Server Object: its URL with variables replaced, resolved against the document's URL. */
    private static Uris.Resolved server(JsonNode server, URI documentUrl) {
        if (server == null || !server.isObject()) {
            return new Uris.Resolved(null, "not an object");
        }
        JsonNode url = server.get("url");
        if (url == null || !url.isString()) {
            return new Uris.Resolved(null, "no url");
        }
        String text = url.stringValue();
        if (text.length() > MAX_URL) {
            return new Uris.Resolved(null, "url longer than " + MAX_URL + " characters");
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        JsonNode variables = server.get("variables");
        while (m.find()) {
            JsonNode variable = variables == null || !variables.isObject() ? null : variables.get(m.group(1));
            if (variable == null || !variable.isObject()) {
                return new Uris.Resolved(null, "variable {" + HttpSyntax.cap(m.group(1), 100) + "} is not defined");
            }
            JsonNode value = variable.get("default");
            if (value == null || !(value.isString() || value.isNumber())) {
                return new Uris.Resolved(null, "variable {" + HttpSyntax.cap(m.group(1), 100) + "} has no default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.asString()));
            if (out.length() > MAX_URL) {
                return new Uris.Resolved(null, "url longer than " + MAX_URL + " characters");
            }
        }
        m.appendTail(out);
        return usable(out.toString(), documentUrl);
    }

    /** {@code reference} resolved against the document's URL, if it can serve as a server URL. */
    private static Uris.Resolved usable(String reference, URI documentUrl) {
        if (reference.length() > MAX_URL) {
            return new Uris.Resolved(null, "url longer than " + MAX_URL + " characters");
        }
        if (reference.isBlank()) {
            return new Uris.Resolved(null, "empty url");
        }
        Uris.Resolved resolved = Uris.resolveHttp(reference.strip(), documentUrl);
        URI uri = resolved.uri();
        if (uri == null) {
            return new Uris.Resolved(null, resolved.reason() + ": " + HttpSyntax.cap(reference, 200));
        }
        if (uri.getRawUserInfo() != null) {
            return new Uris.Resolved(null, "user information in the url");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return new Uris.Resolved(null, "query or fragment in the url");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        try {
            return new Uris.Resolved(URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority()
                    + path.substring(0, end)), null);
        } catch (IllegalArgumentException e) {
            return new Uris.Resolved(null, "not a URI: " + HttpSyntax.cap(reference, 200));
        }
    }

    /** Swagger 2.0: {@code schemes}, {@code host}, {@code basePath}, each defaulting to the document's. */
    private static URI swagger(JsonNode root, JsonNode operation, URI documentUrl, List<String> problems) {
        String scheme = scheme(operation == null ? null : operation.get("schemes"), "operation schemes", problems);
        if (scheme == null) {
            scheme = scheme(root.get("schemes"), "schemes", problems);
        }
        if (scheme == null) {
            scheme = documentUrl.getScheme().toLowerCase(Locale.ROOT);
        }
        String host = documentUrl.getRawAuthority();
        JsonNode declaredHost = root.get("host");
        if (declaredHost != null && declaredHost.isString()) {
            String h = declaredHost.stringValue();
            if (h.isEmpty() || h.length() > 255 || !h.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                problem(problems, "host: not a host name and port: " + HttpSyntax.cap(h, 200));
            } else {
                host = h;
            }
        } else if (declaredHost != null && !declaredHost.isNull()) {
            problem(problems, "host: not a string");
        }
        String basePath = "";
        JsonNode declaredBase = root.get("basePath");
        if (declaredBase != null && declaredBase.isString()) {
            String b = declaredBase.stringValue();
            if (!b.startsWith("/")) {
                problem(problems, "basePath: does not start with /: " + HttpSyntax.cap(b, 200));
            } else {
                basePath = b;
            }
        } else if (declaredBase != null && !declaredBase.isNull()) {
            problem(problems, "basePath: not a string");
        }
        Uris.Resolved resolved = usable(scheme + "://" + host + basePath, documentUrl);
        if (resolved.uri() != null) {
            return resolved.uri();
        }
        problem(problems, "host and basePath: " + resolved.reason());
        return origin(documentUrl);
    }

    /** {@code https} if the list names it, else {@code http}, else {@code null} (absent, or only ws/wss). */
    private static String scheme(JsonNode schemes, String where, List<String> problems) {
        if (schemes == null || schemes.isNull()) {
            return null;
        }
        if (!schemes.isArray()) {
            problem(problems, where + ": not an array");
            return null;
        }
        boolean http = false;
        for (JsonNode scheme : schemes.values()) {
            if (scheme.isString() && scheme.stringValue().equalsIgnoreCase("https")) {
                return "https";
            }
            http |= scheme.isString() && scheme.stringValue().equalsIgnoreCase("http");
        }
        if (!http && !schemes.isEmpty()) {
            problem(problems, where + ": neither http nor https");
        }
        return http ? "http" : null;
    }

    private static void problem(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
