package dev.postern.mail.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;

import dev.postern.platform.InvalidInput;
import dev.postern.mail.ConversationPage;
import dev.postern.mail.Folder;
import dev.postern.mail.FolderRole;
import dev.postern.mail.MessageFlags;
import dev.postern.mail.MessageNotFound;
import dev.postern.mail.MessagePage;
import dev.postern.mail.MessageQuery;
import dev.postern.mail.MessageSort;
import dev.postern.mail.MessageSummary;

/**
 * A POP3 mailbox: the inbox only, no flags, no search. Messages are known by their UIDL. POP3 shows a snapshot of the
 * mailbox taken when it was opened, so the inbox is opened again when the snapshot gets old, to see new mail.
 */
final class Pop3Retrieval implements Retrieval {

    static final String INBOX = "INBOX";
    /** How old a snapshot may be before the list shows new mail. */
    private static final long SNAPSHOT_MILLIS = 15_000;

    private final POP3Store store;
    private POP3Folder inbox;
    private long openedAt;
    private Map<String, Integer> numbersByUid;

    private Pop3Retrieval(POP3Store store) {
        this.store = store;
    }

    static Pop3Retrieval connect(Session session, String host, int port, String username, String password)
            throws MessagingException {
        POP3Store store = (POP3Store) session.getStore("pop3");
        store.connect(host, port, username, password);
        Pop3Retrieval retrieval = new Pop3Retrieval(store);
        try {
            retrieval.open();
        } catch (MessagingException e) {
            retrieval.close();
            throw e;
        }
        return retrieval;
    }

    private POP3Folder open() throws MessagingException {
        if (inbox != null && inbox.isOpen()) {
            inbox.close(false);
        }
        inbox = (POP3Folder) store.getFolder(INBOX);
        inbox.open(jakarta.mail.Folder.READ_WRITE);
        openedAt = System.currentTimeMillis();
        numbersByUid = null;
        return inbox;
    }

    private POP3Folder inbox(String folder, boolean fresh) throws MessagingException {
        if (!INBOX.equalsIgnoreCase(folder)) {
            throw new MessageNotFound("a POP3 mailbox has only its inbox");
        }
        if (inbox == null || !inbox.isOpen() || fresh && System.currentTimeMillis() - openedAt > SNAPSHOT_MILLIS) {
            return open();
        }
        return inbox;
    }

    @Override
    public boolean hasFolders() {
        return false;
    }

    @Override
    public List<Folder> folders() throws MessagingException {
        POP3Folder open = inbox(INBOX, true);
        return List.of(new Folder(INBOX, INBOX, FolderRole.INBOX, 0, open.getMessageCount(), -1, true, true));
    }

    @Override
    public MessagePage page(String folder, int page, int pageSize, MessageSort sort, boolean ascending)
            throws MessagingException {
        POP3Folder open = inbox(folder, true);
        int total = open.getMessageCount();
        if (total == 0) {
            return new MessagePage(INBOX, List.of(), 0, pageSize, 0, MessageSort.ARRIVAL, false);
        }
        int pages = Math.max(1, (total + pageSize - 1) / pageSize);
        int shown = Math.min(Math.max(0, page), pages - 1);
        int to = total - shown * pageSize;
        int from = Math.max(1, to - pageSize + 1);
        Message[] messages = open.getMessages(from, to);
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        open.fetch(messages, profile);
        List<MessageSummary> rows = new ArrayList<>();
        for (int i = messages.length - 1; i >= 0; i--) {
            Message message = messages[i];
            String uid = open.getUID(message);
            rows.add(new MessageSummary(uid == null ? "" : uid, MailText.decodeHeader(message.getHeader("Subject") == null
                    ? null : message.getHeader("Subject")[0]), MailText.addresses(message.getFrom()),
                    MailText.addresses(message.getRecipients(Message.RecipientType.TO)),
                    message.getSentDate() == null ? null : message.getSentDate().toInstant(), message.getSize(),
                    new MessageFlags(true, false, false, false), message.isMimeType("multipart/mixed")));
        }
        return new MessagePage(INBOX, rows, shown, pageSize, total, MessageSort.ARRIVAL, false);
    }


    @Override
    public MessagePage search(String folder, MessageQuery query, int page, int pageSize) {
        throw new InvalidInput(null, "mail.pop3.noSearch");
    }

    @Override
    public ConversationPage conversations(String folder, int page, int pageSize, int scanLimit) {
        throw new InvalidInput(null, "mail.pop3.noConversations");
    }

    @Override
    public Message message(String folder, String id) throws MessagingException {
        POP3Folder open = inbox(folder, false);
        if (numbersByUid == null) {
            Message[] all = open.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            open.fetch(all, profile);
            numbersByUid = new HashMap<>();
            for (Message message : all) {
                numbersByUid.put(open.getUID(message), message.getMessageNumber());
            }
        }
        Integer number = numbersByUid.get(id);
        if (number == null) {
            throw new MessageNotFound("no message " + id);
        }
        return open.getMessage(number);
    }

    @Override
    public void writeSource(String folder, String id, OutputStream out) throws MessagingException, IOException {
        // RETR spools to a temporary file (mail.pop3.filecache.enable), not to memory.
        message(folder, id).writeTo(out);
    }

    @Override
    public void markSeen(String folder, List<String> ids, boolean seen) {
        // POP3 keeps no flags: nothing to do.
    }

    @Override
    public void markAnswered(String folder, List<String> ids) {
        // POP3 keeps no flags.
    }

    @Override
    public void markFlagged(String folder, List<String> ids, boolean flagged) {
        throw new InvalidInput(null, "mail.pop3.noFlags");
    }

    @Override
    public void delete(String folder, List<String> ids, String trash) throws MessagingException {
        POP3Folder open = inbox(folder, false);
        for (String id : ids) {
            message(folder, id).setFlag(Flags.Flag.DELETED, true);
        }
        // POP3 deletes at QUIT: close the inbox to commit, then open a fresh snapshot.
        open.close(true);
        open();
    }

    @Override
    public void move(String folder, List<String> ids, String target) {
        throw new InvalidInput(null, "mail.pop3.noFolders");
    }

    @Override
    public void copy(String folder, List<String> ids, String target) {
        throw new InvalidInput(null, "mail.pop3.noFolders");
    }

    @Override
    public void ping() throws MessagingException {
        inbox(INBOX, false).getMessageCount();
    }

    @Override
    public void close() {
        try {
            if (inbox != null && inbox.isOpen()) {
                inbox.close(false);
            }
        } catch (MessagingException ignored) {
            // Closing anyway.
        }
        try {
            store.close();
        } catch (MessagingException ignored) {
            // Nothing to keep.
        }
    }
}
