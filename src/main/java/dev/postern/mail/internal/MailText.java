package dev.postern.mail.internal;

import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;

import dev.postern.mail.MailAddress;
import dev.postern.mail.internal.mime.MessageReader;

/**
 * Header text of list rows as people should read it, decoded exactly as a message opened for reading is (see
 * docs/adr/0005-mime-reading-and-writing.md): a row and its message never show one subject or sender two ways.
 */
final class MailText {

    private MailText() {
    }

    /** RFC 2047 words in any charset and raw 8-bit bytes (EUC-KR, UTF-8) decoded; anything malformed kept as it came. */
    static String decodeHeader(String raw) {
        return MessageReader.headerText(raw);
    }

    /** The addresses with their names decoded from the words as written, not as Angus decoded them. */
    static List<MailAddress> addresses(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        InternetAddress[] internet = java.util.Arrays.stream(addresses).filter(InternetAddress.class::isInstance)
                .map(InternetAddress.class::cast).toArray(InternetAddress[]::new);
        return MessageReader.addresses(internet);
    }
}
