package dev.postern.mail.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** The .eml fixtures in {@code src/test/resources/mail}, parsed the way a POP3 or file message is. */
final class Fixtures {

    static final List<String> ALL = List.of("outlook-korean.eml", "gmail-related.eml", "thunderbird-rfc2231.eml",
            "forward-rfc822.eml", "raw-8bit-euckr.eml", "broken-no-end-boundary.eml", "broken-no-boundary.eml",
            "broken-base64.eml", "single-html.eml", "text-attachment.eml", "apple-nested.eml");

    /** A reading session: no mail.mime.allowutf8, as MessageReader's documentation asks. */
    static final Session SESSION = Session.getInstance(new Properties());

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MimeMessage message(String name) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes(name)));
    }

    /** A message from text written in a test, line breaks made CRLF. */
    static MimeMessage parse(String text) throws MessagingException {
        return parse(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static MimeMessage parse(byte[] bytes) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }
}
