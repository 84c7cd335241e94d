package dev.mppcensus.fetch;

import java.security.Security;
import java.util.Locale;

import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS implementation of the fetcher's connections: BoringSSL through Conscrypt wherever its
 * native library loads (Linux on x86-64 and aarch64, Windows on x86-64), else the JDK's own. A crawl
 * is mostly TLS handshakes, and with BoringSSL it measured about 30% less CPU per host
 * (docs/benchmarks.md). Either way the fetcher's trust (the JVM's CAs plus the CA file), host-name
 * verification, ALPN and failure classes are the same. The system property
 * {@value #PROPERTY}{@code =jdk} chooses the JDK's TLS.
 */
final class TlsLibrary {

    /** System property choosing the TLS implementation: {@code conscrypt} (the default) or {@code jdk}. */
    static final String PROPERTY = "mpp.tls";

    private static final Logger log = LoggerFactory.getLogger(TlsLibrary.class);
    private static final String CONSCRYPT = "Conscrypt";

    /** Whether Conscrypt's native library loaded; {@code null} until first asked. */
    private static Boolean conscryptLoads;

    private TlsLibrary() {
    }

    /** The implementations to choose from. */
    enum Choice { CONSCRYPT, JDK }

    /**
     * The implementation the system property chooses (read now, loaded later by {@link #provider(Choice)}).
     *
     * @throws IllegalArgumentException when the system property names no known implementation
     */
    static Choice chosen() {
        String chosen = System.getProperty(PROPERTY, "conscrypt").trim().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "jdk" -> Choice.JDK;
            case "conscrypt" -> Choice.CONSCRYPT;
            default -> throw new IllegalArgumentException(PROPERTY + " must be conscrypt or jdk, not " + chosen);
        };
    }

    /**
     * The security provider of {@code choice}: Conscrypt's (registered last, so nothing else in the JVM
     * changes; loading its native library takes a moment the first time) or {@code null} for the JDK's
     * default.
     */
    static synchronized String provider(Choice choice) {
        if (choice == Choice.JDK) {
            return null;
        }
        if (conscryptLoads == null) {
            conscryptLoads = loads();
            if (conscryptLoads && Security.getProvider(CONSCRYPT) == null) {
                Security.addProvider(Conscrypt.newProvider());
            }
        }
        return conscryptLoads ? CONSCRYPT : null;
    }

    private static boolean loads() {
        try {
            if (Conscrypt.isAvailable()) {
                return true;
            }
            log.info("Conscrypt's native library is not available here: TLS runs on the JDK's implementation");
        } catch (LinkageError | RuntimeException e) {
            log.info("Conscrypt's native library does not load here ({}): TLS runs on the JDK's implementation",
                    e.toString());
        }
        return false;
    }
}
