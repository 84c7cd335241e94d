package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslClientConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

/**
 * The TLS transport starts its TLS context before the first connection and builds its TLS and ALPN
 * layers once per wrapped factory, instead of once per connection (the protocol negotiation itself is
 * covered over real sockets by {@link HttpFetcherTest} and {@link HttpFetcherTlsTest}).
 */
class TlsTransportTest {

    private static final ClientConnectionFactory HTTP = new ClientConnectionFactory() {
        @Override
        public Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void buildsItsLayersOncePerWrappedFactory() {
        ClientConnector connector = new ClientConnector();
        TlsTransport transport = new TlsTransport(Runnable::run, new SslContextFactory.Client(), TlsLibrary.Choice.JDK,
                List.of("h2", "http/1.1"));

        ClientConnectionFactory first = transport.newClientConnectionFactory(connector, HTTP);
        ClientConnectionFactory second = transport.newClientConnectionFactory(connector, HTTP);

        assertThat(first).isSameAs(second);
        assertThat(transport.isIntrinsicallySecure()).isTrue();
        assertThat(transport.newClientConnectionFactory(connector, new SslClientConnectionFactory(
                new SslContextFactory.Client(), null, null, HTTP))).isNotSameAs(first);
    }

    @Test
    void startsItsTlsContextBeforeTheFirstConnectionAndStopsItOnClose() {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        TlsTransport transport = new TlsTransport(Runnable::run, tls, TlsLibrary.Choice.JDK, List.of("http/1.1"));

        transport.newClientConnectionFactory(new ClientConnector(), HTTP);
        assertThat(tls.isStarted()).isTrue();

        transport.close();
        assertThat(tls.isStopped()).isTrue();
    }

    @Test
    void aTlsContextThatCannotStartFailsTheConnectionsWithItsReason() {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setProtocol("TLSv9"); // no such protocol: SSLContext.getInstance fails
        TlsTransport transport = new TlsTransport(Runnable::run, tls, TlsLibrary.Choice.JDK, List.of("http/1.1"));

        assertThatThrownBy(() -> transport.newClientConnectionFactory(new ClientConnector(), HTTP))
                .hasMessageContaining("cannot start TLS").hasMessageContaining("TLSv9");
    }
}
