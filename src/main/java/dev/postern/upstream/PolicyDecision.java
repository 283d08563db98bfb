package dev.postern.upstream;

import java.net.InetAddress;
import java.util.List;

/**
 * What the upstream policy says of a destination: every address the host resolved to, each with its verdict.
 * The destination is allowed only when every address is.
 */
public record PolicyDecision(Protocol protocol, String host, int port, List<AddressVerdict> addresses) {

    /** Why an address is allowed or refused. */
    public enum Reason {
        /** Allowed by the admin's rule. */
        RULE,
        /** A public address, allowed because public hosts are open ({@code postern.upstream.allow-public-hosts}). */
        PUBLIC,
        /** Link-local or cloud-metadata: always refused, whatever the rules say. */
        ALWAYS_BLOCKED,
        /** Loopback, private, shared or reserved, and no rule allows it. */
        INTERNAL_WITHOUT_RULE,
        /** Public, but public hosts are closed and no rule allows it. */
        NO_RULE
    }

    public record AddressVerdict(InetAddress address, boolean allowed, Reason reason, Long ruleId) {

        /** The address as text, for pages: templates may not call methods of {@code java.net} types. */
        public String hostAddress() {
            return address.getHostAddress();
        }
    }

    public boolean allowed() {
        return !addresses.isEmpty() && addresses.stream().allMatch(AddressVerdict::allowed);
    }

    public List<InetAddress> allowedAddresses() {
        return allowed() ? addresses.stream().map(AddressVerdict::address).toList() : List.of();
    }

    /** The first refused address's reason, or null when allowed. */
    public AddressVerdict firstRefusal() {
        return addresses.stream().filter(v -> !v.allowed()).findFirst().orElse(null);
    }

    public String summary() {
        AddressVerdict refused = firstRefusal();
        String where = protocol + " " + host + ":" + port;
        return refused == null ? where + " allowed"
                : where + " -> " + refused.address().getHostAddress() + " " + refused.reason();
    }
}
