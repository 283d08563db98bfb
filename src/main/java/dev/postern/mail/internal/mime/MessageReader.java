package dev.postern.mail.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPNestedMessage;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MessageContent;
import dev.postern.mail.MessageFlags;
import dev.postern.mail.MessageHeaders;

/**
 * Reads a message (IMAP, POP3 or parsed from a file) into what a page shows: decoded headers, the text and HTML bodies,
 * and the list of its files. Attachments are listed, never read; over IMAP the reader fetches the BODYSTRUCTURE, the
 * header and the text parts it shows, in blocks and only as far as {@code maxBodyChars} reaches.
 *
 * <p>Broken mail does not throw: a header that cannot be parsed keeps its raw text, a multipart without boundary is
 * shown as text, content that stops decoding is shown up to there, each with a note at the end of the text. Only a
 * lost connection or a message deleted meanwhile throws.
 *
 * <p>What the session must (not) set: {@code mail.mime.allowutf8} must stay off when reading, or Angus decodes raw
 * header bytes as UTF-8 and EUC-KR ones are lost. For POP3, {@code mail.pop3.filecache.enable=true} keeps big
 * messages on disk rather than in the heap (POP3 can only download whole messages). Over IMAP reading the text parts
 * marks the message seen, as a mail client does; set {@code mail.imap.peek=true} to prevent it.
 */
public final class MessageReader {

    static final String NOTE_DAMAGED = "[Postern: part of this message could not be decoded; what could be is shown.]";
    static final String NOTE_INCOMPLETE = "[Postern: this message ends early; its last part may be cut off.]";
    static final String NOTE_UNSTRUCTURED =
            "[Postern: the structure of this message could not be read; it is shown as it was sent.]";

    private static final Pattern PART_ID = Pattern.compile("[1-9]\\d{0,5}(\\.[1-9]\\d{0,5}){0,31}");

    private MessageReader() {
    }

    /**
     * A header value that comes from elsewhere than a message being read (an IMAP ENVELOPE's subject, for a list row),
     * decoded as {@link #read} decodes headers: RFC 2047 words in any charset, raw 8-bit bytes recovered. Never null.
     */
    public static String headerText(String raw) {
        String text = HeaderText.decode(raw, null);
        return text == null ? "" : text;
    }

    /** Addresses that Angus built (an IMAP ENVELOPE's), their names decoded as {@link #read} decodes them. */
    public static List<MailAddress> addresses(jakarta.mail.internet.InternetAddress[] addresses) {
        return AddressHeaders.of(addresses, null);
    }

    /**
     * Reads a message for display.
     *
     * @param maxBodyChars how many characters of each body (text, HTML) to read at most; longer ones are cut and
     *                     {@link MessageContent#truncated()} says so
     */
    public static MessageContent read(Message message, int maxBodyChars) throws MessagingException {
        if (maxBodyChars < 0) {
            throw new IllegalArgumentException("maxBodyChars must not be negative");
        }
        prefetch(message);
        Charset hint = MessageStructure.firstTextCharset(message, 0);
        MessageHeaders headers = headers(message, hint);
        MessageStructure structure = MessageStructure.of(message, hint);

        Body text = body(structure.texts, maxBodyChars, hint);
        Body html = body(structure.htmls, maxBodyChars, hint);
        String plain = text.content();
        String rich = html.content();
        List<String> notes = new ArrayList<>();
        if (structure.unstructured) {
            notes.add(NOTE_UNSTRUCTURED);
        }
        if (text.damaged() || html.damaged()) {
            notes.add(NOTE_DAMAGED);
        }
        if (structure.incomplete) {
            notes.add(NOTE_INCOMPLETE);
        }
        if (!notes.isEmpty()) {
            String note = String.join("\n", notes);
            if (plain != null || rich == null) {
                plain = plain == null || plain.isEmpty() ? note : plain + "\n\n" + note;
            }
            if (rich != null) {
                rich = rich + "\n<hr><p>" + note + "</p>";
            }
        }

        List<AttachmentInfo> attachments = new ArrayList<>();
        List<AttachmentInfo> inline = new ArrayList<>();
        for (PartInfo part : structure.inline) {
            inline.add(attachment(part, true));
        }
        String lowerHtml = html.content() == null ? "" : html.content().toLowerCase(Locale.ROOT);
        for (PartInfo part : structure.attachments) {
            // outside multipart/related too, some clients refer to a part from the HTML by its Content-ID
            boolean referenced = part.contentId() != null && !"attachment".equals(part.disposition())
                    && lowerHtml.contains("cid:" + part.contentId().toLowerCase(Locale.ROOT));
            (referenced ? inline : attachments).add(attachment(part, referenced));
        }
        return new MessageContent(headers, plain, rich, text.truncated() || html.truncated(), attachments, inline);
    }

