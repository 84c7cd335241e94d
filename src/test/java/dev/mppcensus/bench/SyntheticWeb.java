package dev.mppcensus.bench;

import dev.mppcensus.bench.Fleet.Zone;
import dev.mppcensus.fetch.TlsEngineRelease;
import dev.mppcensus.fixture.IssuedCertificate;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.conscrypt.Conscrypt;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A lean synthetic web on 127.0.0.1 for a {@link Fleet}: one Jetty server (HTTPS with a wildcard
 * certificate per answering zone, offering HTTP/2 by ALPN in the fleet's h2 mode, and HTTP) whose handler never blocks a thread (the latency is a
 * scheduled completion), a blackhole listener that accepts and never answers, and a refused port.
 * Zones are reached through wildcard {@code --connect-to} rules. Counts requests and connections.
 */
final class SyntheticWeb implements AutoCloseable {

    private static final byte[] PAGE = "<!doctype html><title>bench</title><p>synthetic host</p>\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "not found\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PRELOAD = "<https://static.bench.test/style.css>; rel=preload; as=style";

    private final Fleet fleet;
    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;
    private final Listeners.Listener blackhole;
    private final int refusedPort;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong firstRequestNanos = new AtomicLong();
    private final AtomicLong lastResponseNanos = new AtomicLong();

