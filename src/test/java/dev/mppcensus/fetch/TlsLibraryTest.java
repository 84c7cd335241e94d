package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsLibraryTest {

    @AfterEach
    void restoreTheDefault() {
        System.clearProperty(TlsLibrary.PROPERTY);
    }

    @Test
    void boringSslWhereItsNativeLibraryLoads() {
        assumeTrue(Conscrypt.isAvailable(), "Conscrypt has no native library for this platform");

        assertThat(TlsLibrary.provider(TlsLibrary.chosen())).isEqualTo("Conscrypt");
    }

    @Test
    void theJdkTlsOnRequest() {
        System.setProperty(TlsLibrary.PROPERTY, "JDK");

        assertThat(TlsLibrary.provider(TlsLibrary.chosen())).isNull();
    }

    @Test
    void anUnknownChoiceIsAnError() {
        System.setProperty(TlsLibrary.PROPERTY, "openssl");

        assertThatThrownBy(TlsLibrary::chosen).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conscrypt or jdk");
    }
}
