package dev.mppcensus.fetch;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Collection;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's client TLS configuration with the fetcher's trust: the JVM's default trust manager (the
 * JDK's default algorithm over the JVM's CAs, what a TLS context gets when given no trust manager), or,
 * with a CA file, the JVM's CAs plus the file's. Either way its decisions are remembered per host and
 * chain ({@link TrustDecisions}), and host names are verified (RFC 9110 section 4.3.4).
 */
final class FetcherTls extends SslContextFactory.Client {

    private final boolean jvmDefault;

    /**
     * @param caFile extra CAs to trust (PEM), or {@code null}
     * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate
     */
    FetcherTls(Path caFile) {
        setEndpointIdentificationAlgorithm("HTTPS");
        jvmDefault = caFile == null;
        // a trust store makes Jetty ask getTrustManagers (below); without one it would leave the choice to
        // the TLS library, out of reach
        setTrustStore(jvmDefault ? emptyStore() : TrustStores.defaultPlus(caFile));
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) throws Exception {
        if (jvmDefault) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return TrustDecisions.remembering(factory.getTrustManagers());
        }
        return TrustDecisions.remembering(super.getTrustManagers(trustStore, crls));
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create an empty key store: " + e.getMessage(), e);
        }
    }
}
