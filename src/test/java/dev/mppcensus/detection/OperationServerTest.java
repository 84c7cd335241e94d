package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where an operation's path is requested: the {@code servers} of OpenAPI 3.0 and 3.1 (Server Object) and Swagger 2.0. */
class OperationServerTest {

    /**
     * A document with one payable {@code GET /orders}; {@code version} {@code 2.0} makes it Swagger 2.0.
     * The fragments are members added to the root, the path item and the operation.
     */
    private static OperationServer server(String documentUrl, String version, String root, String pathItem,
                                          String operation) {
        String json = "{" + (version.startsWith("2") ? "\"swagger\":\"" : "\"openapi\":\"") + version + "\""
                + (root == null ? "" : "," + root) + ",\"paths\":{\"/orders\":{" + (pathItem == null ? "" : pathItem + ",")
                + "\"get\":{" + (operation == null ? "" : operation + ",")
                + "\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\"}}}}}";
        OpenApiDiscovery discovery = OpenApiDiscovery.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(discovery.operations()).as(json).hasSize(1);
        return OperationServer.of(discovery.root(), discovery.operations().getFirst(), URI.create(documentUrl));
    }

    /** document URL | version | root | path item | operation | server URL | from | first problem. */
    @ParameterizedTest(name = "[{index}] {2} {3} {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "-", textBlock = """
            https://h.test/openapi.json     | 3.1.0 | -                                                  | - | - | https://h.test | default | -
            https://h.test/openapi.json     | 3.0.3 | "servers":[]                                       | - | - | https://h.test | default | -
            https://docs.test/openapi.json  | 3.1.0 | -                                                  | - | - | https://docs.test | default | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test/api"}]           | - | - | https://h.test/api | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test/api/"}]          | - | - | https://h.test/api | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test/api//"}]         | - | - | https://h.test/api | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/"}]                            | - | - | https://h.test | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/api/v2"}]                      | - | - | https://h.test/api/v2 | document | -
            https://h.test/api/openapi.json | 3.1.0 | "servers":[{"url":"v1"}]                           | - | - | https://h.test/api/v1 | document | -
            https://h.test/api/openapi.json | 3.1.0 | "servers":[{"url":"../v1/"}]                       | - | - | https://h.test/v1 | document | -
            https://h.test/api/openapi.json | 3.1.0 | "servers":[{"url":"/"}]                            | - | - | https://h.test | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://api.other.test/v1"}]    | - | - | https://api.other.test/v1 | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"//cdn.other.test/x"}]           | - | - | https://cdn.other.test/x | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"http://h.test:8080/api"}]       | - | - | http://h.test:8080/api | document | -
            https://H.Test/openapi.json     | 3.1.0 | "servers":[{"url":"HTTPS://h.test/Api"}]           | - | - | https://h.test/Api | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test/api","description":"prod"},{"url":"https://sandbox.h.test"}] | - | - | https://h.test/api | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://{region}.h.test/{v}","variables":{"region":{"default":"eu","enum":["eu","us"]},"v":{"default":"v2"}}}] | - | - | https://eu.h.test/v2 | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test:{port}/api","variables":{"port":{"default":8443}}}] | - | - | https://h.test:8443/api | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://{env}.h.test","variables":{"env":{"enum":["a"]}}},{"url":"/api"}] | - | - | https://h.test/api | document | document servers[0]: variable {env} has no default
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://{env}.h.test"}]         | - | - | https://h.test | default | document servers[0]: variable {env} is not defined
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"javascript:alert(1)"}]          | - | - | https://h.test | default | document servers[0]: not http(s): javascript:alert(1)
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"wss://h.test/api"}]             | - | - | https://h.test | default | document servers[0]: not http(s): wss://h.test/api
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://"}]                     | - | - | https://h.test | default | document servers[0]: not a URI: https://
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test/a b"}]           | - | - | https://h.test | default | document servers[0]: not a URI: https://h.test/a b
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://u:p@h.test/api"}]       | - | - | https://h.test | default | document servers[0]: user information in the url
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"https://h.test/api?key=1"}]     | - | - | https://h.test | default | document servers[0]: query or fragment in the url
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":""}]                             | - | - | https://h.test | default | document servers[0]: empty url
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"description":"no url"}]               | - | - | https://h.test | default | document servers[0]: no url
            https://h.test/openapi.json     | 3.1.0 | "servers":["https://h.test/api"]                   | - | - | https://h.test | default | document servers[0]: not an object
            https://h.test/openapi.json     | 3.1.0 | "servers":{"url":"/api"}                           | - | - | https://h.test | default | document servers: not an array
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/doc"}] | "servers":[{"url":"/path"}] | -                           | https://h.test/path | path | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/doc"}] | "servers":[{"url":"/path"}] | "servers":[{"url":"/op"}]   | https://h.test/op | operation | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/doc"}] | -                           | "servers":[{"url":"/op"}]   | https://h.test/op | operation | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/doc"}] | "servers":[]                | -                           | https://h.test/doc | document | -
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/doc"}] | "servers":[{"url":"/path"}] | "servers":[{"url":"ftp://h.test/"}] | https://h.test/path | path | operation servers[0]: not http(s): ftp://h.test/
            https://h.test/openapi.json     | 3.1.0 | "servers":[{"url":"/doc"},{"url":"/other"}] | "servers":[{"url":"mailto:x@h.test"}] | - | https://h.test/doc | document | path servers[0]: not http(s): mailto:x@h.test
            https://h.test/openapi.json     | 2.0   | "host":"api.h.test","basePath":"/v1","schemes":["http","https"] | - | - | https://api.h.test/v1 | swagger | -
            https://h.test/openapi.json     | 2.0   | "host":"api.h.test:8443","basePath":"/v1/"         | - | - | https://api.h.test:8443/v1 | swagger | -
            http://h.test/swagger.json      | 2.0   | "basePath":"/api"                                  | - | - | http://h.test/api | swagger | -
            https://h.test/openapi.json     | 2.0   | "schemes":["http"]                                 | - | - | http://h.test | swagger | -
            https://h.test/openapi.json     | 2.0   | "schemes":["https"]                                | - | "schemes":["http"] | http://h.test | swagger | -
            https://h.test/openapi.json     | 2.0   | "schemes":["ws","wss"],"basePath":"/v1"            | - | - | https://h.test/v1 | swagger | schemes: neither http nor https
            https://h.test/openapi.json     | 2.0   | "host":"evil.test/path","basePath":"/v1"           | - | - | https://h.test/v1 | swagger | host: not a host name and port: evil.test/path
            https://h.test/openapi.json     | 2.0   | "host":"u:p@evil.test","basePath":"/v1"            | - | - | https://h.test/v1 | swagger | host: not a host name and port: u:p@evil.test
            https://h.test/openapi.json     | 2.0   | "basePath":"v1"                                    | - | - | https://h.test | swagger | basePath: does not start with /: v1
            https://h.test/openapi.json     | 2.0   | "basePath":"/v1?x=1"                               | - | - | https://h.test | swagger | host and basePath: query or fragment in the url
            https://h.test/openapi.json     | 2.0   | "servers":[{"url":"/ignored"}]                     | - | - | https://h.test | swagger | -
            """)
    void findsTheServerOfAnOperation(String documentUrl, String version, String root, String pathItem,
                                     String operation, String url, String source, String problem) {
        OperationServer server = server(documentUrl, version, root, pathItem, operation);

        assertThat(server.url()).hasToString(url);
        assertThat(server.source().code()).isEqualTo(source);
        if (problem == null) {
            assertThat(server.problems()).isEmpty();
        } else {
            assertThat(server.problems()).first().isEqualTo(problem);
        }
    }

    /** server | path and query | URL. */
    @ParameterizedTest(name = "[{index}] {0} + {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://h.test          | /orders           | https://h.test/orders
            https://h.test/api      | /orders           | https://h.test/api/orders
            https://h.test/api      | orders            | https://h.test/api/orders
            https://h.test/api      | /orders/7?full=1  | https://h.test/api/orders/7?full=1
            https://h.test/api      | /                 | https://h.test/api/
            """)
    void appendsThePathToTheServerUrl(String serverUrl, String path, String url) {
        OperationServer server = new OperationServer(URI.create(serverUrl), OperationServer.Source.DOCUMENT, null);

        assertThat(server.resolve(path)).hasToString(url);
    }

    @Test
    void absurdServerListsGiveReasonsNotFailures() {
        StringBuilder many = new StringBuilder("\"servers\":[");
        for (int i = 0; i < 10_000; i++) {
            many.append("{\"url\":\"javascript:").append(i).append("\"},");
        }
        many.append("{\"url\":\"/api\"}]");
        OperationServer huge = server("https://h.test/openapi.json", "3.1.0", many.toString(), null, null);
        assertThat(huge.url()).hasToString("https://h.test");
        assertThat(huge.source()).isEqualTo(OperationServer.Source.DEFAULT);
        assertThat(huge.problems()).hasSize(OperationServer.MAX_PROBLEMS + 1)
                .last().isEqualTo("document servers: only the first 20 looked at");

        OperationServer longUrl = server("https://h.test/openapi.json", "3.1.0",
                "\"servers\":[{\"url\":\"https://h.test/" + "a".repeat(5_000) + "\"}]", null, null);
        assertThat(longUrl.url()).hasToString("https://h.test");
        assertThat(longUrl.problems()).containsExactly("document servers[0]: url longer than 2048 characters");

        OperationServer expanding = server("https://h.test/openapi.json", "3.1.0",
                "\"servers\":[{\"url\":\"https://h.test/" + "{v}".repeat(300) + "\",\"variables\":{\"v\":{\"default\":\""
                        + "x".repeat(100) + "\"}}}]", null, null);
        assertThat(expanding.url()).hasToString("https://h.test");
        assertThat(expanding.problems()).containsExactly("document servers[0]: url longer than 2048 characters");
    }

    @Test
    void onlyTheFirstServersOfAListAreLookedAt() {
        StringBuilder list = new StringBuilder("\"servers\":[");
        for (int i = 0; i < OperationServer.MAX_SERVERS; i++) {
            list.append("{\"url\":\"ftp://h.test/").append(i).append("\"},");
        }
        list.append("{\"url\":\"/api\"}]");
        OperationServer server = server("https://h.test/openapi.json", "3.1.0", list.toString(), null, null);

        assertThat(server.url()).hasToString("https://h.test");
        assertThat(server.source()).isEqualTo(OperationServer.Source.DEFAULT);
        assertThat(server.problems()).last().isEqualTo("document servers: only the first 20 looked at");
    }
}
