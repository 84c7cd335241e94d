package dev.mppcensus.fetch;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which IP addresses the crawler may connect to after DNS. The default refuses everything that is not
 * a public unicast address: loopback, RFC 1918, CGNAT, link-local (cloud metadata 169.254.169.254
 * included), unique-local, multicast, unspecified, broadcast, documentation, benchmarking and other
 * reserved ranges, IPv6 outside global unicast {@code 2000::/3}, and those same IPv4 addresses hidden in IPv4-mapped ({@code ::ffff:a.b.c.d}),
 * IPv4-compatible, NAT64 ({@code 64:ff9b::/96}) and 6to4 ({@code 2002::/16}) IPv6 forms.
 *
 * <p>Addresses chosen by an explicit {@link ConnectToRule} bypass the policy (the operator asked).
 * Instances are immutable and thread-safe.
 */
public final class AddressPolicy {

    private static final List<Cidr> REFUSED_V4 = cidrs(
            "0.0.0.0/8",          // "this network", unspecified
            "10.0.0.0/8",         // RFC 1918
            "100.64.0.0/10",      // CGNAT, RFC 6598
            "127.0.0.0/8",        // loopback
            "169.254.0.0/16",     // link-local, cloud metadata
            "172.16.0.0/12",      // RFC 1918
            "192.0.0.0/24",       // IETF protocol assignments
            "192.0.2.0/24",       // TEST-NET-1
            "192.88.99.0/24",     // 6to4 relay anycast (deprecated)
            "192.168.0.0/16",     // RFC 1918
            "198.18.0.0/15",      // benchmarking
            "198.51.100.0/24",    // TEST-NET-2
            "203.0.113.0/24",     // TEST-NET-3
            "224.0.0.0/4",        // multicast
            "240.0.0.0/4");       // reserved, includes broadcast 255.255.255.255

    private static final List<Cidr> REFUSED_V6 = cidrs(
            "::/128",             // unspecified
            "::1/128",            // loopback
            "100::/64",           // discard-only
            "64:ff9b:1::/48",     // local-use NAT64, RFC 8215
            "2001:db8::/32",      // documentation
            "2001:2::/48",        // benchmarking
            "2001:10::/28",       // ORCHID
            "fc00::/7",           // unique local
            "fe80::/10",          // link-local
            "fec0::/10",          // site-local (deprecated)
            "ff00::/8");          // multicast

    /** Everything else in IPv6 is unassigned or special-purpose. */
    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");

    private static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(List.of());

    private final List<Cidr> allowed;

    private AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Only public unicast addresses. */
    public static AddressPolicy publicOnly() {
        return PUBLIC_ONLY;
    }

    /**
     * Public addresses plus the given networks (e.g. {@code "127.0.0.0/8"} for a lab setup). A network
     * also admits the IPv6 forms that embed one of its IPv4 addresses.
     *
     * @param cidrs networks like {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 or /128
     * @throws IllegalArgumentException when an entry is not an IP network
     */
    public static AddressPolicy allowing(List<String> cidrs) {
        Objects.requireNonNull(cidrs, "cidrs");
        return cidrs.isEmpty() ? PUBLIC_ONLY : new AddressPolicy(cidrs.stream().map(Cidr::parse).toList());
    }

    /**
     * Whether the crawler may connect to {@code address}.
     *
     * @return {@code false} for {@code null} and for every refused range
     */
    public boolean permits(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        byte[] embedded = bytes.length == 16 ? embeddedIpv4(bytes) : null;
        if (isAllowed(bytes) || (embedded != null && isAllowed(embedded))) {
            return true;
        }
        if (bytes.length == 4) {
            return !refused(REFUSED_V4, bytes);
        }
        if (refused(REFUSED_V6, bytes)) {
            return false;
        }
        if (embedded != null) {
            return !refused(REFUSED_V4, embedded);
        }
        return GLOBAL_UNICAST_V6.contains(bytes);
    }

    private boolean isAllowed(byte[] bytes) {
        return allowed.stream().anyMatch(cidr -> cidr.contains(bytes));
    }

    private static boolean refused(List<Cidr> ranges, byte[] bytes) {
        return ranges.stream().anyMatch(cidr -> cidr.contains(bytes));
    }

    /** The IPv4 address carried inside an IPv4-mapped, -compatible, NAT64 or 6to4 address, or {@code null}. */
    private static byte[] embeddedIpv4(byte[] v6) {
        if (allZero(v6, 0, 10) && ((v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) || (v6[10] == 0 && v6[11] == 0))) {
            return Arrays.copyOfRange(v6, 12, 16); // ::ffff:a.b.c.d and ::a.b.c.d
        }
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b && allZero(v6, 4, 12)) {
            return Arrays.copyOfRange(v6, 12, 16); // NAT64 well-known prefix 64:ff9b::/96
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return Arrays.copyOfRange(v6, 2, 6); // 6to4 2002:AABB:CCDD::/48
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static List<Cidr> cidrs(String... specs) {
        return Arrays.stream(specs).map(Cidr::parse).toList();
    }

    @Override
    public String toString() {
        return allowed.isEmpty() ? "AddressPolicy[public only]" : "AddressPolicy[public plus " + allowed + "]";
    }
}
