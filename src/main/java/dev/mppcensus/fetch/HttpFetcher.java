package dev.mppcensus.fetch;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContinueProtocolHandler;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.EarlyHintsProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProcessingProtocolHandler;
import org.eclipse.jetty.client.ProtocolHandlers;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.client.transport.internal.HttpConnectionOverHTTP;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The crawler's HTTP client. {@link #fetch(FetchRequest)} blocks until the response is complete or a
 * deadline expired and never throws for network or protocol problems: they come back as a
 * {@link FetchError} in the {@link FetchResponse}. Safe for thousands of concurrent (virtual) threads.
 *
 * <p>Guarantees: redirects are returned, never followed; no cookies are stored or sent; no
 * credentials are sent; {@code Accept-Encoding: identity} is sent and responses are never decoded, so
 * the body cap applies to the bytes on the wire and a compression bomb cannot inflate in memory; the
 * body is capped while streaming; response headers are capped; TLS trusts the JVM's CAs plus the
 * optional CA file and verifies host names; HTTP/2 is used where a TLS server offers it by ALPN (one
 * connection per host carrying concurrent requests), else HTTP/1.1 with connections kept alive and
 * reused per host (at most {@code maxConnectionsPerHost}); idle hosts are forgotten; at most {@code maxRequestsPerAddress}
 * requests are in flight to one IP address, whatever host names point there (further callers wait).
 *
 * <p>Closing the fetcher stops the underlying client and fails requests still in flight.
 */
public final class HttpFetcher implements AutoCloseable {

    private static final long POOL_IDLE_MILLIS = 1_500;

    /** Extra wait beyond the total deadline before the fetching thread gives up on Jetty itself. */
    private static final long SAFETY_MARGIN_MILLIS = 2_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final FetchSettings settings;
    private final String name = "mpp-fetch-" + INSTANCES.incrementAndGet();
    private final HttpClient client;
    private final TlsTransport tlsTransport;
    private final ConnectToResolver resolver;
    private final AddressGate addressGate;
    private final RequestObserver observer;
    private volatile boolean closed;

    /**
     * Creates and starts a fetcher.
     *
     * @throws IllegalArgumentException when the CA file cannot be read, or the system property
     *                                  {@code mpp.tls} names no known TLS library
     * @throws IllegalStateException    when the client cannot start
     */
    public HttpFetcher(FetchSettings settings) {
        this(settings, RequestObserver.NONE);
    }