    SyntheticWeb(Fleet fleet, IssuedCertificate certificate) {
        this.fleet = fleet;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("bench-web");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(5_000); // a loaded machine may need more than a moment to close the connections

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        http = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        http.setHost("127.0.0.1");
        http.setPort(0);
        http.setAcceptQueueSize(4096);

        HttpConfiguration tlsConfig = new HttpConfiguration(config);
        tlsConfig.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        // BoringSSL where it loads: the harness's handshakes then cost a fraction of the JDK's CPU, which
        // leaves the machine to the client measured (curl or the crawler, both facing the same server)
        if (Conscrypt.isAvailable()) {
            if (Security.getProvider("Conscrypt") == null) {
                Security.addProvider(Conscrypt.newProvider());
            }
            tls.setProvider("Conscrypt");
        }
        tls.setKeyStore(TestCertificateAuthority.keyStoreFor(certificate));
        tls.setKeyStorePassword(TestCertificateAuthority.KEY_STORE_PASSWORD);
        tls.setKeyManagerPassword(TestCertificateAuthority.KEY_STORE_PASSWORD);
        HttpConnectionFactory http11 = new HttpConnectionFactory(tlsConfig);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(tlsConfig);
        h2.setMaxConcurrentStreams(256);
        if (fleet.h2()) {
            // HTTP/2 by ALPN, HTTP/1.1 for clients that do not offer it, as most large sites
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            https = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
        } else {
            https = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"), http11);
        }
        https.setHost("127.0.0.1");
        https.setPort(0);
        https.setAcceptQueueSize(4096);

        Connection.Listener counter = new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                connections.incrementAndGet();
            }
        };
        // a run opens ~90,000 TLS connections, whose BoringSSL engines must not keep their descriptors
        https.addBean(new TlsEngineRelease());
        // Count TCP connections once: on the HTTP/1.1 or HTTP/2 connection (one per socket in both connectors).
        http.addBean(counter);
        http11.addBean(counter);
        h2.addBean(counter);
        server.addConnector(http);
        server.addConnector(https);
        server.setHandler(new FleetHandler());
        blackhole = Listeners.blackhole();
        refusedPort = Listeners.refusedPort();
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("synthetic web did not start", e);
        }
    }

    /** Certificate covering every answering zone, for {@link #SyntheticWeb(Fleet, IssuedCertificate)}. */
    static IssuedCertificate certificate(TestCertificateAuthority ca) {
        return ca.issue(List.of("*.ok" + Fleet.SUFFIX, "*.mpp" + Fleet.SUFFIX));
    }

    /** The crawler's {@code --connect-to} values: a few wildcard rules per zone. */
    List<String> connectToRules() {
        List<String> rules = new ArrayList<>();
        for (Zone zone : List.of(Zone.OK, Zone.MPP)) {
            String pattern = "*." + zone.label() + Fleet.SUFFIX;
            if (fleet.https()) {
                rules.add(pattern + "::127.0.0.1:" + https.getLocalPort());
            } else {
                rules.add(pattern + ":443:127.0.0.1:" + refusedPort);
                rules.add(pattern + "::127.0.0.1:" + http.getLocalPort());
            }
        }
        rules.add("*.blackhole" + Fleet.SUFFIX + "::127.0.0.1:" + blackhole.port());
        rules.add("*.refused" + Fleet.SUFFIX + "::127.0.0.1:" + refusedPort);
        return rules;
    }

    /** Where a connection to {@code host}:{@code port} lands, as curl's {@code --connect-to} target port. */
    int targetPort(String host, int port) {
        return switch (Zone.ofHost(host.startsWith("www.") ? host.substring(4) : host)) {
            case OK, MPP -> fleet.https() ? https.getLocalPort() : (port == 443 ? refusedPort : http.getLocalPort());
            case BLACKHOLE -> blackhole.port();
            case REFUSED -> refusedPort;
            case null -> refusedPort;
        };
    }

    /** System.nanoTime() of the first request received since the last reset, 0 when none. */
    long firstRequestNanos() {
        return firstRequestNanos.get();
    }

    long requests() {
        return requests.get();
    }

    long connections() {
        return connections.get();
    }

    /** Seconds between the first request received and the last response sent (0 when none). */
    double activeSeconds() {
        long first = firstRequestNanos.get();
        return first == 0 ? 0 : (lastResponseNanos.get() - first) / 1e9;
    }

    void resetCounters() {
        requests.set(0);
        connections.set(0);
        firstRequestNanos.set(0);
        lastResponseNanos.set(0);
    }

    /** CPU time this JVM (the synthetic web, plus the benchmark's own small bookkeeping) has used, in seconds. */
    static double processCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("synthetic web did not stop", e);
        } finally {
            blackhole.close();
        }
    }

    /** Answers after the fleet's latency, from a scheduler, never holding a thread while waiting. */
    private final class FleetHandler extends Handler.Abstract.NonBlocking {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long now = System.nanoTime();
            firstRequestNanos.compareAndSet(0, now);
            requests.incrementAndGet();
            int delay = fleet.latencyMillis();
            if (fleet.jitterMillis() > 0) {
                delay += ThreadLocalRandom.current().nextInt(-fleet.jitterMillis(), fleet.jitterMillis() + 1);
            }
            Runnable answer = () -> answer(request, response, callback);
            if (delay <= 0) {
                answer.run();
            } else {
                request.getComponents().getScheduler().schedule(answer, delay, TimeUnit.MILLISECONDS);
            }
            return true;
        }

        private void answer(Request request, Response response, Callback callback) {
            String host = Request.getServerName(request);
            Zone zone = Zone.ofHost(host);
            String path = request.getHttpURI().getPath();
            boolean head = "HEAD".equals(request.getMethod());
            byte[] body;
            if ("/".equals(path) && zone != null) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                response.getHeaders().add(HttpHeader.LINK, zone == Zone.MPP
                        ? "<https://" + host + "/mpp>; rel=\"mpp-endpoint\"" : PRELOAD);
                body = PAGE;
            } else if ("/.well-known/ai-agent.json".equals(path) && zone == Zone.MPP) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                body = ("{\"payments\":{\"mpp\":\"https://" + host + "/mpp\"}}").getBytes(StandardCharsets.US_ASCII);
            } else {
                response.setStatus(404);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                body = NOT_FOUND;
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            Callback done = Callback.from(() -> {
                lastResponseNanos.set(System.nanoTime());
                callback.succeeded();
            }, callback::failed);
            response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), done);
        }
    }
}
