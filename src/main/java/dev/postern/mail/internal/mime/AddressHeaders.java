package dev.postern.mail.internal.mime;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import dev.postern.mail.MailAddress;

/** Address and message-id headers of received mail, read without ever refusing them. */
final class AddressHeaders {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>]+>");

    private AddressHeaders() {
    }

    /**
     * The addresses of a header as Angus's lenient header parser splits them, names decoded with our charset rules.
     * Group syntax ({@code team: a@x, b@y;}) gives its members. What Angus cannot parse at all is kept as one address
     * holding the raw text, so that nobody's name disappears from view.
     */
    static List<MailAddress> parse(String raw, Charset hint) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        // raw bytes become characters before parsing, so that a name's bytes cannot pass for a comma or a quote
        String text = HeaderText.recover8bit(HeaderText.unfold(raw), hint);
        List<MailAddress> addresses = new ArrayList<>();
        try {
            for (InternetAddress address : InternetAddress.parseHeader(text, false)) {
                add(address, addresses, hint, 0, false);
            }
        } catch (AddressException | RuntimeException unparseable) {
            addresses.clear();
            addresses.add(new MailAddress("", HeaderText.clean(HeaderText.decodeEncodedWords(text, hint)).strip()));
        }
        return addresses;
    }

    /**
     * Addresses that Angus built itself (an IMAP ENVELOPE's, or a parsed header's), their names decoded from the
     * words as written, as {@link #parse} decodes them.
     */
    static List<MailAddress> of(InternetAddress[] parsed, Charset hint) {
        List<MailAddress> addresses = new ArrayList<>();
        if (parsed != null) {
            for (InternetAddress address : parsed) {
                add(address, addresses, hint, 0, true);
            }
        }
        return addresses;
    }

    /** @param raw whether names still hold raw 8-bit bytes, one char each (an ENVELOPE's, unlike {@link #parse}'s) */
    private static void add(InternetAddress address, List<MailAddress> addresses, Charset hint, int depth,
                            boolean raw) {
        if (address.isGroup()) {
            try {
                InternetAddress[] members = depth > 2 ? null : address.getGroup(false);
                if (members != null) {
                    for (InternetAddress member : members) {
                        add(member, addresses, hint, depth + 1, raw);
                    }
                }
            } catch (AddressException | RuntimeException unparseable) {
                // an empty or broken group ("undisclosed-recipients:;") names nobody
            }
            return;
        }
        String mailbox = address.getAddress() == null ? "" : HeaderText.clean(address.getAddress()).strip();
        String encodedName = encodedPersonal(address);
        if (encodedName != null && raw) {
            encodedName = HeaderText.recover8bit(encodedName, hint);
        }
        String name = encodedName == null ? "" : HeaderText.clean(HeaderText.decodeEncodedWords(encodedName, hint)).strip();
        if (!mailbox.isEmpty() || !name.isEmpty()) {
            addresses.add(new MailAddress(name, mailbox));
        }
    }

    /**
     * The display name as it was written, before Angus decoded it: Angus would decode {@code ks_c_5601-1987} as plain
     * EUC-KR and each encoded word on its own. {@link InternetAddress#toString()} gives it back, quoted as needed.
     */
    private static String encodedPersonal(InternetAddress address) {
        String full = address.toString();
        String suffix = " <" + (address.getAddress() == null ? "" : address.getAddress()) + ">";
        if (!full.endsWith(suffix)) {
            return null;
        }
        String phrase = full.substring(0, full.length() - suffix.length());
        if (phrase.length() > 1 && phrase.startsWith("\"") && phrase.endsWith("\"")) {
            StringBuilder unquoted = new StringBuilder(phrase.length());
            for (int i = 1; i < phrase.length() - 1; i++) {
                char c = phrase.charAt(i);
                if (c == '\\' && i + 1 < phrase.length() - 1) {
                    c = phrase.charAt(++i);
                }
                unquoted.append(c);
            }
            return unquoted.toString();
        }
        return phrase;
    }

    /** The first {@code <id>} of a Message-ID or In-Reply-To header; a bare id gets its brackets. */
    static String messageId(String raw) {
        List<String> ids = messageIds(raw);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Every {@code <id>} of a References header, oldest first. */
    static List<String> messageIds(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        String text = HeaderText.clean(HeaderText.unfold(raw));
        List<String> ids = new ArrayList<>();
        Matcher matcher = MESSAGE_ID.matcher(text);
        while (matcher.find()) {
            String id = matcher.group().replaceAll("\\s+", "");
            if (id.length() > 2) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            for (String token : text.strip().split("\\s+")) {
                if (token.indexOf('@') > 0 && token.indexOf('<') < 0 && token.indexOf('>') < 0) {
                    ids.add("<" + token + ">");
                }
            }
        }
        return ids;
    }
}