    /**
     * The part a {@link AttachmentInfo#partId()} names ({@code 1}, {@code 2.1} ...: IMAP section numbers; the body of a
     * single-part message is {@code 1}; parts of an attached message continue its number). Open it with
     * {@link #open(Part)}.
     *
     * @throws PartNotFound when the message has no such part
     */
    public static Part findPart(Message message, String partId) throws MessagingException {
        if (partId == null || !PART_ID.matcher(partId).matches()) {
            throw new PartNotFound(partId);
        }
        Part current = message;
        boolean atMessage = true;
        for (String segment : partId.split("\\.")) {
            int number = Integer.parseInt(segment);
            if (!atMessage && isMessage(current)) {
                // an attached message: its parts are numbered below the attachment's own number
                Object content = content(current);
                if (!(content instanceof Message nested)) {
                    throw new PartNotFound(partId);
                }
                current = nested;
                atMessage = true;
            }
            if (isMultipart(current)) {
                Multipart multipart = MessageStructure.multipart(current);
                int count = multipart == null ? -1 : MessageStructure.count(multipart);
                if (number > count) {
                    throw new PartNotFound(partId);
                }
                current = multipart.getBodyPart(number - 1);
                atMessage = false;
            } else if (atMessage && number == 1) {
                atMessage = false;
            } else {
                throw new PartNotFound(partId);
            }
        }
        return current;
    }

    /**
     * A part's content, decoded from its transfer encoding and streamed: what a download sends. Prefer this to
     * {@link Part#getInputStream()}: it reads an attached IMAP message without Angus's pipe thread and survives an
     * unknown transfer encoding.
     */
    public static InputStream open(Part part) throws MessagingException, IOException {
        return Streams.open(part);
    }

    /**
     * The message's parts as a {@link Replies.PartSource}, for forwarding them: each {@code open} finds the part and
     * streams it then, so the message's folder must still be open when the forward is written out.
     */
    public static Replies.PartSource parts(Message message) {
        return partId -> {
            try {
                return open(findPart(message, partId));
            } catch (MessagingException failure) {
                throw new IOException("Could not open part " + partId + " of the original message", failure);
            }
        };
    }

    public static MessageFlags flags(Message message) throws MessagingException {
        Flags flags = message.getFlags();
        return new MessageFlags(flags.contains(Flags.Flag.SEEN), flags.contains(Flags.Flag.FLAGGED),
                flags.contains(Flags.Flag.ANSWERED), flags.contains(Flags.Flag.DRAFT));
    }

