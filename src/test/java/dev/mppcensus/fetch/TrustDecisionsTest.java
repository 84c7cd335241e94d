package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mppcensus.fixture.IssuedCertificate;
import dev.mppcensus.fixture.TestCertificateAuthority;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The remembered trust decisions: only a yes, only for the same host name and the same chain, only while
 * the chain is valid. The delegate is the JDK's PKIX trust manager over the test CA, counted.
 */
class TrustDecisionsTest {

    private static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    private static final TestCertificateAuthority OTHER_CA = TestCertificateAuthority.create("another test CA");

    @Test
    void aHostsSecondIdenticalChainIsNotCheckedAgain() throws Exception {
        Counted delegate = Counted.trusting(CA);
        TrustDecisions decisions = new TrustDecisions(delegate);
        X509Certificate[] chain = chain(CA.issue(List.of("a.test")));

        decisions.checkServerTrusted(chain, "ECDHE_ECDSA", engine("a.test"));
        decisions.checkServerTrusted(chain, "ECDHE_ECDSA", engine("A.test"));

        assertThat(delegate.calls).hasValue(1);
        assertThat(decisions.size()).isEqualTo(1);
    }

    @Test
    void anotherHostOrAnotherChainIsChecked() throws Exception {
        Counted delegate = Counted.trusting(CA);
        TrustDecisions decisions = new TrustDecisions(delegate);
        X509Certificate[] chain = chain(CA.issue(List.of("a.test", "b.test")));
        X509Certificate[] renewed = chain(CA.issue(List.of("a.test", "b.test")));

        decisions.checkServerTrusted(chain, "ECDHE_ECDSA", engine("a.test"));
        decisions.checkServerTrusted(chain, "ECDHE_ECDSA", engine("b.test"));
        decisions.checkServerTrusted(renewed, "ECDHE_ECDSA", engine("a.test"));
        decisions.checkServerTrusted(chain, "ECDHE_RSA", engine("a.test"));

        assertThat(delegate.calls).hasValue(4);
    }

    @Test
    void aRefusedChainIsRefusedEveryTime() throws Exception {
        Counted delegate = Counted.trusting(CA);
        TrustDecisions decisions = new TrustDecisions(delegate);
        X509Certificate[] untrusted = chain(OTHER_CA.issue(List.of("a.test")));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> decisions.checkServerTrusted(untrusted, "ECDHE_ECDSA", engine("a.test")))
                    .isInstanceOf(CertificateException.class);
        }
        assertThat(delegate.calls).hasValue(2);
        assertThat(decisions.size()).isZero();
    }

    @Test
    void aChainOutsideItsValidityIsNeverTakenFromMemory() throws Exception {
        Counted delegate = Counted.trustingAll();
        TrustDecisions decisions = new TrustDecisions(delegate);
        X509Certificate[] expired = chain(CA.issueExpired(List.of("a.test")));

        decisions.checkServerTrusted(expired, "ECDHE_ECDSA", engine("a.test"));
        decisions.checkServerTrusted(expired, "ECDHE_ECDSA", engine("a.test"));

        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void withoutAHostNameEveryChainIsChecked() throws Exception {
        Counted delegate = Counted.trusting(CA);
        TrustDecisions decisions = new TrustDecisions(delegate);
        X509Certificate[] chain = chain(CA.issue(List.of("a.test")));

        decisions.checkServerTrusted(chain, "ECDHE_ECDSA", (SSLEngine) null);
        decisions.checkServerTrusted(chain, "ECDHE_ECDSA", (SSLEngine) null);

        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void onlyExtendedTrustManagersAreWrapped() throws Exception {
        TrustManager[] wrapped = TrustDecisions.remembering(new TrustManager[] {Counted.trusting(CA)});
        assertThat(wrapped).singleElement().isInstanceOf(TrustDecisions.class);
        assertThat(TrustDecisions.remembering(null)).isNull();
    }

    private static X509Certificate[] chain(IssuedCertificate issued) {
        return issued.chain().toArray(X509Certificate[]::new);
    }

    private static SSLEngine engine(String host) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return context.createSSLEngine(host, 443);
    }

    /** Counts server checks; decides them with the JDK's PKIX trust manager over one CA, or trusts all. */
    private static final class Counted extends X509ExtendedTrustManager {
        final AtomicInteger calls = new AtomicInteger();
        private final X509TrustManager pkix;

        private Counted(X509TrustManager pkix) {
            this.pkix = pkix;
        }

        static Counted trusting(TestCertificateAuthority ca) throws Exception {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return new Counted((X509TrustManager) factory.getTrustManagers()[0]);
        }

        static Counted trustingAll() {
            return new Counted(null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            calls.incrementAndGet();
            if (pkix != null) {
                pkix.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
