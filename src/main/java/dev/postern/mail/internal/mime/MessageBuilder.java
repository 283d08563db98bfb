package dev.postern.mail.internal.mime;

import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import dev.postern.mail.Draft;
import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailAddress;

/**
 * Builds the message to send (or to keep in Sent or Drafts) from a {@link Draft}.
 *
 * <ul>
 * <li>Headers are pure ASCII: names and subject as RFC 2047 words in UTF-8, folded; a fresh
 * {@code Message-ID <random@domain>}; In-Reply-To and References from the draft; {@code User-Agent: Postern}. Bcc is
 * written too, for the copy in Sent: Angus's SMTP transport leaves it out of what it sends.</li>
 * <li>Body: text/plain in UTF-8; with HTML, multipart/alternative of text and HTML (the text made from the HTML when
 * the draft has none); with attachments, multipart/mixed around that. Angus picks quoted-printable or base64, so no
 * line is longer than 998 characters.</li>
 * <li>Attachments are base64 and stream from {@link DraftAttachment.Source#open()} each time the message is written;
 * building opens none. File names go in RFC 2231 UTF-8 ({@code filename*0*=UTF-8''...}) and, for older clients,
 * as RFC 2047 words in {@code filename} and in Content-Type's {@code name}.</li>
 * </ul>
 *
 * <p>Every header value is checked first: CR, LF or NUL anywhere refuses the draft with {@link HeaderInjection}, an
 * address that is no address with {@link MalformedAddress}. Nothing is built then.
 *
 * <p>The session needs nothing special; it must not set {@code mail.mime.allowutf8}, which would let raw UTF-8 into
 * headers. The file-name switches {@code mail.mime.encodefilename} and {@code mail.mime.encodeparameters} do not matter:
 * Angus reads them from JVM system properties, not from the session, and the builder writes those parameters itself.
 */
public final class MessageBuilder {

    private static final String UTF_8 = "UTF-8";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MESSAGE_ID = Pattern.compile("<[!-~&&[^<>]]+>");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");
    private static final Pattern CHARSET = Pattern.compile("[A-Za-z0-9!#$%&'+^_`{}~.-]+");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** Longer than this, a word (no space to fold at) would push a header line beyond what SMTP allows. */
    private static final int LONGEST_WORD = 900;
    /** How many References a message carries at most: the first and the latest ones ({@link Replies}). */
    static final int MAX_REFERENCES = 20;

    private MessageBuilder() {
    }

    /**
     * @param messageIdDomain the domain part of the new Message-ID, e.g. the sender's domain or the gateway's host
     * @throws HeaderInjection when a header value holds CR, LF or NUL
     * @throws MalformedAddress when an address is not one
     */
    public static MimeMessage build(Session session, Draft draft, String messageIdDomain) {
        if (draft.from() == null) {
            throw new IllegalArgumentException("A draft needs a sender to be built");
        }
        checkHeaders(draft, messageIdDomain);
        String domain = domain(messageIdDomain);
        try {
            InternetAddress from = address(draft.from(), "from");
            InternetAddress[] to = addresses(draft.to(), "to");
            InternetAddress[] cc = addresses(draft.cc(), "cc");
            InternetAddress[] bcc = addresses(draft.bcc(), "bcc");
            List<MimeBodyPart> attachments = new ArrayList<>();
            for (int i = 0; i < draft.attachments().size(); i++) {
                attachments.add(attachment(draft.attachments().get(i), i));
            }

            OutgoingMessage message = new OutgoingMessage(session, newMessageId(domain));
            message.setFrom(from);
            setRecipients(message, Message.RecipientType.TO, to);
            setRecipients(message, Message.RecipientType.CC, cc);
            setRecipients(message, Message.RecipientType.BCC, bcc);
            setSubject(message, draft.subject());
            message.setSentDate(new Date());
            String inReplyTo = messageId(draft.inReplyTo());
            if (inReplyTo != null) {
                message.setHeader("In-Reply-To", inReplyTo);
            }
            List<String> references = Replies.trimReferences(draft.references().stream().map(MessageBuilder::messageId)
                    .filter(java.util.Objects::nonNull).toList());
            if (!references.isEmpty()) {
                message.setHeader("References", MimeUtility.fold("References: ".length(), String.join(" ", references)));
            }
            message.setHeader("User-Agent", "Postern");

            if (attachments.isEmpty()) {
                if (draft.html() == null) {
                    message.setText(canonical(draft.text()), UTF_8);
                } else {
                    message.setContent(alternative(draft));
                }
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                if (draft.html() == null) {
                    body.setText(canonical(draft.text()), UTF_8);
                } else {
                    body.setContent(alternative(draft));
                }
                mixed.addBodyPart(body);
                for (MimeBodyPart attachment : attachments) {
                    mixed.addBodyPart(attachment);
                }
                message.setContent(mixed);
            }
            // headers complete now; attachments are not read (their transfer encoding is set, nothing to sniff)
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException failure) {
            throw new IllegalStateException("Could not build the message: " + failure.getMessage(), failure);
        }
    }

