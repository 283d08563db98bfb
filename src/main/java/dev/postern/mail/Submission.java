package dev.postern.mail;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;
import dev.postern.mail.internal.ComposeLedger;
import dev.postern.mail.internal.Drafts;
import dev.postern.mail.internal.MailSessions;
import dev.postern.mail.internal.Reading;
import dev.postern.mail.internal.Recipients;
import dev.postern.mail.internal.Sending;
import dev.postern.mail.internal.mime.HeaderInjection;
import dev.postern.mail.internal.mime.MailAddresses;
import dev.postern.mail.internal.mime.MalformedAddress;
import dev.postern.mail.internal.mime.Replies;
import dev.postern.mail.internal.mime.ReplyWording;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.ResolvedConnection;

/**
 * Writing mail: new messages, replies and forwards, drafts kept in the Drafts folder, and sending over SMTP submission
 * with a copy in Sent. When the server refuses a message nothing is lost: it is kept in Drafts and the user sees the
 * server's reply ({@link MailRejected}).
 */
@Service
public class Submission {

    private final MailSessions sessions;
    private final Sending sending;
    private final Connections connections;
    private final Recipients recipients;
    private final MailProperties properties;
    private final MessageSource messages;
    private final AuditLog audit;
    private final ComposeLedger ledger;

    Submission(MailSessions sessions, Sending sending, Connections connections, Recipients recipients,
               MailProperties properties, MessageSource messages, AuditLog audit, ComposeLedger ledger) {
        this.ledger = ledger;
        this.sessions = sessions;
        this.sending = sending;
        this.connections = connections;
        this.recipients = recipients;
        this.properties = properties;
        this.messages = messages;
        this.audit = audit;
    }

    /** Forgets the session's compose windows (sign-out). */
    public void closeSession(String sessionKey) {
        ledger.closeSession(sessionKey);
    }

    /** Who the user's mail comes from on this connection. */
    public MailAddress identity(MailContext context) {
        ConnectionOptions.Mail mail = profile(context).mail();
        return new MailAddress(mail.displayName(), mail.address());
    }

    public Draft blank(MailContext context) {
        return new Draft(identity(context), List.of(), List.of(), List.of(), "", "", null, List.of(), null, List.of());
    }

    public Draft reply(MailContext context, String folder, String id, boolean all, Locale locale) {
        MessageView original = sessions.with(context, r -> Reading.view(r, MailInput.folder(folder),
                MailInput.ids(List.of(id)).getFirst(), properties.maxBodyChars(), false));
        MailAddress self = identity(context);
        return all ? Replies.replyAll(original.content(), self, wording(locale))
                : Replies.reply(original.content(), self, wording(locale));
    }

    /** A forward carrying the original's attachments, which stream from the server when the message is sent. */
    public Draft forward(MailContext context, String folder, String id, Locale locale) {
        String name = MailInput.folder(folder);
        String checked = MailInput.ids(List.of(id)).getFirst();
        MessageView original = sessions.with(context, r -> Reading.view(r, name, checked, properties.maxBodyChars(),
                false));
        return Replies.forward(original.content(), identity(context), wording(locale),
                partId -> sessions.partStream(context, name, checked, partId));
    }

    /** A draft from the Drafts folder, to carry on writing. */
    public Draft draft(MailContext context, String folder, String id) {
        String name = MailInput.folder(folder);
        String checked = MailInput.ids(List.of(id)).getFirst();
        MailAddress self = identity(context);
        return sessions.with(context, r -> Drafts.open(r, name, checked, properties.maxBodyChars(), self,
                partId -> sessions.partStream(context, name, checked, partId)));
    }

    /**
     * Keeps the draft in the Drafts folder (made when missing), replacing the earlier version; returns the new
     * draft's id, or null when the mailbox has no folders (POP3).
     */
    public String saveDraft(MailContext context, Draft draft, String replaces) {
        return keepDraft(context, draft, draftIds(replaces));
    }

    /**
     * Keeps the draft of one compose window ({@code compose}, as {@link #saveDraft(MailContext, Draft, String)} does),
     * replacing whatever the window kept before as well as {@code replaces}; returns the new draft's id, or null when
     * nothing is kept: the mailbox has no folders, or the window's message was sent or discarded already (an autosave
     * that arrives late).
     */
    public String saveDraft(MailContext context, String compose, Draft draft, String replaces) {
        Sending.Prepared message = build(draft);
        return ledger.with(context.sessionKey(), compose, window -> {
            if (window.done()) {
                return null;
            }
            String id = keepDraft(context, message, draftIds(replaces, window.kept()));
            window.kept(id);
            return id;
        });
    }

