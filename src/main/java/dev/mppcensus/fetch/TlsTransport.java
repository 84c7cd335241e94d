package dev.mppcensus.fetch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.eclipse.jetty.alpn.client.ALPNClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP with TLS and ALPN on top, for {@code https://} requests, whose layers are built once per
 * fetcher. Jetty's {@code HttpClient} builds the TLS and ALPN layers anew for every connection it
 * opens to a TLS origin, and building the ALPN layer looks its processors up with
 * {@link java.util.ServiceLoader}, a scan of the class path that measured about 1 ms of CPU per
 * connection from the executable jar (some 12% of a crawl's CPU). A transport that declares itself
 * secure gets its own connection-factory chain used as it is: TLS (with the fetcher's trust and
 * host-name verification), then ALPN offering {@code protocols}, then the HTTP/2 or HTTP/1.1
 * connection the server selected.
 *
 * <p>The TLS context (the TLS library, the JVM's CAs and the CA file) is started on a thread of its
 * own when the transport is created, and the first TLS connection waits for it: starting it takes
 * hundreds of milliseconds of a short run's start-up (a {@code check}, say), which then overlap with
 * everything else the run does before its first handshake, name resolution included.
 */
final class TlsTransport extends Transport.Wrapper {

    private static final Logger log = LoggerFactory.getLogger(TlsTransport.class);

    private final Executor executor;
    private final SslContextFactory.Client tls;
    private final List<String> protocols;
    private final CompletableFuture<Void> tlsStarted;
    private volatile Layers layers;

    /** The layers built for the connection factory they wrap. */
    private record Layers(ClientConnectionFactory wrapped, ClientConnectionFactory tlsAndAlpn) {
    }

    /**
     * Creates the transport and starts its TLS context in the background.
     *
     * @param executor  runs the ALPN negotiation's callbacks (the HTTP client's executor)
     * @param tls       the TLS configuration of every connection, not started (this transport starts it
     *                  with {@code library}'s provider, and stops it on {@link #close()})
     * @param library   the TLS implementation
     * @param protocols the application protocols offered by ALPN, in order of preference
     */
    TlsTransport(Executor executor, SslContextFactory.Client tls, TlsLibrary.Choice library, List<String> protocols) {
        super(Transport.TCP_IP);
        this.executor = executor;
        this.tls = tls;
        this.protocols = List.copyOf(protocols);
        this.tlsStarted = CompletableFuture.runAsync(() -> start(tls, library),
                task -> Thread.ofPlatform().daemon().name("mpp-tls-start").start(task));
    }

    private static void start(SslContextFactory.Client tls, TlsLibrary.Choice library) {
        try {
            tls.setProvider(TlsLibrary.provider(library));
            tls.start();
        } catch (Exception e) {
            log.error("TLS cannot start ({}): every https:// request of this run fails", e.toString());
            throw new IllegalStateException("cannot start TLS: " + e.getMessage(), e);
        }
    }

    /** Stops the TLS context once its start has ended; does not wait for that. */
    void close() {
        tlsStarted.thenRun(() -> {
            try {
                tls.stop();
            } catch (Exception e) {
                // nothing of it is used any more
            }
        });
    }

    /** Secure: TLS is part of this transport, so the HTTP client adds no layers of its own. */
    @Override
    public boolean isIntrinsicallySecure() {
        return true;
    }

    @Override
    public ClientConnectionFactory newClientConnectionFactory(ClientConnector connector, ClientConnectionFactory factory) {
        tlsStarted.join(); // at once but for the first connections; fails their requests if TLS cannot start
        Layers built = layers;
        if (built == null || built.wrapped() != factory) {
            // one factory in practice (the client's transport); another one gets layers of its own
            built = new Layers(factory, connector.newSslClientConnectionFactory(tls,
                    new ALPNClientConnectionFactory(executor, factory, protocols)));
            layers = built;
        }
        return built.tlsAndAlpn();
    }

    @Override
    public String toString() {
        return "TLS+ALPN" + protocols + " over " + getWrapped();
    }
}
