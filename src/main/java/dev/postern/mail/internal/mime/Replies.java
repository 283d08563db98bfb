package dev.postern.mail.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.Draft;
import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MessageContent;
import dev.postern.mail.MessageHeaders;

/**
 * The drafts of a reply, a reply to all and a forward of a message that was read with {@link MessageReader}. Plain text
 * throughout: the original is quoted (or, forwarded, shown) as text, made from its HTML when it has no text.
 */
public final class Replies {

    /** Opens a part of the original message by its part id; over IMAP it streams the part from the server. */
    @FunctionalInterface
    public interface PartSource {
        InputStream open(String partId) throws IOException;
    }

    /** Reply and forward markers of many mailers and languages, with counters ({@code Re[2]:}) and full-width colons. */
    private static final String REPLY_MARKERS = "re|aw|sv|antw|odp|res|rif|답장|회신|답변|回复|回覆|返信";
    private static final String FORWARD_MARKERS = "fwd?|tr|wg|enc|rv|vs|전달|转发|轉寄|転送";
    private static final Pattern ANY_PREFIXES = prefixes(REPLY_MARKERS + "|" + FORWARD_MARKERS);
    private static final Pattern FORWARD_PREFIXES = prefixes(FORWARD_MARKERS);

    private Replies() {
    }

    /** A reply to the sender: to Reply-To when the original has it, else to From. */
    public static Draft reply(MessageContent original, MailAddress self, ReplyWording wording) {
        MessageHeaders headers = original.headers();
        List<MailAddress> to = without(senders(headers), self);
        if (to.isEmpty()) {
            // a reply to one's own message goes on to the people it went to
            to = without(headers.to(), self);
        }
        if (to.isEmpty()) {
            to = senders(headers);
        }
        return answer(original, self, to, List.of(), wording);
    }

    /** A reply to the sender and everyone else the original went to, the user and duplicates left out. */
    public static Draft replyAll(MessageContent original, MailAddress self, ReplyWording wording) {
        MessageHeaders headers = original.headers();
        List<MailAddress> senders = without(senders(headers), self);
        List<MailAddress> everyone = new ArrayList<>(senders);
        everyone.addAll(headers.to());
        List<MailAddress> to = distinct(without(everyone, self), List.of());
        List<MailAddress> cc = distinct(without(headers.cc(), self), to);
        if (to.isEmpty() && cc.isEmpty()) {
            to = senders(headers);
        } else if (to.isEmpty()) {
            to = cc;
            cc = List.of();
        }
        return answer(original, self, to, cc, wording);
    }

    /**
     * A forward: the original's headers and text below a banner, and its attachments and inline parts as attachments
     * that stream from the original when the draft is sent.
     */
    public static Draft forward(MessageContent original, MailAddress self, ReplyWording wording, PartSource parts) {
        MessageHeaders headers = original.headers();
        StringBuilder text = new StringBuilder("\n\n").append(wording.forwardBanner()).append('\n');
        text.append(wording.fromLabel()).append(": ").append(MailAddresses.format(headers.from())).append('\n');
        text.append(wording.dateLabel()).append(": ").append(wording.date(headers.date())).append('\n');
        text.append(wording.subjectLabel()).append(": ").append(headers.subject()).append('\n');
        text.append(wording.toLabel()).append(": ").append(MailAddresses.format(headers.to())).append('\n');
        if (!headers.cc().isEmpty()) {
            text.append(wording.ccLabel()).append(": ").append(MailAddresses.format(headers.cc())).append('\n');
        }
        text.append('\n').append(originalText(original)).append('\n');

        List<DraftAttachment> attachments = new ArrayList<>();
        List<AttachmentInfo> files = new ArrayList<>(original.attachments());
        files.addAll(original.inlineParts());
        for (AttachmentInfo file : files) {
            String partId = file.partId();
            // the size the server reports is the encoded one; the real one is known only once the part is read
            attachments.add(new DraftAttachment(file.filename(), file.contentType(), -1, () -> parts.open(partId)));
        }
        return new Draft(self, List.of(), List.of(), List.of(), forwardSubject(headers.subject()), text.toString(), null,
                attachments, null, List.of());
    }