    /**
     * Deletes the draft of a compose window the user gave up on, and whatever else the window kept in Drafts; a save
     * that arrives afterwards keeps nothing.
     */
    public void discard(MailContext context, String compose, String draftId) {
        List<String> ids = draftIds(draftId);
        ledger.with(context.sessionKey(), compose, window -> {
            List<String> all = draftIds(String.join(" ", ids), window.kept());
            window.finish();
            if (!all.isEmpty()) {
                sessions.with(context, r -> {
                    Sending.deleteDrafts(r, all);
                    return null;
                });
            }
            return null;
        });
    }

    private String keepDraft(MailContext context, Draft draft, List<String> replaced) {
        return keepDraft(context, build(draft), replaced);
    }

    private String keepDraft(MailContext context, Sending.Prepared message, List<String> replaced) {
        return sessions.with(context, r -> {
            String id = sending.keepDraft(r, message);
            if (id != null) {
                Sending.deleteDrafts(r, replaced.stream().filter(old -> !old.equals(id)).toList());
            }
            return id;
        });
    }

    /** The distinct draft ids among these (each checked), skipping blanks; separated by spaces within one. */
    private static List<String> draftIds(String... ids) {
        List<String> found = new ArrayList<>();
        for (String id : ids) {
            if (id != null && !id.isBlank()) {
                for (String one : id.strip().split(" +")) {
                    String checked = MailInput.ids(List.of(one)).getFirst();
                    if (!found.contains(checked)) {
                        found.add(checked);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Sends the message. A copy goes to Sent, the draft it was written from (if any) is deleted, the recipients are
     * remembered for completion, and the sending is audited (recipient count, size, Message-ID; never subject or body).
     *
     * @throws MailRejected when the server refuses it; it is then kept in Drafts
     */
    public Sent send(MailContext context, Draft draft, String fromDraft) {
        return send(context, draft, fromDraft, null, null);
    }

    /**
     * Sends, as {@link #send(MailContext, Draft, String)}, a reply: the message answered ({@code answeredFolder},
     * {@code answeredId}) is marked answered once this is sent.
     */
    public Sent send(MailContext context, Draft draft, String fromDraft, String answeredFolder, String answeredId) {
        return send(context, draft, draftIds(fromDraft), answeredFolder, answeredId);
    }

    /**
     * Sends the message of one compose window, as {@link #send(MailContext, Draft, String, String, String)} does, and
     * deletes whatever the window kept in Drafts; once sent, a save for the window that arrives late keeps nothing.
     */
    public Sent send(MailContext context, String compose, Draft draft, String fromDraft, String answeredFolder,
                     String answeredId) {
        return ledger.with(context.sessionKey(), compose, window -> {
            try {
                Sent sent = send(context, draft, draftIds(fromDraft, window.kept()), answeredFolder, answeredId);
                window.finish();
                return sent;
            } catch (MailRejected rejected) {
                if (rejected.draftId() != null) {
                    window.kept(rejected.draftId());
                }
                throw rejected;
            }
        });
    }

    private Sent send(MailContext context, Draft draft, List<String> fromDrafts, String answeredFolder,
                      String answeredId) {
        if (draft.recipientCount() == 0) {
            throw new InvalidInput("to", "mail.compose.noRecipients");
        }
        Sending.Prepared message = build(draft);
        ConnectionProfile profile = profile(context);
        ResolvedConnection connection = connections.use(context.connectionId(), context.user());
        long size = message.size();
        String messageId = message.messageId();
        if (size > properties.maxMessageSize().toBytes()) {
            throw new InvalidInput("attachments", "mail.compose.tooLarge", properties.maxMessageSize().toMegabytes());
        }
        try {
            sending.send(connection, context.user(), message);
        } catch (Sending.Refused refused) {
            String draftId = hasFolders(profile) ? keepDraft(context, draft, fromDrafts) : null;
            audit.record(audit(context, profile, MailActions.SEND_FAILED, Outcome.FAILURE, draft, size, messageId)
                    .with("reply", refused.getMessage()));
            throw new MailRejected(refused.getMessage(), draftId, refused);
        }
        audit.record(audit(context, profile, MailActions.SENT, Outcome.SUCCESS, draft, size, messageId));
        List<MailAddress> written = new ArrayList<>(draft.to());
        written.addAll(draft.cc());
        written.addAll(draft.bcc());
        recipients.remember(context.user().id(), written);
        boolean saved = false;
        if (hasFolders(profile)) {
            saved = sessions.with(context, r -> {
                String id = sending.keepSent(r, message);
                Sending.deleteDrafts(r, fromDrafts);
                if (answeredFolder != null && answeredId != null) {
                    try {
                        r.markAnswered(MailInput.folder(answeredFolder), MailInput.ids(List.of(answeredId)));
                    } catch (dev.postern.mail.MessageNotFound gone) {
                        // The original was moved or deleted meanwhile.
                    }
                }
                return id != null || Sending.folderOf(r, FolderRole.SENT) != null;
            });
        }
        return new Sent(messageId, size, draft.recipientCount(), saved);
    }

    /** Addresses the user has written to that contain the text, most used first. */
    public List<MailAddress> complete(CurrentUser user, String text) {
        if (text == null || text.isBlank() || text.length() > 100 || MailInput.hasControl(text)) {
            return List.of();
        }
        return recipients.complete(user.id(), text, 10);
    }

    /** Parses what the user typed in To, Cc or Bcc; {@link InvalidInput} names the first bad address. */
    public static List<MailAddress> parseAddresses(String field, String raw) {
        try {
            return MailAddresses.parse(raw == null ? "" : raw);
        } catch (MalformedAddress bad) {
            throw new InvalidInput(field, "mail.compose.badAddress", bad.text());
        } catch (HeaderInjection injection) {
            throw new InvalidInput(field, "mail.compose.lineBreak");
        }
    }

    /**
     * Rich text from the compose editor, made safe before it is sent or saved: the same allow-list as reading, with
     * remote images left out (a sent message must not make its readers fetch from elsewhere).
     */
    public static String composedHtml(String html) {
        if (html.length() > 5_000_000) {
            throw new InvalidInput("html", "mail.compose.tooLong");
        }
        return dev.postern.mail.internal.html.MailHtml.sanitize(html, new dev.postern.mail.internal.html.ImageLinks() {
            @Override
            public String inline(String contentId) {
                return "cid:" + contentId;
            }

            @Override
            public String remote(String absoluteUrl) {
                return absoluteUrl;
            }
        }, false).html();
    }

    public static String htmlToText(String html) {
        return dev.postern.mail.internal.html.MailHtml.toText(html);
    }

    public static String formatAddresses(List<MailAddress> addresses) {
        return MailAddresses.format(addresses);
    }

    private Sending.Prepared build(Draft draft) {
        if (draft.subject().length() > 998) {
            throw new InvalidInput("subject", "mail.compose.subjectTooLong");
        }
        try {
            return sending.prepare(draft);
        } catch (HeaderInjection injection) {
            String field = injection.field();
            throw new InvalidInput(field.contains("[") ? field.substring(0, field.indexOf('[')) : field,
                    "mail.compose.lineBreak");
        } catch (MalformedAddress bad) {
            throw new InvalidInput("to", "mail.compose.badAddress", bad.text());
        }
    }

    private ReplyWording wording(Locale locale) {
        Locale language = locale == null ? Locale.ENGLISH : locale;
        return new ReplyWording(text("mail.reply.attribution", language), text("mail.reply.unknownDate", language),
                text("mail.reply.forwardBanner", language), text("mail.header.from", language),
                text("mail.header.date", language), text("mail.subject", language), text("mail.header.to", language),
                text("mail.header.cc", language),
                DateTimeFormatter.ofPattern(text("mail.reply.datePattern", language), language).withZone(ZoneOffset.UTC));
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private AuditEntry audit(MailContext context, ConnectionProfile profile, String action, Outcome outcome,
                             Draft draft, long size, String messageId) {
        return AuditEntry.of(context.user().username(), context.user().clientIp(), action,
                        profile.mail().smtpHost() + ":" + profile.mail().smtpPort(), outcome)
                .withBytes(size)
                .with("connection", profile.id().toString())
                .with("sender", draft.from().address())
                .with("recipients", draft.recipientCount())
                .with("messageId", messageId == null ? "" : messageId)
                .with("attachments", draft.attachments().size());
    }

    private ConnectionProfile profile(MailContext context) {
        ConnectionProfile profile = connections.get(context.connectionId(), context.user());
        if (profile.kind() != dev.postern.upstream.ConnectionKind.MAIL) {
            throw new MessageNotFound("not a mail connection");
        }
        return profile;
    }

    private static boolean hasFolders(ConnectionProfile profile) {
        return profile.mail().retrieval() == dev.postern.upstream.RetrievalProtocol.IMAP;
    }
}