    /**
     * One IMAP round trip for what the reader needs first (structure, header, internal date, flags, and the size that a
     * single-part message's one part has) instead of one for each as Angus would otherwise load them.
     */
    private static void prefetch(Message message) throws MessagingException {
        if (!(message instanceof IMAPMessage) || message instanceof IMAPNestedMessage) {
            return;
        }
        Folder folder = message.getFolder();
        if (folder == null || !folder.isOpen()) {
            return;
        }
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.CONTENT_INFO);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(IMAPFolder.FetchProfileItem.HEADERS);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        profile.add(IMAPFolder.FetchProfileItem.SIZE);
        folder.fetch(new Message[] {message}, profile);
    }

    static MessageHeaders headers(Message message, Charset hint) throws MessagingException {
        return new MessageHeaders(
                HeaderText.decode(header(message, "Subject"), hint),
                AddressHeaders.parse(addressHeader(message, "From"), hint),
                AddressHeaders.parse(addressHeader(message, "To"), hint),
                AddressHeaders.parse(addressHeader(message, "Cc"), hint),
                AddressHeaders.parse(addressHeader(message, "Reply-To"), hint),
                date(message),
                AddressHeaders.messageId(header(message, "Message-ID")),
                AddressHeaders.messageId(header(message, "In-Reply-To")),
                AddressHeaders.messageIds(header(message, "References")));
    }

    /**
     * The Date header; when it is missing or unreadable, the server's internal date (IMAP), else the time the nearest
     * server received it (the first Received header: POP3 has no internal date); null when none of them is known,
     * rather than a made-up time that would pass for the truth.
     */
    static Instant date(Message message) throws MessagingException {
        Instant date = MessageDates.parse(header(message, "Date"));
        if (date != null) {
            return date;
        }
        Date received = PartInfo.quietly(message::getReceivedDate);
        if (received != null) {
            return received.toInstant();
        }
        String[] hops = PartInfo.quietly(() -> message.getHeader("Received"));
        if (hops != null && hops.length > 0) {
            String hop = HeaderText.unfold(hops[0]);
            int semicolon = hop.lastIndexOf(';');
            return semicolon < 0 ? null : MessageDates.parse(hop.substring(semicolon + 1));
        }
        return null;
    }

    private static String header(Part part, String name) throws MessagingException {
        String[] values = PartInfo.quietly(() -> part.getHeader(name));
        return values == null || values.length == 0 ? null : values[0];
    }

    /** Some mailers repeat To or Cc; every occurrence counts. */
    private static String addressHeader(Part part, String name) throws MessagingException {
        String[] values = PartInfo.quietly(() -> part.getHeader(name));
        return values == null || values.length == 0 ? null : String.join(",", values);
    }

    private record Body(String content, boolean truncated, boolean damaged) {
    }

    /** Decodes the parts of one body in turn, each getting what is left of the character budget. */
    private static Body body(List<PartInfo> parts, int maxChars, Charset hint) throws MessagingException {
        if (parts.isEmpty()) {
            return new Body(null, false, false);
        }
        StringBuilder content = new StringBuilder();
        boolean truncated = false;
        boolean damaged = false;
        for (PartInfo part : parts) {
            int left = maxChars - content.length();
            if (left <= 0 && content.length() > 0) {
                truncated = true;
                break;
            }
            TextDecoder.Decoded decoded = TextDecoder.decode(part, Math.max(left, 0), hint);
            if (content.length() > 0 && !decoded.text().isEmpty()) {
                String separator = part.isHtml() ? "\n" : "\n\n";
                content.append(separator, 0, Math.min(separator.length(), Math.max(0, maxChars - content.length())));
            }
            int room = maxChars - content.length();
            if (decoded.text().length() > room) {
                content.append(decoded.text(), 0, room);
                truncated = true;
            } else {
                content.append(decoded.text());
            }
            truncated |= decoded.truncated();
            damaged |= decoded.damaged();
            if (truncated) {
                break;
            }
        }
        return new Body(content.toString(), truncated, damaged);
    }

    private static AttachmentInfo attachment(PartInfo part, boolean inline) throws MessagingException {
        String filename = part.filename();
        if (filename == null && part.isMessage()) {
            filename = Filenames.forMessage(attachedSubject(part), part.partId());
        }
        if (filename == null) {
            filename = Filenames.madeUp(part.type(), part.partId());
        }
        return new AttachmentInfo(part.partId(), filename, part.type(), part.size(), inline, part.contentId());
    }

    /**
     * The subject of an attached message. Over IMAP from the nested message (its header, a small fetch); otherwise
     * from the header block at the start of the part's content, read no further.
     */
    private static String attachedSubject(PartInfo part) throws MessagingException {
        try {
            if (part.part() instanceof IMAPMessage || part.part() instanceof org.eclipse.angus.mail.imap.IMAPBodyPart) {
                Object content = content(part.part());
                if (content instanceof Message nested) {
                    Charset hint = MessageStructure.firstTextCharset(nested, 0);
                    return HeaderText.decode(header(nested, "Subject"), hint);
                }
                return null;
            }
            try (InputStream in = Streams.open(part.part())) {
                InternetHeaders headers = new InternetHeaders(in);
                return HeaderText.decode(headers.getHeader("Subject", null), null);
            }
        } catch (IOException | MessagingException | RuntimeException unreadable) {
            Streams.rethrowIfConnectionLost(unreadable);
            return null;
        }
    }

    private static Object content(Part part) throws MessagingException {
        try {
            return part.getContent();
        } catch (IOException | MessagingException | RuntimeException unreadable) {
            Streams.rethrowIfConnectionLost(unreadable);
            return null;
        }
    }

    private static boolean isMultipart(Part part) throws MessagingException {
        return type(part).startsWith("multipart/");
    }

    private static boolean isMessage(Part part) throws MessagingException {
        String type = type(part);
        return type.equals("message/rfc822") || type.equals("message/global");
    }

    private static String type(Part part) throws MessagingException {
        return MimeHeader.parse(PartInfo.quietly(part::getContentType), null).value();
    }
}
