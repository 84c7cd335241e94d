package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request that probes a payable operation: filled paths and JSON bodies built from schemas. */
class ProbeRequestsTest {

    private static final String PAY = "\"x-payment-info\":{\"intent\":\"charge\",\"method\":\"tempo\"}";

    private static OpenApiDiscovery document(String path, String method, String operation, String components) {
        String json = "{\"openapi\":\"3.1.0\",\"paths\":{\"" + path + "\":{\"" + method + "\":{" + PAY
                + (operation.isEmpty() ? "" : "," + operation) + "}}}"
                + (components.isEmpty() ? "" : ",\"components\":" + components) + "}";
        OpenApiDiscovery d = OpenApiDiscovery.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(d.operations()).as(json).hasSize(1);
        return d;
    }

    /** path | parameters (operation JSON) | first request target | retry target. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            /v1/search | ~~ | /v1/search | /v1/search
            /items/{id} | ~~ | /items/x | /items/x
            /items/{id} | ~"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}]~ | /items/1 | /items/1
            /items/{id} | ~"parameters":[{"name":"id","in":"path","example":"abc 1"}]~ | /items/abc%201 | /items/abc%201
            /u/{user}/p/{n} | ~"parameters":[{"name":"user","in":"path","schema":{"default":"ann"}},{"name":"n","in":"path","schema":{"enum":[7,8]}}]~ | /u/ann/p/7 | /u/ann/p/7
            /q | ~"parameters":[{"name":"q","in":"query","required":true,"schema":{"type":"string","example":"mpp"}},{"name":"limit","in":"query","schema":{"type":"integer"}}]~ | /q?q=mpp | /q?q=mpp&limit=1
            /r/{id} | ~"parameters":[{"$ref":"#/components/parameters/Id"}]~ | /r/42 | /r/42
            """)
    void fillsPathAndQueryParameters(String path, String operation, String first, String retry) {
        OpenApiDiscovery d = document(path, "get", operation,
                "{\"parameters\":{\"Id\":{\"name\":\"id\",\"in\":\"path\",\"schema\":{\"type\":\"integer\",\"example\":42}}}}");
        PayableOperation op = d.operations().getFirst();

        assertThat(ProbeRequests.target(op, d.root(), false)).isEqualTo(first).doesNotContain("{");
        assertThat(ProbeRequests.target(op, d.root(), true)).isEqualTo(retry);
    }

    /** request body (operation JSON) | first body | retry body. */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ~~ | {} | {}
            ~"requestBody":{"content":{"application/json":{}}}~ | {} | {}
            ~"requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["query"],"properties":{"query":{"type":"string","example":"weather"},"limit":{"type":"integer","default":10}}}}}}~ | {"query":"weather"} | {"query":"weather","limit":10}
            ~"requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["model","n","stream","tags"],"properties":{"model":{"enum":["gpt","claude"]},"n":{"type":"integer","minimum":3},"stream":{"type":"boolean"},"tags":{"type":"array","items":{"type":"string"}}}}}}}~ | {"model":"gpt","n":3,"stream":true,"tags":[]} | {"model":"gpt","n":3,"stream":true,"tags":["x"]}
            ~"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Req"}}}}~ | {"url":"https://example.com/"} | {"url":"https://example.com/","email":"census@example.com"}
            ~"requestBody":{"content":{"application/json":{"schema":{"allOf":[{"$ref":"#/components/schemas/Req"},{"type":"object","required":["id"],"properties":{"id":{"type":"string","format":"uuid"}}}]}}}}~ | {"url":"https://example.com/","id":"00000000-0000-4000-8000-000000000000"} | {"url":"https://example.com/","email":"census@example.com","id":"00000000-0000-4000-8000-000000000000"}
            ~"requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["a"],"properties":{"a":{"oneOf":[{"type":"string","minLength":3},{"type":"integer"}]}}}}}}~ | {"a":"xxx"} | {"a":"xxx"}
            ~"requestBody":{"content":{"application/json":{"example":{"prompt":"hi"}}}}~ | {"prompt":"hi"} | {"prompt":"hi"}
            ~"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Loop"}}}}~ | {"next":{"next":{"next":{"next":{"next":{"next":{"next":{"next":{"next":null}}}}}}}}} | {"next":{"next":{"next":{"next":{"next":{"next":{"next":{"next":{"next":null}}}}}}}}}
            ~"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}~ | {} | {}
            """)
    void buildsBodiesFromTheSchema(String operation, String first, String retry) {
        OpenApiDiscovery d = document("/op", "post", operation, """
                {"schemas":{
                  "Req":{"type":"object","required":["url"],"properties":{"url":{"type":"string","format":"uri"},
                         "email":{"type":"string","format":"email"}}},
                  "Loop":{"type":"object","required":["next"],"properties":{"next":{"$ref":"#/components/schemas/Loop"}}}}}""");
        PayableOperation op = d.operations().getFirst();

        assertThat(ProbeRequests.body(op, d.root(), false).toString()).isEqualTo(first);
        assertThat(ProbeRequests.body(op, d.root(), true).toString()).isEqualTo(retry);
    }

    @Test
    void aWideAndDeepSchemaIsBoundedInTimeAndSize() {
        // every level has 50 properties that all refer to the level itself: 50^8 values if unbounded
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"$ref\":\"#/components/schemas/W\"}");
        }
        OpenApiDiscovery d = document("/w", "post",
                "\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/W\"}}}}",
                "{\"schemas\":{\"W\":{\"type\":\"object\",\"properties\":{" + properties + "}}}}");
        long start = System.nanoTime();

        String body = ProbeRequests.body(d.operations().getFirst(), d.root(), true).toString();

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(body.length()).isLessThan(100_000);
        assertThat(body).startsWith("{\"p0\":{\"p0\":");
    }

    @Test
    void aGetWithoutRequestBodyHasNone() {
        OpenApiDiscovery d = document("/g", "get", "", "");
        assertThat(ProbeRequests.hasBody(d.operations().getFirst(), d.root())).isFalse();
        OpenApiDiscovery withBody = document("/d", "delete", "\"requestBody\":{\"content\":{\"application/json\":{}}}", "");
        assertThat(ProbeRequests.hasBody(withBody.operations().getFirst(), withBody.root())).isTrue();
    }
}
