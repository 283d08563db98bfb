package dev.postern.upstream.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import dev.postern.upstream.HostNames;

/** An address block such as {@code 10.0.0.0/8} or {@code fe80::/10}; a bare address is a block of one. */
public record Cidr(byte[] network, int prefix) {

    public static Optional<Cidr> parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        Optional<InetAddress> literal = HostNames.literal(HostNames.normalize(address));
        if (literal.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = literal.get().getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(mask(bytes, prefix), prefix));
    }

    public static Cidr of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR block: " + text));
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(candidate, prefix), network);
    }

    public boolean ipv4() {
        return network.length == 4;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        return masked;
    }

    /** An IPv4 address carried inside an IPv6 one (IPv4-compatible, NAT64, 6to4), to be judged as itself. */
    static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return Optional.empty();
        }
        byte[] b = v6.getAddress();
        try {
            if (NAT64.contains(v6) || v6.isIPv4CompatibleAddress() && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress()) {
                return Optional.of((Inet4Address) InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
            }
            if (SIX_TO_FOUR.contains(v6)) {
                return Optional.of((Inet4Address) InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 2, 6)));
            }
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return Optional.empty();
    }

    private static final Cidr NAT64 = of("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = of("2002::/16");
}
