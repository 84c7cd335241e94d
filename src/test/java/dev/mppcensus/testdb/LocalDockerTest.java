package dev.mppcensus.testdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LocalDocker} against a Docker Engine API stand-in on a unix socket (the few answers the check
 * reads: an image's inspection, the image list filtered by reference, the bridge network): Testcontainers
 * is chosen only when nothing it needs would be pulled, and an engine that does not answer costs at most
 * the check's deadline.
 */
class LocalDockerTest {

    private static final String IMAGE = "postgres:17-alpine";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "image {0}, ryuk image {1}, ryuk disabled {2}, in a container {3}, host override {4}, "
            + "bridge gateway {5}: {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # image | ryuk  | ryuk off | container | override  | gateway | can start | because
            false   | true  | false    | false     |           | true    | false     | docker pull postgres:17-alpine
            true    | false | false    | false     |           | true    | false     | TESTCONTAINERS_RYUK_DISABLED=true
            true    | true  | false    | false     |           | false   | true      | is present
            true    | false | true     | false     |           | false   | true      | is present
            true    | false | true     | true      |           | false   | false     | set TESTCONTAINERS_HOST_OVERRIDE
            true    | false | true     | true      | localhost | false   | true      | is present
            true    | false | true     | true      |           | true    | true      | is present
            """)
    void choosesTestcontainersOnlyWhenNothingWouldBePulled(boolean image, boolean ryuk, boolean ryukDisabled,
            boolean inContainer, String hostOverride, boolean bridgeGateway, boolean canStart, String because)
            throws Exception {
        Path socket = dir.resolve("docker.sock");
        Map<String, String> env = new HashMap<>(Map.of("DOCKER_HOST", "unix://" + socket));
        if (ryukDisabled) {
            env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
        }
        if (hostOverride != null) {
            env.put("TESTCONTAINERS_HOST_OVERRIDE", hostOverride);
        }
        Path marker = dir.resolve("dockerenv");
        if (inContainer) {
            Files.createFile(marker);
        }
        try (EngineStandIn engine = EngineStandIn.answering(socket, image, ryuk, bridgeGateway)) {
            LocalDocker.Verdict verdict = LocalDocker.canStart(IMAGE, env, marker);

            assertThat(verdict.canStart()).as(verdict.reason()).isEqualTo(canStart);
            assertThat(verdict.reason()).contains(because);
            assertThat(engine.requests()).allMatch(request -> request.startsWith("GET /"));
        }
    }

    @Test
    void anEngineThatNeverAnswersCostsAtMostTheDeadline() throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (EngineStandIn silent = EngineStandIn.silent(socket)) {
            // loaded first, so that only the wait is timed
            LocalDocker.canStart(IMAGE, Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock")), dir.resolve("x"));
            long started = System.nanoTime();
            LocalDocker.Verdict verdict = LocalDocker.canStart(IMAGE, Map.of("DOCKER_HOST", "unix://" + socket),
                    dir.resolve("dockerenv"));

            assertThat(verdict.canStart()).isFalse();
            assertThat(verdict.reason()).contains("does not answer", "no answer within 2000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3_500));
        }
    }

    @ParameterizedTest(name = "DOCKER_HOST={0} (DOCKER_TLS_VERIFY={1}): {2}")
    @CsvSource(delimiter = '|', textBlock = """
            unix:///nonexistent/docker.sock | | does not answer
            tcp://127.0.0.1:1               | | does not answer
            tcp://127.0.0.1:2376            | 1 | uses TLS
            https://127.0.0.1:2376          | | uses TLS
            npipe:////./pipe/docker_engine  | | not a unix://, tcp:// or https:// address
            localhost:2375                  | | not a unix://, tcp:// or https:// address
            tcp://[not a host               | | DOCKER_HOST tcp://[not a host
            """)
    void anEngineThatIsAbsentOrNotPlainHttpIsNotChosen(String dockerHost, String tlsVerify, String because) {
        Map<String, String> env = new HashMap<>(Map.of("DOCKER_HOST", dockerHost));
        if (tlsVerify != null) {
            env.put("DOCKER_TLS_VERIFY", tlsVerify);
        }
        LocalDocker.Verdict verdict = LocalDocker.canStart(IMAGE, env, dir.resolve("dockerenv"));

        assertThat(verdict.canStart()).isFalse();
        assertThat(verdict.reason()).contains(because);
    }

    /** A Docker Engine API stand-in on a unix socket: answers each request over HTTP/1.0, or never. */
    private static final class EngineStandIn implements AutoCloseable {

        private final ServerSocketChannel server;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<SocketChannel> held = new CopyOnWriteArrayList<>();

        private EngineStandIn(Path socket, boolean answers, boolean image, boolean ryuk, boolean bridgeGateway)
                throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel connection = server.accept();
                        if (!answers) {
                            held.add(connection);
                            continue;
                        }
                        try (connection) {
                            String request = readHead(connection);
                            requests.add(request);
                            connection.write(ByteBuffer.wrap(answer(request.lines().findFirst().orElse(""), image, ryuk,
                                    bridgeGateway).getBytes(StandardCharsets.UTF_8)));
                        }
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        static EngineStandIn answering(Path socket, boolean image, boolean ryuk, boolean bridgeGateway)
                throws IOException {
            return new EngineStandIn(socket, true, image, ryuk, bridgeGateway);
        }

        static EngineStandIn silent(Path socket) throws IOException {
            return new EngineStandIn(socket, false, false, false, false);
        }

        List<String> requests() {
            return requests;
        }

        private static String answer(String requestLine, boolean image, boolean ryuk, boolean bridgeGateway) {
            if (requestLine.startsWith("GET /images/" + IMAGE + "/json ")) {
                return image ? response(200, "{\"RepoTags\":[\"" + IMAGE + "\"]}")
                        : response(404, "{\"message\":\"No such image: " + IMAGE + "\"}");
            }
            if (requestLine.startsWith("GET /images/json?filters=")) {
                return response(200, ryuk ? "[{\"RepoTags\":[\"testcontainers/ryuk:0.14.0\"]}]" : "[]");
            }
            if (requestLine.startsWith("GET /networks/bridge ")) {
                return response(200, "{\"Name\":\"bridge\",\"IPAM\":{\"Config\":[{\"Subnet\":\"172.17.0.0/16\""
                        + (bridgeGateway ? ",\"Gateway\":\"172.17.0.1\"" : "") + "}]}}");
            }
            return response(404, "{\"message\":\"page not found\"}");
        }

        private static String response(int status, String body) {
            return "HTTP/1.0 " + status + (status == 200 ? " OK" : " Not Found")
                    + "\r\nContent-Type: application/json\r\n\r\n" + body;
        }

        private static String readHead(SocketChannel connection) throws IOException {
            StringBuilder head = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (head.indexOf("\r\n\r\n") < 0 && connection.read(buffer) > 0) {
                head.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
                buffer.clear();
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel connection : held) {
                connection.close();
            }
        }
    }
}
