package dev.mppcensus.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which payable operations are probed: MPP ones with allowed methods only, distinct offers first, GET before others. */
class OperationSelectionTest {

    /** operations (METHOD path method/intent[/x402], space-separated) | allowed | max | chosen. */
    @ParameterizedTest(name = "[{index}] {0} ({1}, {2})")
    @CsvSource(delimiter = '|', textBlock = """
            POST:/a:tempo/charge GET:/b:tempo/charge                              | GET HEAD POST | 5 | GET:/b POST:/a
            POST:/a:tempo/charge GET:/b:tempo/charge                              | GET           | 5 | GET:/b
            DELETE:/a:tempo/charge PUT:/b:tempo/charge PATCH:/c:tempo/charge       | GET HEAD POST | 5 | -
            DELETE:/a:tempo/charge PUT:/b:tempo/charge                            | GET HEAD POST PUT PATCH DELETE | 5 | PUT:/b DELETE:/a
            GET:/1:tempo/charge GET:/2:tempo/charge GET:/3:tempo/charge POST:/s:tempo/session | GET HEAD POST | 2 | GET:/1 POST:/s
            GET:/1:tempo/charge GET:/2:tempo/charge GET:/3:stripe/charge POST:/s:tempo/session | GET HEAD POST | 3 | GET:/1 GET:/3 POST:/s
            POST:/x:tempo/charge/x402 POST:/m:tempo/charge                        | GET HEAD POST | 5 | POST:/m
            GET:/x:tempo/charge/x402                                              | GET HEAD POST | 5 | -
            GET:/1:tempo/charge GET:/2:tempo/charge GET:/3:tempo/charge GET:/4:tempo/charge GET:/5:tempo/charge GET:/6:tempo/charge | GET HEAD POST | 5 | GET:/1 GET:/2 GET:/3 GET:/4 GET:/5
            """)
    void choosesOperations(String operations, String allowed, int max, String expected) {
        StringBuilder paths = new StringBuilder();
        for (String op : operations.split(" ")) {
            String[] parts = op.split(":");
            String[] offer = parts[2].split("/");
            String protocols = offer.length > 2 ? ",\"protocols\":[{\"" + offer[2] + "\":{}}],\"price\":{\"amount\":\"1\"}" : "";
            String info = offer.length > 2
                    ? "{\"price\":{\"amount\":\"1\"},\"protocols\":[{\"x402\":{}}]}"
                    : "{\"method\":\"" + offer[0] + "\",\"intent\":\"" + offer[1] + "\"" + protocols + "}";
            paths.append(paths.isEmpty() ? "" : ",").append("\"").append(parts[1]).append("\":{\"")
                    .append(parts[0].toLowerCase()).append("\":{\"x-payment-info\":").append(info).append("}}");
        }
        OpenApiDiscovery d = OpenApiDiscovery.read(("{\"paths\":{" + paths + "}}").getBytes(StandardCharsets.UTF_8));

        List<String> chosen = OperationSelection.choose(d.operations(), Set.of(allowed.split(" ")), max).stream()
                .map(op -> op.httpMethod() + ":" + op.path()).toList();

        assertThat(chosen).isEqualTo(expected.equals("-") ? List.of() : List.of(expected.split(" ")));
    }
}
