package dev.postern.mail.internal.mime;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import dev.postern.mail.MailAddress;

/**
 * Address lists as people type them into To, Cc and Bcc: entries separated by commas or semicolons, each an address,
 * {@code Name <address>} or {@code "Name, with commas" <address>}, names in any script ({@code 홍길동 <hong@example.kr>}).
 * Every address is checked before anything is sent to it.
 */
public final class MailAddresses {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** Characters that make a display name need quotes in a header (RFC 5322 specials). */
    private static final String SPECIALS = "()<>[]:;@\\,.\"";

    private MailAddresses() {
    }

    /**
     * The addresses of a typed list, in order, empty entries skipped.
     *
     * @throws MalformedAddress naming the first entry that is not a valid address (line breaks and NUL included)
     */
    public static List<MailAddress> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<MailAddress> addresses = new ArrayList<>();
        for (String entry : split(raw)) {
            String text = entry.strip();
            if (!text.isEmpty()) {
                addresses.add(entry(text));
            }
        }
        return List.copyOf(addresses);
    }

    /** Addresses back into the form people type them in, so that {@link #parse} reads the same list. */
    public static String format(List<MailAddress> addresses) {
        List<String> entries = new ArrayList<>(addresses.size());
        for (MailAddress address : addresses) {
            entries.add(address.name().isBlank() ? address.address()
                    : quoteIfNeeded(address.name().strip()) + " <" + address.address() + ">");
        }
        return String.join(", ", entries);
    }

    /**
     * A single address checked for sending: one {@code @}, a local part in ASCII, a domain with a dot (or
     * {@code localhost}) whose labels are host name labels, and what {@link InternetAddress#validate()} accepts. An
     * internationalised domain comes back in its ASCII (punycode) form.
     *
     * @throws MalformedAddress when it is not such an address
     */
    public static String check(String address) {
        String text = address == null ? "" : address.strip();
        if (text.isEmpty()) {
            throw new MalformedAddress(text, "empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                throw new MalformedAddress(text, c == '\r' || c == '\n' || c == 0 ? "line break or NUL" : "space");
            }
        }
        int at = text.indexOf('@');
        if (at <= 0 || at != text.lastIndexOf('@') || at == text.length() - 1) {
            throw new MalformedAddress(text, "needs one @ between a name and a domain");
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        if (local.chars().anyMatch(c -> c > 0x7E)) {
            throw new MalformedAddress(text, "the part before @ must be ASCII");
        }
        String asciiDomain;
        try {
            asciiDomain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            throw new MalformedAddress(text, "not a domain name");
        }
        String[] labels = asciiDomain.split("\\.", -1);
        boolean labelsOk = labels.length >= 2 || asciiDomain.equals("localhost");
        for (String label : labels) {
            labelsOk &= LABEL.matcher(label).matches();
        }
        if (!labelsOk) {
            throw new MalformedAddress(text, "the domain needs a dot and letters, digits or hyphens");
        }
        String checked = local + "@" + asciiDomain;
        if (checked.length() > 254 || local.length() > 64) {
            throw new MalformedAddress(text, "too long");
        }
        try {
            new InternetAddress(checked, true).validate();
        } catch (AddressException invalid) {
            throw new MalformedAddress(text, "not a valid address");
        }
        return checked;
    }

    /** Splits at commas and semicolons that are not inside quotes, angle brackets or a comment. */
    private static List<String> split(String raw) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quoted && c == '\\' && i + 1 < raw.length()) {
                current.append(c).append(raw.charAt(++i));
                continue;
            }
            if (c == '"' && comment == 0) {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '<') {
                    angle++;
                } else if (c == '>' && angle > 0) {
                    angle--;
                } else if (c == '(') {
                    comment++;
                } else if (c == ')' && comment > 0) {
                    comment--;
                } else if ((c == ',' || c == ';') && angle == 0 && comment == 0) {
                    entries.add(current.toString());
                    current.setLength(0);
                    continue;
                }
            }
            current.append(c);
        }
        entries.add(current.toString());
        return entries;
    }

    private static MailAddress entry(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            throw new MalformedAddress(text, "line break or NUL");
        }
        int open = indexOfUnquoted(text, '<');
        if (open >= 0) {
            int close = text.indexOf('>', open);
            if (close < 0) {
                throw new MalformedAddress(text, "missing >");
            }
            if (!text.substring(close + 1).isBlank()) {
                throw new MalformedAddress(text, "text after >");
            }
            String name = phrase(text, text.substring(0, open));
            String address = text.substring(open + 1, close);
            return new MailAddress(name, checked(text, address));
        }
        // address (Name): the old comment form
        int paren = text.indexOf('(');
        if (paren > 0 && text.endsWith(")")) {
            String name = text.substring(paren + 1, text.length() - 1).strip();
            return new MailAddress(name, checked(text, text.substring(0, paren)));
        }
        if (text.indexOf('"') >= 0) {
            throw new MalformedAddress(text, "a name needs an address in <>");
        }
        return new MailAddress("", checked(text, text));
    }

    /** Checks the address of an entry, reporting the whole entry when it is bad. */
    private static String checked(String entry, String address) {
        try {
            return check(address);
        } catch (MalformedAddress bad) {
            throw new MalformedAddress(entry, bad.reason());
        }
    }

    private static String phrase(String entry, String raw) {
        String text = raw.strip();
        if (text.startsWith("\"")) {
            StringBuilder name = new StringBuilder();
            int i = 1;
            for (; i < text.length() && text.charAt(i) != '"'; i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    c = text.charAt(++i);
                }
                name.append(c);
            }
            if (i >= text.length() || !text.substring(i + 1).isBlank()) {
                throw new MalformedAddress(entry, "unbalanced quotes");
            }
            return name.toString().strip().replaceAll("\\s+", " ");
        }
        if (text.indexOf('"') >= 0) {
            throw new MalformedAddress(entry, "unbalanced quotes");
        }
        return text.replaceAll("\\s+", " ");
    }

    private static int indexOfUnquoted(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String quoteIfNeeded(String name) {
        boolean needed = false;
        for (int i = 0; i < name.length() && !needed; i++) {
            needed = SPECIALS.indexOf(name.charAt(i)) >= 0;
        }
        if (!needed) {
            return name;
        }
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
