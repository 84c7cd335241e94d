package dev.mppcensus.fetch;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that remembers its delegate's yes to a server: the host name connected to, the exact
 * certificate chain it presented (a SHA-256 of the certificates' encodings) and the key exchange's
 * auth type. The next connection to the same host that presents the same chain is then not verified
 * again: over HTTP/1.1 a host's second connection shows its chain a second time, and checking a chain
 * (its signatures and the host name, in Java) was about a fifth of the TLS CPU of a crawl
 * (docs/benchmarks.md, "Where the CPU goes").
 *
 * <p>A remembered yes holds only while every certificate of the chain is within its validity period;
 * a chain the delegate refused is never remembered, so it is checked (and refused) every time; a host
 * name never vouches for another; at most {@value #CAPACITY} decisions are kept, the least recently used
 * forgotten first. The trust store does not change during a fetcher's life, so for the same inputs the
 * delegate would answer the same. Client certificates are not the crawler's business and go to the
 * delegate unchanged.
 */
final class TrustDecisions extends X509ExtendedTrustManager {

    /** Most decisions remembered. */
    static final int CAPACITY = 4096;

    private final X509ExtendedTrustManager delegate;
    private final Map<String, Validity> trusted = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Validity> eldest) {
            return size() > CAPACITY;
        }
    };

    /** When every certificate of a trusted chain is valid: from the latest notBefore to the earliest notAfter. */
    private record Validity(long fromMillis, long untilMillis) {

        static Validity of(X509Certificate[] chain) {
            long from = Long.MIN_VALUE;
            long until = Long.MAX_VALUE;
            for (X509Certificate certificate : chain) {
                from = Math.max(from, certificate.getNotBefore().getTime());
                until = Math.min(until, certificate.getNotAfter().getTime());
            }
            return new Validity(from, until);
        }

        boolean covers(long millis) {
            return millis >= fromMillis && millis <= untilMillis;
        }
    }

    TrustDecisions(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /** {@code managers} with each {@link X509ExtendedTrustManager} among them remembering its decisions. */
    static TrustManager[] remembering(TrustManager[] managers) {
        if (managers == null) {
            return null;
        }
        TrustManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509ExtendedTrustManager extended) {
                wrapped[i] = new TrustDecisions(extended);
            }
        }
        return wrapped;
    }

    /** How many decisions are remembered now. */
    int size() {
        synchronized (trusted) {
            return trusted.size();
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        String key = key(engine == null ? null : engine.getPeerHost(), authType, chain);
        if (key == null) {
            delegate.checkServerTrusted(chain, authType, engine);
            return;
        }
        Validity remembered;
        synchronized (trusted) {
            remembered = trusted.get(key);
        }
        if (remembered != null && remembered.covers(System.currentTimeMillis())) {
            return;
        }
        delegate.checkServerTrusted(chain, authType, engine);
        Validity validity = Validity.of(chain);
        synchronized (trusted) {
            trusted.put(key, validity);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** The decision's key; {@code null} when there is nothing to key it on (no host name, no chain). */
    private static String key(String host, String authType, X509Certificate[] chain) {
        if (host == null || host.isEmpty() || chain == null || chain.length == 0) {
            return null;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                byte[] encoded = certificate.getEncoded();
                sha256.update((byte) (encoded.length >>> 24));
                sha256.update((byte) (encoded.length >>> 16));
                sha256.update((byte) (encoded.length >>> 8));
                sha256.update((byte) encoded.length);
                sha256.update(encoded);
            }
            return host.toLowerCase(java.util.Locale.ROOT) + ' ' + authType + ' '
                    + HexFormat.of().formatHex(sha256.digest());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