    /** {@code Re: } and the subject without the reply and forward markers it had, so that they do not pile up. */
    public static String replySubject(String subject) {
        return "Re: " + ANY_PREFIXES.matcher(subject == null ? "" : subject).replaceFirst("").strip();
    }

    /** {@code Fwd: } and the subject without forward markers; a {@code Re:} stays, as the thread it came from. */
    public static String forwardSubject(String subject) {
        return "Fwd: " + FORWARD_PREFIXES.matcher(subject == null ? "" : subject).replaceFirst("").strip();
    }

    /**
     * The References of an answer: the original's References (or its In-Reply-To when it has none, as RFC 5322
     * suggests) and its Message-ID. Long chains keep their first id (the thread's start) and the latest ones, 20 in
     * all.
     */
    static List<String> references(MessageHeaders original) {
        List<String> chain = new ArrayList<>(original.references());
        if (chain.isEmpty() && original.inReplyTo() != null) {
            chain.add(original.inReplyTo());
        }
        if (original.messageId() != null) {
            chain.add(original.messageId());
        }
        return trimReferences(chain.stream().distinct().toList());
    }

    static List<String> trimReferences(List<String> references) {
        int max = MessageBuilder.MAX_REFERENCES;
        if (references.size() <= max) {
            return references;
        }
        List<String> trimmed = new ArrayList<>(max);
        trimmed.add(references.get(0));
        trimmed.addAll(references.subList(references.size() - (max - 1), references.size()));
        return trimmed;
    }

    /** The original's text with {@code > } before each line (a quoted line gets just {@code >}). */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (String line : text.stripTrailing().split("\n", -1)) {
            if (line.isEmpty()) {
                quoted.append(">");
            } else if (line.startsWith(">")) {
                quoted.append('>').append(line);
            } else {
                quoted.append("> ").append(line);
            }
            quoted.append('\n');
        }
        return quoted.toString();
    }

    private static Draft answer(MessageContent original, MailAddress self, List<MailAddress> to, List<MailAddress> cc,
                                ReplyWording wording) {
        MessageHeaders headers = original.headers();
        MailAddress sender = headers.from().isEmpty() ? null : headers.from().get(0);
        String text = "\n\n" + wording.attribution(headers.date(), sender) + "\n" + quote(originalText(original));
        return new Draft(self, to, cc, List.of(), replySubject(headers.subject()), text, null, List.of(),
                headers.messageId(), references(headers));
    }

    private static String originalText(MessageContent original) {
        if (original.text() != null) {
            return original.text().replace("\r\n", "\n");
        }
        return original.html() == null ? "" : dev.postern.mail.internal.html.MailHtml.toText(original.html());
    }

    private static List<MailAddress> senders(MessageHeaders headers) {
        return headers.replyTo().isEmpty() ? headers.from() : headers.replyTo();
    }

    private static List<MailAddress> without(List<MailAddress> addresses, MailAddress self) {
        String own = self == null ? "" : self.address().strip().toLowerCase(Locale.ROOT);
        return addresses.stream()
                .filter(address -> !address.address().strip().toLowerCase(Locale.ROOT).equals(own))
                .filter(address -> !address.address().isBlank())
                .toList();
    }

    /** The addresses once each (the first spelling wins), leaving out those already in {@code taken}. */
    private static List<MailAddress> distinct(List<MailAddress> addresses, List<MailAddress> taken) {
        Set<String> seen = new HashSet<>();
        for (MailAddress address : taken) {
            seen.add(address.address().strip().toLowerCase(Locale.ROOT));
        }
        List<MailAddress> unique = new ArrayList<>();
        for (MailAddress address : addresses) {
            if (seen.add(address.address().strip().toLowerCase(Locale.ROOT))) {
                unique.add(address);
            }
        }
        return unique;
    }

    private static Pattern prefixes(String markers) {
        return Pattern.compile("^\\s*(?:(?:" + markers + ")\\s*(?:\\[\\d+]|\\(\\d+\\))?\\s*[:：]\\s*)+",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
