package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # public
            93.184.216.34           | true
            8.8.8.8                 | true
            1.1.1.1                 | true
            100.63.255.255          | true
            100.128.0.0             | true
            172.15.255.255          | true
            172.32.0.0              | true
            192.0.1.1               | true
            198.17.255.255          | true
            223.255.255.255         | true
            2606:4700::1111         | true
            2a00:1450:4001:80b::200e| true
            ::ffff:8.8.8.8          | true
            64:ff9b::808:808        | true
            2002:808:808::1         | true
            # loopback, unspecified, this network
            127.0.0.1               | false
            127.255.255.254         | false
            0.0.0.0                 | false
            0.1.2.3                 | false
            ::1                     | false
            ::                      | false
            # RFC 1918
            10.0.0.1                | false
            10.255.255.255          | false
            172.16.0.1              | false
            172.31.255.255          | false
            192.168.0.1             | false
            # CGNAT, link-local, metadata
            100.64.0.1              | false
            100.127.255.255         | false
            169.254.0.1             | false
            169.254.169.254         | false
            fe80::1                 | false
            febf::1                 | false
            # unique local, site local
            fc00::1                 | false
            fd12:3456::1            | false
            fec0::1                 | false
            # multicast, broadcast, reserved
            224.0.0.1               | false
            239.255.255.255         | false
            255.255.255.255         | false
            240.0.0.1               | false
            ff02::1                 | false
            fe00::1                 | false
            4000::1                 | false
            100::1                  | false
            # documentation, benchmarking, protocol assignments
            192.0.0.8               | false
            192.0.2.1               | false
            198.18.0.1              | false
            198.19.255.255          | false
            198.51.100.7            | false
            203.0.113.9             | false
            2001:db8::1             | false
            # IPv4 hidden in IPv6
            ::ffff:127.0.0.1        | false
            ::ffff:10.1.2.3         | false
            ::ffff:169.254.169.254  | false
            ::127.0.0.1             | false
            64:ff9b::127.0.0.1      | false
            64:ff9b::a9fe:a9fe      | false
            64:ff9b:1::1            | false
            2002:7f00:1::1          | false
            2002:c0a8:101::1        | false
            """)
    void publicOnly(String address, boolean permitted) {
        assertThat(AddressPolicy.publicOnly().permits(InetAddress.ofLiteral(address))).isEqualTo(permitted);
    }

    @Test
    void mappedAddressBuiltAsInet6AddressIsStillChecked() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(address).isInstanceOf(java.net.Inet6Address.class);
        assertThat(AddressPolicy.publicOnly().permits(address)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1         | true
            127.9.9.9         | true
            ::ffff:127.0.0.1  | true
            10.0.0.1          | true
            10.0.0.2          | false
            fd00::5           | true
            fe00::5           | false
            192.168.1.1       | false
            8.8.8.8           | true
            ::1               | false
            """)
    void allowingExtraNetworks(String address, boolean permitted) {
        AddressPolicy policy = AddressPolicy.allowing(List.of("127.0.0.0/8", "10.0.0.1", "fd00::/8"));

        assertThat(policy.permits(InetAddress.ofLiteral(address))).isEqualTo(permitted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost/8", "10.0.0.0/33", "::/129", "10.0.0.0/x", "", "10.0.0/8x"})
    void rejectsBadNetworks(String cidr) {
        assertThatThrownBy(() -> AddressPolicy.allowing(List.of(cidr))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNull() {
        assertThat(AddressPolicy.publicOnly().permits(null)).isFalse();
    }
}
