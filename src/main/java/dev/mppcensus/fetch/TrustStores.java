package dev.mppcensus.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the trust store of the fetcher: the JVM's default CAs plus those of an optional PEM file. */
final class TrustStores {

    private TrustStores() {
    }

    /**
     * The JVM's default trusted CAs plus every certificate in {@code caFile}.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    static KeyStore defaultPlus(Path caFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : jvmDefaultCas()) {
                store.setCertificateEntry("jvm-" + n++, ca);
            }
            Collection<? extends Certificate> extra = readPem(caFile);
            if (extra.isEmpty()) {
                throw new IllegalArgumentException("no certificate in CA file " + caFile);
            }
            int m = 0;
            for (Certificate certificate : extra) {
                store.setCertificateEntry("ca-file-" + m++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot load CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readPem(Path caFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(caFile)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static X509Certificate[] jvmDefaultCas() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