    /** Angus gives a message a Message-ID of its own whenever it saves it; ours is kept instead. */
    private static final class OutgoingMessage extends MimeMessage {

        private final String messageId;

        OutgoingMessage(Session session, String messageId) throws MessagingException {
            super(session);
            this.messageId = messageId;
            setHeader("Message-ID", messageId);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    private static void checkHeaders(Draft draft, String messageIdDomain) {
        HeaderInjection.check("message id domain", messageIdDomain);
        HeaderInjection.check("subject", draft.subject());
        checkAddress("from", draft.from());
        checkAddresses("to", draft.to());
        checkAddresses("cc", draft.cc());
        checkAddresses("bcc", draft.bcc());
        HeaderInjection.check("in-reply-to", draft.inReplyTo());
        for (int i = 0; i < draft.references().size(); i++) {
            HeaderInjection.check("references[" + i + "]", draft.references().get(i));
        }
        for (int i = 0; i < draft.attachments().size(); i++) {
            DraftAttachment attachment = draft.attachments().get(i);
            HeaderInjection.check("attachments[" + i + "].filename", attachment.filename());
            HeaderInjection.check("attachments[" + i + "].contentType", attachment.contentType());
        }
    }

    private static void checkAddresses(String field, List<MailAddress> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            checkAddress(field + "[" + i + "]", addresses.get(i));
        }
    }

    private static void checkAddress(String field, MailAddress address) {
        HeaderInjection.check(field + ".name", address.name());
        HeaderInjection.check(field + ".address", address.address());
    }

    private static String domain(String messageIdDomain) {
        if (messageIdDomain == null || messageIdDomain.isBlank()) {
            throw new IllegalArgumentException("A Message-ID needs a domain");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(messageIdDomain.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            throw new IllegalArgumentException("Not a domain for a Message-ID: " + messageIdDomain, notADomain);
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("Not a domain for a Message-ID: " + messageIdDomain);
            }
        }
        return ascii;
    }

    private static String newMessageId(String domain) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        StringBuilder id = new StringBuilder("<").append(Long.toString(System.currentTimeMillis(), 36)).append('.');
        for (byte b : random) {
            id.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return id.append('@').append(domain).append('>').toString();
    }

    /** A message id in angle brackets, or null for one that is not printable ASCII without spaces. */
    private static String messageId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String text = id.strip();
        if (!text.startsWith("<")) {
            text = "<" + text + ">";
        }
        return MESSAGE_ID.matcher(text).matches() ? text : null;
    }

    private static InternetAddress address(MailAddress address, String field) throws UnsupportedEncodingException {
        InternetAddress internet = new InternetAddress();
        try {
            internet.setAddress(MailAddresses.check(address.address()));
        } catch (MalformedAddress bad) {
            throw new MalformedAddress(bad.text(), field + ": " + bad.reason());
        }
        if (!address.name().isBlank()) {
            internet.setPersonal(address.name().strip(), UTF_8);
        }
        return internet;
    }

    private static InternetAddress[] addresses(List<MailAddress> addresses, String field)
            throws UnsupportedEncodingException {
        InternetAddress[] internet = new InternetAddress[addresses.size()];
        for (int i = 0; i < internet.length; i++) {
            internet[i] = address(addresses.get(i), field + "[" + i + "]");
        }
        return internet;
    }

    private static void setRecipients(MimeMessage message, Message.RecipientType type, InternetAddress[] addresses)
            throws MessagingException {
        if (addresses.length > 0) {
            message.setRecipients(type, addresses);
        }
    }

    private static void setSubject(MimeMessage message, String subject)
            throws MessagingException {
        boolean longWord = false;
        for (String word : subject.split("\\s+")) {
            longWord |= word.length() > LONGEST_WORD;
        }
        if (longWord) {
            // nothing to fold at: encoded words can be split where plain text cannot
            message.setHeader("Subject", base64Words(subject));
        } else {
            message.setSubject(subject, UTF_8);
        }
    }

