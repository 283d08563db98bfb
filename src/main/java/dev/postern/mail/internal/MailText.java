package dev.postern.mail.internal;

import java.io.UnsupportedEncodingException;

import jakarta.mail.internet.MimeUtility;

/** Header text as people should read it. */
final class MailText {

    private MailText() {
    }

    /** Decodes RFC 2047 encoded words; anything malformed is shown as it came rather than failing the page. */
    static String decodeHeader(String raw) {
        if (raw == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw));
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return raw;
        }
    }
}
