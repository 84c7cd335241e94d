package dev.mppcensus.fetch;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;

/**
 * Closes a TLS connection's engine both ways when the connection closes; a bean of a Jetty client or
 * connector. Jetty closes only the outbound side when the other end hangs up first (for the crawler,
 * the usual case: an idle connection is dropped after a moment), and BoringSSL's engine keeps its
 * native state, two file descriptors among it, until both sides are closed or the garbage collector
 * finds it: thousands of connections would run out of descriptors.
 */
public final class TlsEngineRelease implements Connection.Listener {

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof SslConnection tlsConnection) {
            SSLEngine engine = tlsConnection.getSSLEngine();
            engine.closeOutbound();
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                // the peer sent no close_notify: nothing more will be read from it anyway
            }
        }
    }
}
