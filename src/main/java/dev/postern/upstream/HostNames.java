package dev.postern.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Host name and address syntax, checked without touching DNS. */
public final class HostNames {

    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]+$");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$");

    private HostNames() {
    }

    /** Lower case, without surrounding blanks, IPv6 brackets or a trailing dot. */
    public static String normalize(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && !h.endsWith("..")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** Whether the (normalized) host is an IP address literal or a well-formed DNS name. */
    public static boolean valid(String host) {
        return literal(host).isPresent() || validName(host);
    }

    public static boolean validName(String host) {
        if (host == null || host.isEmpty() || host.length() > 253 || IPV4_LIKE.matcher(host).matches()) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern IPV4_LIKE = Pattern.compile("^[0-9.]+$");

    /** The address a literal stands for; empty for a name (never resolved here). */
    public static Optional<InetAddress> literal(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = host.indexOf(':') >= 0 && IPV6_CHARS.matcher(host).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException malformed) {
            return Optional.empty();
        }
    }
}