    /**
     * The text as RFC 2047 "B" words of at most 45 bytes each (72 characters), one per folded line; Angus encodes only
     * what is not ASCII.
     */
    private static String base64Words(String text) {
        List<String> words = new ArrayList<>();
        java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
        text.codePoints().forEach(codePoint -> {
            byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            if (word.size() + bytes.length > 45) {
                words.add("=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(word.toByteArray()) + "?=");
                word.reset();
            }
            word.writeBytes(bytes);
        });
        if (word.size() > 0) {
            words.add("=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(word.toByteArray()) + "?=");
        }
        return String.join("\r\n ", words);
    }

    private static MimeMultipart alternative(Draft draft) throws MessagingException {
        String text = draft.text().isBlank() ? dev.postern.mail.internal.html.MailHtml.toText(draft.html()) : draft.text();
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(canonical(text), UTF_8);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(canonical(draft.html()), UTF_8, "html");
        return new MimeMultipart("alternative", plain, html);
    }

    /** Text in MIME's canonical form: CRLF line breaks, whatever the browser sent. */
    private static String canonical(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }

    private static MimeBodyPart attachment(DraftAttachment attachment, int index) throws MessagingException {
        String type = contentType(attachment.contentType());
        String filename = Filenames.clean(attachment.filename());
        if (filename == null) {
            filename = Filenames.madeUp(MimeHeader.parse(type, null).value(), Integer.toString(index + 1));
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new DraftDataSource(attachment, type, filename)));
        // set after the data handler, which clears them; with the transfer encoding given Angus need not read the
        // whole attachment to choose one
        part.setHeader("Content-Type", type + ";\r\n name=\"" + encodedWords(filename) + "\"");
        part.setHeader("Content-Disposition", disposition(filename));
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /** The type without parameters (a text type keeps its charset), or application/octet-stream. */
    private static String contentType(String raw) {
        MimeHeader header = MimeHeader.parse(raw, null);
        String type = header.value();
        if (!CONTENT_TYPE.matcher(type).matches() || type.startsWith("multipart/") || type.startsWith("message/")) {
            return "application/octet-stream";
        }
        String charset = header.param("charset");
        if (type.startsWith("text/") && charset != null && CHARSET.matcher(charset).matches()) {
            return type + "; charset=" + charset;
        }
        return type;
    }

    /**
     * {@code attachment; filename*0*=UTF-8''...; filename="=?UTF-8?B?...?="}: RFC 2231 for clients that follow it
     * (they prefer it), RFC 2047 words for those that do not; an ASCII name simply quoted.
     */
    static String disposition(String filename) {
        if (isPlainAscii(filename)) {
            return "attachment; filename=\"" + filename.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        StringBuilder header = new StringBuilder("attachment");
        List<String> segments = rfc2231Segments(filename);
        for (int i = 0; i < segments.size(); i++) {
            String name = segments.size() == 1 ? "filename*" : "filename*" + i + "*";
            header.append(";\r\n ").append(name).append('=').append(i == 0 ? "UTF-8''" : "").append(segments.get(i));
        }
        return header.append(";\r\n filename=\"").append(encodedWords(filename)).append('"').toString();
    }

    private static boolean isPlainAscii(String text) {
        if (text.length() > 60) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2047 words of the name, one per folded line (inside quotes folding white space is allowed). */
    private static String encodedWords(String text) {
        if (isPlainAscii(text)) {
            return text.replace("\\", "\\\\").replace("\"", "\\\"");
        }
        try {
            return MimeUtility.encodeWord(text, UTF_8, "B").replaceAll("\\?=\\s+=\\?", "?=\r\n =?");
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The name percent-encoded in UTF-8 and cut into pieces of at most 60 characters, never inside a character: some
     * clients decode each piece on its own.
     */
    private static List<String> rfc2231Segments(String text) {
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        text.codePoints().forEach(codePoint -> {
            StringBuilder encoded = new StringBuilder();
            for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xFF;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                    encoded.append((char) c);
                } else {
                    encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                }
            }
            if (segment.length() + encoded.length() > 60) {
                segments.add(segment.toString());
                segment.setLength(0);
            }
            segment.append(encoded);
        });
        if (!segment.isEmpty()) {
            segments.add(segment.toString());
        }
        return segments;
    }
}
