package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectToRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            # spec                              | fromHost        | fromPort | toHost          | toPort
            example.com:443:127.0.0.1:8443      | example.com     | 443      | 127.0.0.1       | 8443
            Example.COM:443:Backend.Local:      | example.com     | 443      | backend.local   | null
            :443:127.0.0.1:8443                 | null            | 443      | 127.0.0.1       | 8443
            example.com::127.0.0.1:             | example.com     | null     | 127.0.0.1       | null
            :::                                 | null            | null     | null            | null
            example.com:80::8080                | example.com     | 80       | null            | 8080
            *.example.com:443:127.0.0.1:8443    | *.example.com   | 443      | 127.0.0.1       | 8443
            [::1]:443:[::2]:8443                | ::1             | 443      | ::2             | 8443
            example.com:443:[::1]:              | example.com     | 443      | ::1             | null
            [2001:DB8::1]::[fe80::1]:1          | 2001:db8::1     | null     | fe80::1         | 1
            example.com.:443:127.0.0.1:65535    | example.com     | 443      | 127.0.0.1       | 65535
            """)
    void parsesCurlSyntax(String spec, String fromHost, Integer fromPort, String toHost, Integer toPort) {
        assertThat(ConnectToRule.parse(spec)).isEqualTo(new ConnectToRule(fromHost, fromPort, toHost, toPort));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
            "",                              // no parts
            "example.com:443:127.0.0.1",     // three parts
            "example.com:443:127.0.0.1:1:2", // five parts
            "example.com:https:127.0.0.1:1", // port not a number
            "example.com:443:127.0.0.1:0",   // port out of range
            "example.com:70000::",           // port out of range
            "example.com:-1::",              // negative port
            "[::1:443::",                    // unclosed bracket
            "[::1]x:443::",                  // garbage after bracket
            "[]:443::",                      // empty brackets
            "[example.com]:443::",           // brackets around a name
            "::1:443::",                     // IPv6 without brackets
            "exa mple.com:443::",            // space in name
            "example.com:443:*.other.com:",  // wildcard target
            "*:443::",                       // bare star
            "a..b:443::"})                   // empty label
    void rejectsBadSyntaxWithOneLineMessage(String spec) {
        assertThatThrownBy(() -> ConnectToRule.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining(spec.isEmpty() ? "HOST1" : spec);
    }

    @ParameterizedTest(name = "{0} vs {1}:{2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com:443:127.0.0.1:1     | example.com     | 443 | true
            example.com:443:127.0.0.1:1     | EXAMPLE.com     | 443 | true
            example.com:443:127.0.0.1:1     | example.com.    | 443 | true
            example.com:443:127.0.0.1:1     | example.com     | 80  | false
            example.com:443:127.0.0.1:1     | www.example.com | 443 | false
            example.com::127.0.0.1:1        | example.com     | 80  | true
            :443:127.0.0.1:1                | anything.org    | 443 | true
            :443:127.0.0.1:1                | anything.org    | 80  | false
            :::                             | anything.org    | 1   | true
            *.example.com:443:127.0.0.1:1   | a.example.com   | 443 | true
            *.example.com:443:127.0.0.1:1   | a.b.example.com | 443 | true
            *.example.com:443:127.0.0.1:1   | example.com     | 443 | false
            *.example.com:443:127.0.0.1:1   | badexample.com  | 443 | false
            *.example.com:443:127.0.0.1:1   | a.example.com   | 80  | false
            [::1]:80:127.0.0.1:1            | [::1]           | 80  | true
            [::1]:80:127.0.0.1:1            | ::1             | 80  | true
            [::1]:80:127.0.0.1:1            | ::2             | 80  | false
            """)
    void matchesHostAndPort(String spec, String host, int port, boolean expected) {
        assertThat(ConnectToRule.parse(spec).matches(host, port)).isEqualTo(expected);
    }

    @Test
    void targetKeepsTheOriginalWhereEmpty() {
        ConnectToRule keepHost = ConnectToRule.parse("example.com:443::8443");
        ConnectToRule keepPort = ConnectToRule.parse("example.com:443:127.0.0.1:");

        assertThat(keepHost.targetHost("example.com")).isEqualTo("example.com");
        assertThat(keepHost.targetPort(443)).isEqualTo(8443);
        assertThat(keepPort.targetHost("example.com")).isEqualTo("127.0.0.1");
        assertThat(keepPort.targetPort(443)).isEqualTo(443);
    }

    @Test
    void firstMatchingRuleWins() {
        List<ConnectToRule> rules = List.of(ConnectToRule.parse("a.example.com:443:127.0.0.1:1"),
                ConnectToRule.parse("*.example.com:443:127.0.0.1:2"));

        ConnectToRule chosen = rules.stream().filter(r -> r.matches("a.example.com", 443)).findFirst().orElseThrow();

        assertThat(chosen.toPort()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com:443:127.0.0.1:8443", ":443:[::1]:", "*.x.org:::1", ":::"})
    void printsBackInCurlSyntax(String spec) {
        assertThat(ConnectToRule.parse(spec).toString()).isEqualTo(spec);
    }
}
