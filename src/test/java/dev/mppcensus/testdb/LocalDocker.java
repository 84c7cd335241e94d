package dev.mppcensus.testdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Whether Testcontainers can start a container of a given image here without reaching an image
 * registry, found out in milliseconds by asking the Docker Engine API directly. (Testcontainers' own
 * check, {@code DockerClientFactory.isDockerAvailable()}, starts Ryuk and, inside a container, a helper
 * container to find the Docker host: where no registry answers, their image pulls stall for minutes.)
 *
 * <p>It can when all of these hold:
 * <ul>
 *   <li>a Docker engine answers on {@code DOCKER_HOST} ({@code unix://} or {@code tcp://} without TLS) or,
 *       without it, on one of the sockets Testcontainers looks for ({@code /var/run/docker.sock},
 *       {@code $XDG_RUNTIME_DIR/docker.sock}, {@code ~/.docker/run/docker.sock},
 *       {@code ~/.docker/desktop/docker.sock});</li>
 *   <li>the image is present in that engine;</li>
 *   <li>an image of {@code testcontainers/ryuk} is present too, unless
 *       {@code TESTCONTAINERS_RYUK_DISABLED=true};</li>
 *   <li>inside a container ({@code /.dockerenv}) talking to a unix socket, Testcontainers can tell where the
 *       engine publishes ports without a helper container: {@code TESTCONTAINERS_HOST_OVERRIDE} is set
 *       (e.g. {@code localhost} when the engine runs in this container's network), or the engine's
 *       {@code bridge} network names its gateway.</li>
 * </ul>
 * Each answer takes one to three requests of at most {@value #TIMEOUT_MILLIS} ms each.
 */
final class LocalDocker {

    /** The answer: whether Testcontainers can start the image, and why (or why not), in words. */
    record Verdict(boolean canStart, String reason) {
    }

    private static final long TIMEOUT_MILLIS = 2_000;
    private static final int MAX_RESPONSE_BYTES = 4 << 20;
    private static final String RYUK_REPOSITORY = "testcontainers/ryuk";
    /** A non-empty gateway address in a network's inspection (JSON). */
    private static final Pattern GATEWAY = Pattern.compile("\"Gateway\"\\s*:\\s*\"[^\"]+\"");

    private LocalDocker() {
    }

    /** Whether Testcontainers can start {@code image} (e.g. {@code postgres:17-alpine}) here without pulling. */
    static Verdict canStart(String image) {
        return canStart(image, System.getenv(), Path.of("/.dockerenv"));
    }

    /**
     * As {@link #canStart(String)}, reading the variables from {@code env} and taking the existence of
     * {@code containerMarker} (Docker's {@code /.dockerenv}) for running inside a container.
     */
    static Verdict canStart(String image, Map<String, String> env, Path containerMarker) {
        Engine engine;
        try {
            Optional<Engine> found = engine(env);
            if (found.isEmpty()) {
                return new Verdict(false, "no Docker engine: DOCKER_HOST is unset and no Docker socket exists");
            }
            engine = found.get();
        } catch (IllegalArgumentException e) {
            return new Verdict(false, "DOCKER_HOST " + env.get("DOCKER_HOST") + ": " + e.getMessage());
        }
        if (engine.usesTls()) {
            return new Verdict(false, "DOCKER_HOST " + engine + " uses TLS, which this quick check does not speak");
        }
        try {
            Response inspect = engine.get("/images/" + image + "/json");
            if (inspect.status() == 404) {
                return new Verdict(false, "the image " + image + " is not present in the Docker engine at " + engine
                        + " (docker pull " + image + " to use it)");
            }
            if (inspect.status() != 200) {
                return new Verdict(false, "the Docker engine at " + engine + " answered " + inspect.status()
                        + " when asked for the image " + image);
            }
            if (!"true".equalsIgnoreCase(env.get("TESTCONTAINERS_RYUK_DISABLED"))) {
                String filter = URLEncoder.encode("{\"reference\":[\"" + RYUK_REPOSITORY + "\"]}", StandardCharsets.UTF_8);
                Response ryuk = engine.get("/images/json?filters=" + filter);
                if (ryuk.status() != 200 || ryuk.body().strip().equals("[]")) {
                    return new Verdict(false, "no " + RYUK_REPOSITORY + " image for Testcontainers' Ryuk in the Docker "
                            + "engine at " + engine + " (pull it, or set TESTCONTAINERS_RYUK_DISABLED=true)");
                }
            }
            if (engine.isLocalSocket() && Files.exists(containerMarker)
                    && isBlank(env.get("TESTCONTAINERS_HOST_OVERRIDE")) && !bridgeHasGateway(engine)) {
                return new Verdict(false, "inside a container, Testcontainers would start a helper container to find "
                        + "the Docker host: set TESTCONTAINERS_HOST_OVERRIDE (localhost when the engine at " + engine
                        + " runs in this container's network)");
            }
            return new Verdict(true, "the image " + image + " is present in the Docker engine at " + engine);
        } catch (IOException | RuntimeException e) {
            return new Verdict(false, "the Docker engine at " + engine + " does not answer: " + e.getMessage());
        }
    }

    private static boolean bridgeHasGateway(Engine engine) throws IOException {
        Response bridge = engine.get("/networks/bridge");
        if (bridge.status() != 200) {
            return false;
        }
        return GATEWAY.matcher(bridge.body()).find();
    }

    /**
     * The engine Testcontainers would use: {@code DOCKER_HOST}, else the first Docker socket that exists.
     *
     * @throws IllegalArgumentException if {@code DOCKER_HOST} is not a {@code unix}, {@code tcp},
     *         {@code http} or {@code https} URI
     */
    private static Optional<Engine> engine(Map<String, String> env) {
        String dockerHost = env.get("DOCKER_HOST");
        if (!isBlank(dockerHost)) {
            URI uri = URI.create(dockerHost.strip());
            String scheme = String.valueOf(uri.getScheme());
            if (scheme.equals("unix")) {
                return Optional.of(new Engine(Path.of(uri.getPath()), null, false));
            }
            if (!List.of("tcp", "http", "https").contains(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("not a unix://, tcp:// or https:// address");
            }
            boolean tls = scheme.equals("https") || !isBlank(env.get("DOCKER_TLS_VERIFY"));
            return Optional.of(new Engine(null,
                    InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? (tls ? 2376 : 2375) : uri.getPort()),
                    tls));
        }
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (!isBlank(runtimeDir)) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        Path home = Path.of(System.getProperty("user.home"));
        sockets.add(home.resolve(".docker/run/docker.sock"));
        sockets.add(home.resolve(".docker/desktop/docker.sock"));
        return sockets.stream().filter(Files::exists).findFirst().map(socket -> new Engine(socket, null, false));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private record Response(int status, String body) {
    }

    /** A Docker engine's API endpoint: a unix socket, or a TCP address. */
    private record Engine(Path socket, InetSocketAddress address, boolean usesTls) {

        boolean isLocalSocket() {
            return socket != null;
        }

        /** {@code GET path} over HTTP/1.0 (the engine answers and closes), within {@link #TIMEOUT_MILLIS}. */
        Response get(String path) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            try (SocketChannel channel = socket != null ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open(); Selector selector = Selector.open()) {
                channel.configureBlocking(false);
                if (!channel.connect(socket != null ? UnixDomainSocketAddress.of(socket)
                        : new InetSocketAddress(address.getHostString(), address.getPort()))) {
                    await(selector, channel, SelectionKey.OP_CONNECT, deadline);
                    channel.finishConnect();
                }
                ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (request.hasRemaining()) {
                    if (channel.write(request) == 0) {
                        await(selector, channel, SelectionKey.OP_WRITE, deadline);
                    }
                }
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                for (int read; (read = channel.read(buffer)) >= 0; buffer.clear()) {
                    if (read == 0) {
                        await(selector, channel, SelectionKey.OP_READ, deadline);
                    } else if (received.size() + read > MAX_RESPONSE_BYTES) {
                        throw new IOException("an answer over " + MAX_RESPONSE_BYTES + " bytes");
                    }
                    received.write(buffer.array(), 0, buffer.position());
                }
                return parse(received.toString(StandardCharsets.UTF_8));
            }
        }

        /** Waits until {@code channel} is ready for {@code operation}; fails once {@code deadline} has passed. */
        private static void await(Selector selector, SocketChannel channel, int operation, long deadline)
                throws IOException {
            channel.register(selector, operation);
            selector.selectedKeys().clear();
            while (selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))) == 0) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("no answer within " + TIMEOUT_MILLIS + " ms");
                }
            }
        }

        private static Response parse(String response) throws IOException {
            int lineEnd = response.indexOf("\r\n");
            String[] statusLine = (lineEnd < 0 ? response : response.substring(0, lineEnd)).split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: " + response.lines().findFirst().orElse("(nothing)"));
            }
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Response(Integer.parseInt(statusLine[1]), bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }

        @Override
        public String toString() {
            return socket != null ? "unix://" + socket : (usesTls ? "tcp+tls://" : "tcp://") + address.getHostString()
                    + ":" + address.getPort();
        }
    }
}
