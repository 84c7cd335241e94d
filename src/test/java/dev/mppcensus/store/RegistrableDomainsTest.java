package dev.mppcensus.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registrable domains by the Public Suffix List, private suffixes (hosting platforms) included. */
class RegistrableDomainsTest {

    /** host | registrable domain ('-' none). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            api.example.com        | example.com
            www.example.com.       | example.com
            API.Example.CO.UK      | example.co.uk
            foo.github.io          | foo.github.io
            a.b.vercel.app         | b.vercel.app
            worker.acct.workers.dev | acct.workers.dev
            x.workers.dev          | x.workers.dev
            github.io              | -
            vercel.app             | -
            workers.dev            | -
            com                    | -
            charge.test            | charge.test
            203.0.113.7            | 203.0.113.7
            -                      | -
            """)
    void registrableDomain(String host, String expected) {
        assertThat(RegistrableDomains.of(host)).isEqualTo(expected);
    }
}