    /** As {@link #HttpFetcher(FetchSettings)}, telling {@code observer} about every finished request. */
    public HttpFetcher(FetchSettings settings, RequestObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.resolver = new ConnectToResolver(settings.connectTo(), settings.addressPolicy(),
                new DnsResolver(settings.dnsServers(), settings.connectTimeout()));
        this.addressGate = new AddressGate(settings.maxRequestsPerAddress());
        TlsLibrary.Choice tlsLibrary = TlsLibrary.chosen();
        this.client = newClient(settings, name, resolver);
        this.tlsTransport = new TlsTransport(client.getExecutor(), client.getSslContextFactory(), tlsLibrary,
                List.of("h2", "http/1.1"));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start HTTP client: " + e.getMessage(), e);
        }
        // Decoder factories may be registered while starting; clear afterwards so nothing is decoded.
        client.getContentDecoderFactories().clear();
        keepOnlyInterimResponseHandlers(client.getProtocolHandlers());
    }

    /**
     * Jetty installs its protocol handlers while starting. Only those that skip interim (1xx) responses
     * to read the final one (RFC 9110, section 15.2) are kept: the others would follow redirects, answer
     * 401 and 407 challenges (buffering the body under a cap of their own, and failing a challenge
     * without its header) and upgrade connections, while the crawler takes every final response as it is.
     */
    private static void keepOnlyInterimResponseHandlers(ProtocolHandlers handlers) {
        handlers.clear();
        handlers.put(new ContinueProtocolHandler());
        handlers.put(new ProcessingProtocolHandler());
        handlers.put(new EarlyHintsProtocolHandler());
    }

    private static HttpClient newClient(FetchSettings settings, String name, ConnectToResolver resolver) {
        SslContextFactory.Client tls = new FetcherTls(settings.caFile());

        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName(name);
        threads.setDaemon(true);

        long requestMillis = settings.requestTimeout().toMillis();
        long poolIdleMillis = Math.min(requestMillis, POOL_IDLE_MILLIS);
        HttpClientTransportDynamic transport = transport(settings);
        HttpClient client = new HttpClient(transport);
        client.setName(name);
        client.setExecutor(threads);
        client.setSslContextFactory(tls);
        transport.getClientConnector().unmanage(tls); // TlsTransport starts it, in the background
        client.setSocketAddressResolver(resolver);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        // Connecting, the TLS handshake and ALPN run under the request's deadline (a loaded machine or a
        // slow server may take seconds; the connect itself has its own timeout). Once an HTTP/1.1
        // connection is ready, it is closed after a moment idle: a domain's requests follow each other at
        // once, and keeping hosts around longer costs sockets and makes Jetty's destination bookkeeping (a
        // linear bean list) a measured 5% of CPU at 220 hosts/s; during an exchange the request's own idle
        // timeout (the full deadline) applies instead. An HTTP/2 connection keeps the deadline as idle
        // timeout: Jetty closes an idle session even while a stream waits for a slow answer.
        client.setIdleTimeout(requestMillis);
        client.addBean(new PoolIdleTimeout(poolIdleMillis));
        client.addBean(new TlsEngineRelease());
        client.setDestinationIdleTimeout(poolIdleMillis * 2);
        client.setMaxConnectionsPerDestination(settings.maxConnectionsPerHost());
        client.setMaxResponseHeadersSize(settings.maxHeaderBytes());
        client.setFollowRedirects(false);
        client.setRedirectCache(null);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
        return client;
    }

    /**
     * HTTP/2 where a TLS server offers it by ALPN, else HTTP/1.1; plain {@code http://} is always
     * HTTP/1.1 (no cleartext h2c). An h2 origin's requests share one connection as streams; an HTTP/1.1
     * origin gets at most {@code maxConnectionsPerHost} connections. The h2 side keeps the same header
     * cap; body caps, deadlines and the no-redirect rule live in the request and its listener, so they
     * hold for both.
     */
    private static HttpClientTransportDynamic transport(FetchSettings settings) {
        ClientConnector connector = new ClientConnector();
        HTTP2Client http2 = new HTTP2Client(connector);
        http2.setMaxResponseHeadersSize(settings.maxHeaderBytes());
        http2.setConnectTimeout(settings.connectTimeout().toMillis());
        http2.setMaxConcurrentPushedStreams(0); // RFC 9113 section 8.4: pushes are refused
        ClientConnectionFactory.Info h2 = new ClientConnectionFactoryOverHTTP2.HTTP2(http2, List.of("h2"));
        ClientConnectionFactory.Info http11 = HttpClientConnectionFactory.HTTP11;
        return new HttpClientTransportDynamic(connector, h2, http11) {
            @Override
            public Connection newConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
                // A TLS server that selects no protocol by ALPN speaks HTTP/1.1 (RFC 7301 section 3.2),
                // whereas Jetty would take the first protocol offered, h2.
                if (context.get(ClientConnector.APPLICATION_PROTOCOL_CONTEXT_KEY) == null) {
                    return http11.getClientConnectionFactory().newConnection(endPoint, context);
                }
                return super.newConnection(endPoint, context);
            }
        };
    }

    /** Sets the pooled idle timeout on each HTTP/1.1 connection once it is ready (after TLS and ALPN). */
    private record PoolIdleTimeout(long millis) implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof HttpConnectionOverHTTP) {
                connection.getEndPoint().setIdleTimeout(millis);
            }
        }
    }

    /** The prefix of this fetcher's thread names ({@code mpp-fetch-N}). */
    String name() {
        return name;
    }

    /** How many hosts the client currently keeps state (a connection pool) for. */
    int destinationCount() {
        return client.getDestinations().size();
    }

    /** How many IP addresses the per-address limit currently tracks (0 when idle). */
    int addressGateSize() {
        return addressGate.trackedAddresses();
    }

    /** The settings this fetcher was created with. */
    public FetchSettings settings() {
        return settings;
    }

    /**
     * Performs one request and waits for its outcome, at most the total deadline (plus a little
     * slack for Jetty to report).
     *
     * @return the response or the classified failure; never {@code null}
     * @throws NullPointerException  when {@code request} is {@code null}
     * @throws IllegalStateException when the fetcher was closed
     */
    public FetchResponse fetch(FetchRequest request) {
        return fetch(request, null);
    }

    /**
     * As {@link #fetch(FetchRequest)}, running {@code onConnected} when the request is about to be sent on
     * a connection: TCP connected, and for https the TLS handshake done. It runs at most once, on one of
     * the client's threads, and must not block; it does not run when no connection was made.
     *
     * @param onConnected what to run then, or {@code null} for nothing
     */
    public FetchResponse fetch(FetchRequest request, Runnable onConnected) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("HttpFetcher is closed");
        }
        long start = System.nanoTime();
        FetchResponse response = gatedFetch(request, start, onConnected);
        observer.requestFinished(response, System.nanoTime() - start);
        return response;
    }

    private FetchResponse gatedFetch(FetchRequest request, long start, Runnable onConnected) {
        Runnable release;
        try {
            release = settings.maxRequestsPerAddress() == 0 ? () -> { }
                    : addressGate.enter(resolver.firstAddress(request.uri().getHost(), port(request.uri())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FetchResponse.failed(request.uri(), null, millisSince(start),
                    new FetchError(FetchErrorKind.OTHER, "interrupted while waiting for the per-address limit"));
        }
        try {
            return send(request, start, onConnected);
        } finally {
            release.run();
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private FetchResponse send(FetchRequest request, long start, Runnable onConnected) {
        ResponseCollector collector = new ResponseCollector(settings.maxBodyBytes(), request.readBody());
        Request exchange = client.newRequest(wireUri(request.uri()))
                .method(request.method())
                .followRedirects(false)
                .timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .idleTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    headers.put(HttpHeader.ACCEPT, "*/*");
                    headers.put(HttpHeader.ACCEPT_ENCODING, "identity");
                    request.extraHeaders().forEach(headers::put);
                })
                .onRequestBegin(begun -> {
                    collector.connection(begun.getConnection());
                    if (onConnected != null) {
                        onConnected.run();
                    }
                });
        if ("https".equalsIgnoreCase(request.uri().getScheme())) {
            exchange.transport(tlsTransport);
        }
        byte[] body = request.body();
        if (body != null) {
            exchange.body(new BytesRequestContent("application/json", body));
        }
        FetchResponse response = exchange(request, start, exchange, collector);
        if (!response.answered()) {
            forgetIfUnused(exchange);
        }
        return response;
    }

    /**
     * Drops the destination (Jetty's per-origin state) of a request that got no answer, unless it
     * still has connections. Jetty only expires destinations whose connections went idle, so without
     * this every refused or unresolvable origin of a crawl stays in memory (measured: 117,000
     * destinations filled a 256 MiB heap 41,000 domains into a list of refused hosts).
     */
    private void forgetIfUnused(Request exchange) {
        try {
            Destination destination = client.resolveDestination(exchange);
            if (destination instanceof HttpDestination http && http.getConnectionPool().isEmpty()) {
                client.removeDestination(destination);
            }
        } catch (RuntimeException e) {
            // the client is stopping, or the origin cannot be resolved into a destination: nothing to drop
        }
    }

    private FetchResponse exchange(FetchRequest request, long start, Request exchange, ResponseCollector collector) {
        Result result;
        try {
            exchange.send(collector);
            result = collector.completion().get(settings.requestTimeout().toMillis() + SAFETY_MARGIN_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.abort(e);
            return FetchResponse.failed(request.uri(), collector.remoteAddress(), millisSince(start),
                    new FetchError(FetchErrorKind.OTHER, "interrupted"));
        } catch (TimeoutException e) {
            exchange.abort(e);
            return finish(request, collector, start, new FetchError(FetchErrorKind.TIMEOUT,
                    "no outcome within " + settings.requestTimeout().toMillis() + " ms"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("response listener failed", e.getCause());
        } catch (RuntimeException e) {
            // Jetty rejects a request synchronously, e.g. too many requests queued for one host.
            return finish(request, collector, start, FailureClassifier.classify(e));
        }
        return finish(request, collector, start, errorOf(request, result, collector));
    }

    private static FetchError errorOf(FetchRequest request, Result result, ResponseCollector collector) {
        if (collector.truncated()) {
            return new FetchError(FetchErrorKind.TOO_LARGE, "response body exceeds the cap; first bytes kept");
        }
        if (!result.isFailed()) {
            return null;
        }
        Throwable failure = result.getFailure();
        if (failure instanceof ResponseCollector.HeadersReceived) {
            return null;
        }
        boolean handshakePending = "https".equalsIgnoreCase(request.uri().getScheme()) && collector.remoteAddress() == null;
        return FailureClassifier.classify(failure, handshakePending);
    }

    private static FetchResponse finish(FetchRequest request, ResponseCollector collector, long start,
                                        FetchError error) {
        if (collector.status() < 0 || collector.headers() == null) {
            return FetchResponse.failed(request.uri(), collector.remoteAddress(), millisSince(start), error);
        }
        return new FetchResponse(request.uri(), collector.status(), collector.headers(), collector.body(),
                collector.remoteAddress(), millisSince(start), error);
    }

    /** The URI as sent: without user info (never sent as credentials) and without fragment. */
    private static URI wireUri(URI uri) {
        StringBuilder s = new StringBuilder();
        s.append(uri.getScheme().toLowerCase(java.util.Locale.ROOT)).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            s.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        s.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        return URI.create(s.toString());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Stops the client; requests in flight fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        tlsTransport.close();
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop HTTP client: " + e.getMessage(), e);
        }
    }
}
