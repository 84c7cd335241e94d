package dev.mppcensus.fetch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link HttpFetcherTlsTest}'s trust, verification and failure classes with the JDK's TLS instead of BoringSSL. */
class HttpFetcherJdkTlsTest extends HttpFetcherTlsTest {

    @BeforeAll
    static void useTheJdkTls() {
        System.setProperty(TlsLibrary.PROPERTY, "jdk");
    }

    @AfterAll
    static void restoreTheDefault() {
        System.clearProperty(TlsLibrary.PROPERTY);
    }
}
