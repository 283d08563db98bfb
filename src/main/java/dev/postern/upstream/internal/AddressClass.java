package dev.postern.upstream.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * Which addresses a gateway must be careful with. Link-local and cloud-metadata addresses (and the unspecified and
 * multicast ones, which cannot be a server) are never reachable; loopback, private, shared and reserved ones only by
 * an explicit rule; the rest are public.
 */
public enum AddressClass {
    ALWAYS_BLOCKED,
    INTERNAL,
    PUBLIC;

    private static final List<Cidr> BLOCKED = cidrs(
            "169.254.0.0/16", "0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32",
            "fe80::/10", "fd00:ec2::254/128", "::/128", "ff00::/8");

    private static final List<Cidr> INTERNAL_BLOCKS = cidrs(
            "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "192.0.0.0/24",
            "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
            "::1/128", "fc00::/7", "fec0::/10", "2001:db8::/32", "2001::/32", "100::/64");

    public static AddressClass of(InetAddress address) {
        var embedded = Cidr.embeddedIpv4(address);
        if (embedded.isPresent()) {
            AddressClass inner = of(embedded.get());
            // An embedded public address is still reached through a translator we know nothing of.
            return inner == PUBLIC ? INTERNAL : inner;
        }
        if (BLOCKED.stream().anyMatch(block -> block.contains(address))) {
            return ALWAYS_BLOCKED;
        }
        if (INTERNAL_BLOCKS.stream().anyMatch(block -> block.contains(address))) {
            return INTERNAL;
        }
        return PUBLIC;
    }

    private static List<Cidr> cidrs(String... blocks) {
        return java.util.Arrays.stream(blocks).map(Cidr::of).toList();
    }
}
