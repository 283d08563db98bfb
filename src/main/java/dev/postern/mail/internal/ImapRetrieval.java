package dev.postern.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SearchTerm;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.SortTerm;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;

import dev.postern.mail.Conversation;
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
 * A mailbox over IMAP, on one connection: one folder is kept selected and every command (LIST, STATUS, FETCH, SORT,
 * SEARCH, THREAD) goes over that folder's connection, so that a user session costs one IMAP connection.
 *
 * <p>A list page fetches only its own messages' envelopes, flags, sizes, dates and structures, by sequence number:
 * newest first by arrival needs no more than the message count; other orders ask the server to SORT and keep the
 * sorted sequence numbers until the folder changes.
 */
final class ImapRetrieval implements Retrieval {

    static final String FETCH_ITEMS = "UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE";

    private final IMAPStore store;
    private IMAPFolder selected;
    private Sorted sorted;
    /** The folders as last listed, with their counts, and when (System.nanoTime); null when they must be listed. */
    private List<Folder> folders;
    private long foldersListedAt;
    /**
     * Whether the selected folder has heard from the server since the connection was last lent to a request. The
     * server tells of new and expunged messages in answer to a command, but not every command makes it look: Dovecot,
     * for one, checks a Maildir for changes made outside its index only on NOOP (which on a 100,000-message Maildir
     * with changed flags costs it milliseconds), and Angus sends its own NOOP only after a second of quiet and not
     * before every command. So a request NOOPs first when a watch of the session has heard of news (the mailbox page
     * loads the list again at once when its watch reports new mail), and when the connection has been quiet for
     * {@link #QUIET} (a person clicking sees the folder as it is now); requests that follow each other faster than that
     * without news (a script, a page's own follow-up requests) do not.
     */
    private boolean synced = true;

    /**
     * How long the folder list and its counts are reused for the next pages of the session: a user paging through a
     * folder does not need every folder counted again for each page. Anything done through this connection that
     * changes a folder, and a change in the selected folder's size, lists them afresh; counts changed by other clients
     * in folders other than the one shown may be this late.
     */
    static final java.time.Duration FOLDERS_FRESH = java.time.Duration.ofSeconds(5);

    /** Sequence numbers of a folder in one order, valid while the folder has the same count and next UID. */
    private record Sorted(String folder, MessageSort sort, int total, long uidNext, int[] seqnums) {
    }

    private ImapRetrieval(IMAPStore store) {
        this.store = store;
    }

    static ImapRetrieval connect(Session session, String host, int port, String username, String password)
            throws MessagingException {
        IMAPStore store = (IMAPStore) session.getStore("imap");
        store.connect(host, port, username, password);
        ImapRetrieval retrieval = new ImapRetrieval(store);
        try {
            retrieval.select("INBOX");
        } catch (MessagingException e) {
            retrieval.close();
            throw e;
        }
        return retrieval;
    }

    @Override
    public boolean hasFolders() {
        return true;
    }

    boolean hasCapability(String capability) throws MessagingException {
        return store.hasCapability(capability);
    }

    /** How long a connection may be quiet before the next request asks the server's news first. */
    static final java.time.Duration QUIET = java.time.Duration.ofSeconds(1);

    /** When the connection was last lent (System.nanoTime), or 0 before the first time. */
    private long lentAt;

    @Override
    public void lent(boolean news) {
        long now = System.nanoTime();
        if (news || lentAt == 0 || now - lentAt >= QUIET.toNanos()) {
            synced = false;
        }
        lentAt = now;
    }

    /** Asks the selected folder's news of the server (NOOP) once per lending; SELECT brings them too. */
    private void sync() throws MessagingException {
        if (!synced) {
            synced = true;
            selected.doCommand(p -> {
                p.noop();
                return null;
            });
        }
    }

    /** Selects the folder (read-write) unless it is already selected; returns it open and up to date. */
    IMAPFolder select(String name) throws MessagingException {
        if (selected != null && selected.isOpen() && selected.getFullName().equals(name)) {
            sync();
            return selected;
        }
        IMAPFolder next = (IMAPFolder) store.getFolder(name);
        if (!next.exists()) {
            throw new MessageNotFound("no folder " + name);
        }
        if (selected != null && selected.isOpen()) {
            selected.close(false);
        }
        next.open(jakarta.mail.Folder.READ_WRITE);
        selected = next;
        synced = true;
        sorted = null;
        return next;
    }

    private Object protocol(IMAPFolder.ProtocolCommand command) throws MessagingException {
        if (selected == null || !selected.isOpen()) {
            select("INBOX");
        }
        return selected.doCommand(command);
    }

    @Override
    public List<Folder> folders() throws MessagingException {
        if (folders != null && System.nanoTime() - foldersListedAt < FOLDERS_FRESH.toNanos() && selectedUnchanged()) {
            return folders;
        }
        List<Folder> listed = listFolders();
        folders = listed;
        foldersListedAt = System.nanoTime();
        return listed;
    }

    /** Whether the selected folder holds as many messages as when the folders were listed. */
    private boolean selectedUnchanged() throws MessagingException {
        if (selected == null || !selected.isOpen()) {
            return false;
        }
        sync();
        String name = selected.getFullName();
        int total = selected.getMessageCount();
        return folders.stream().filter(f -> f.fullName().equals(name)).allMatch(f -> f.total() == total);
    }

    /** The next {@link #folders()} lists them afresh: something was changed through this connection. */
    private void foldersChanged() {
        folders = null;
    }

    private List<Folder> listFolders() throws MessagingException {
        boolean oneCommand = store.hasCapability("LIST-EXTENDED") && store.hasCapability("LIST-STATUS");
        boolean specialUse = store.hasCapability("SPECIAL-USE");
        Object result = protocol(p -> {
            ListInfo[] all;
            Set<String> subscribedNames = new HashSet<>();
            Map<String, Status> counts = new HashMap<>();
            if (oneCommand) {
                // One round trip instead of LIST, LSUB and a STATUS per folder (RFC 5258, 5819, 6154).
                List<ListInfo> listed = new ArrayList<>();
                Response[] responses = p.command("LIST \"\" \"*\" RETURN (SUBSCRIBED" + (specialUse ? " SPECIAL-USE" : "")
                        + " STATUS (MESSAGES UNSEEN))", null);
                p.notifyResponseHandlers(responses);
                p.handleResult(responses[responses.length - 1]);
                for (Response response : responses) {
                    if (response instanceof IMAPResponse untagged && untagged.keyEquals("LIST")) {
                        ListInfo info = new ListInfo(untagged);
                        listed.add(info);
                        if (info.attrs != null && Arrays.stream(info.attrs).anyMatch("\\Subscribed"::equalsIgnoreCase)) {
                            subscribedNames.add(info.name);
                        }
                    } else if (response instanceof IMAPResponse untagged && untagged.keyEquals("STATUS")) {
                        Status status = new Status(untagged);
                        counts.put(status.mbox, status);
                    }
                }
                all = listed.toArray(ListInfo[]::new);
            } else {
                all = p.list("", "*");
                ListInfo[] subscribed = p.lsub("", "*");
                if (subscribed != null) {
                    for (ListInfo info : subscribed) {
                        subscribedNames.add(info.name);
                    }
                }
            }
            List<Folder> folders = new ArrayList<>();
            if (all == null) {
                return folders;
            }
            Set<FolderRole> taken = new HashSet<>();
            // Special-use attributes first, so that a folder merely named like one does not take its role.
            Map<String, FolderRole> roles = new HashMap<>();
            for (ListInfo info : all) {
                FolderRole role = FolderRoles.fromAttributes(info.name, info.attrs);
                if (role != FolderRole.NONE && taken.add(role)) {
                    roles.put(info.name, role);
                }
            }
            for (ListInfo info : all) {
                if (!roles.containsKey(info.name)) {
                    FolderRole role = FolderRoles.fromName(info.name, info.separator);
                    if (role != FolderRole.NONE && taken.add(role)) {
                        roles.put(info.name, role);
                    }
                }
            }
            for (ListInfo info : all) {
                int total = -1;
                int unread = -1;
                if (info.canOpen) {
                    // A server may leave out the STATUS of a folder (the selected one, or one it cannot count).
                    Status status = counts.get(info.name);
                    try {
                        if (status == null) {
                            status = p.status(info.name, new String[]{"MESSAGES", "UNSEEN"});
                        }
                        total = status.total;
                        unread = status.unseen;
                    } catch (org.eclipse.angus.mail.iap.CommandFailedException e) {
                        // A folder that went away between LIST and STATUS, or that the server will not count.
                    }
                }
                String leaf = info.separator == '\0' || info.name.indexOf(info.separator) < 0 ? info.name
                        : info.name.substring(info.name.lastIndexOf(info.separator) + 1);
                int depth = info.separator == '\0' ? 0 : (int) info.name.chars().filter(c -> c == info.separator).count();
                folders.add(new Folder(info.name, leaf, roles.getOrDefault(info.name, FolderRole.NONE), depth,
                        total, unread, info.canOpen, subscribedNames.contains(info.name)
                        || "INBOX".equalsIgnoreCase(info.name)));
            }
            return folders;
        });
        @SuppressWarnings("unchecked")
        List<Folder> folders = (List<Folder>) result;
        return FolderRoles.ordered(folders);
    }

    @Override
    public MessagePage page(String folder, int page, int pageSize, MessageSort sort, boolean ascending)
            throws MessagingException {
        IMAPFolder open = select(folder);
        int total = open.getMessageCount();
        if (total == 0) {
            return new MessagePage(folder, List.of(), 0, pageSize, 0, sort, ascending);
        }
        int pages = Math.max(1, (total + pageSize - 1) / pageSize);
        int shown = Math.min(Math.max(0, page), pages - 1);
        int[] seqnums;
        if (sort == MessageSort.ARRIVAL || !store.hasCapability("SORT")) {
            // Arrival order is the sequence order: the newest page is the end of the folder.
            int from = ascending ? shown * pageSize + 1 : Math.max(1, total - (shown + 1) * pageSize + 1);
            int to = ascending ? Math.min(total, (shown + 1) * pageSize) : total - shown * pageSize;
            seqnums = new int[to - from + 1];
            for (int i = 0; i < seqnums.length; i++) {
                seqnums[i] = ascending ? from + i : to - i;
            }
            if (sort != MessageSort.ARRIVAL) {
                sort = MessageSort.ARRIVAL;
            }
        } else {
            int[] all = sortedSeqnums(open, folder, sort, total);
            int from = shown * pageSize;
            int to = Math.min(all.length, from + pageSize);
            seqnums = new int[Math.max(0, to - from)];
            for (int i = 0; i < seqnums.length; i++) {
                // SORT answers ascending; newest-first and Z-to-A read it from the end.
                seqnums[i] = ascending ? all[from + i] : all[all.length - 1 - from - i];
            }
        }
        return new MessagePage(folder, summaries(open, seqnums), shown, pageSize, total, sort, ascending);
    }

    private int[] sortedSeqnums(IMAPFolder open, String folder, MessageSort sort, int total) throws MessagingException {
        long uidNext = open.getUIDNext();
        if (sorted != null && sorted.folder().equals(folder) && sorted.sort() == sort && sorted.total() == total
                && sorted.uidNext() == uidNext) {
            return sorted.seqnums();
        }
        SortTerm term = switch (sort) {
            case DATE -> SortTerm.DATE;
            case FROM -> SortTerm.FROM;
            case SUBJECT -> SortTerm.SUBJECT;
            case SIZE -> SortTerm.SIZE;
            case ARRIVAL -> SortTerm.ARRIVAL;
        };
        int[] seqnums = (int[]) open.doCommand(p -> {
            try {
                return p.sort(new SortTerm[]{term}, null);
            } catch (jakarta.mail.search.SearchException e) {
                throw new org.eclipse.angus.mail.iap.ProtocolException(e.getMessage(), e);
            }
        });
        sorted = new Sorted(folder, sort, total, uidNext, seqnums == null ? new int[0] : seqnums);
        return sorted.seqnums();
    }

    /** Fetches exactly these messages' list data, in the order given. */
    private List<MessageSummary> summaries(IMAPFolder open, int[] seqnums) throws MessagingException {
        Map<Integer, MessageSummary> bySeq = summariesBySeq(open, seqnums);
        List<MessageSummary> ordered = new ArrayList<>(seqnums.length);
        for (int seq : seqnums) {
            MessageSummary summary = bySeq.get(seq);
            if (summary != null) {
                ordered.add(summary);
            }
        }
        return ordered;
    }

    private Map<Integer, MessageSummary> summariesBySeq(IMAPFolder open, int[] seqnums) throws MessagingException {
        Map<Integer, MessageSummary> bySeq = new HashMap<>();
        if (seqnums.length == 0) {
            return bySeq;
        }
        Response[] responses = (Response[]) open.doCommand(p -> {
            Response[] r = p.fetch(messageSet(seqnums), FETCH_ITEMS);
            p.handleResult(r[r.length - 1]);
            return r;
        });
        for (Response response : responses) {
            if (response instanceof FetchResponse fetch) {
                MessageSummary summary = summary(fetch);
                if (summary != null) {
                    bySeq.put(fetch.getNumber(), summary);
                }
            }
        }
        return bySeq;
    }

    private static org.eclipse.angus.mail.imap.protocol.MessageSet[] messageSet(int[] seqnums) {
        int[] copy = seqnums.clone();
        Arrays.sort(copy);
        return org.eclipse.angus.mail.imap.protocol.MessageSet.createMessageSets(copy);
    }

    private static MessageSummary summary(FetchResponse fetch) {
        UID uid = fetch.getItem(UID.class);
        ENVELOPE envelope = fetch.getItem(ENVELOPE.class);
        if (uid == null || envelope == null) {
            // An unsolicited FETCH (a flag change another client made) rides along; it is not a row.
            return null;
        }
        FLAGS flags = fetch.getItem(FLAGS.class);
        RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
        INTERNALDATE internal = fetch.getItem(INTERNALDATE.class);
        BODYSTRUCTURE structure = fetch.getItem(BODYSTRUCTURE.class);
        Date date = envelope.date != null ? envelope.date : internal != null ? internal.getDate() : null;
        return new MessageSummary(Long.toString(uid.uid), MailText.decodeHeader(envelope.subject),
                MailText.addresses(envelope.from), MailText.addresses(envelope.to), date == null ? null : date.toInstant(),
                size == null ? -1 : size.size, flags(flags), structure != null && hasAttachments(structure));
    }

    static MessageFlags flags(Flags flags) {
        if (flags == null) {
            return new MessageFlags(false, false, false, false);
        }
        return new MessageFlags(flags.contains(Flags.Flag.SEEN), flags.contains(Flags.Flag.FLAGGED),
                flags.contains(Flags.Flag.ANSWERED), flags.contains(Flags.Flag.DRAFT));
    }


    /** An attachment is any part marked as one, or any non-text leaf that is not an inline related part. */
    static boolean hasAttachments(BODYSTRUCTURE part) {
        if (part.isMulti()) {
            boolean related = "related".equalsIgnoreCase(part.subtype);
            for (BODYSTRUCTURE child : part.bodies) {
                if (related && child != part.bodies[0] && child.isSingle()
                        && !"attachment".equalsIgnoreCase(child.disposition)) {
                    continue;
                }
                if (hasAttachments(child)) {
                    return true;
                }
            }
            return false;
        }
        if ("attachment".equalsIgnoreCase(part.disposition)) {
            return true;
        }
        if (part.isNested()) {
            return true;
        }
        String type = part.type == null ? "" : part.type.toLowerCase(Locale.ROOT);
        return !type.equals("text") && !"inline".equalsIgnoreCase(part.disposition);
    }

    @Override
    public MessagePage search(String folder, MessageQuery query, int page, int pageSize) throws MessagingException {
        IMAPFolder open = select(folder);
        SearchTerm term = SearchTerms.of(query);
        int[] matches;
        if (term == null) {
            return page(folder, page, pageSize, MessageSort.ARRIVAL, false);
        }
        matches = (int[]) open.doCommand(p -> {
            try {
                return p.search(term);
            } catch (jakarta.mail.search.SearchException e) {
                throw new org.eclipse.angus.mail.iap.ProtocolException(e.getMessage(), e);
            }
        });
        if (matches == null) {
            matches = new int[0];
        }
        int total = matches.length;
        int pages = Math.max(1, (total + pageSize - 1) / pageSize);
        int shown = Math.min(Math.max(0, page), pages - 1);
        int from = shown * pageSize;
        int to = Math.min(total, from + pageSize);
        int[] seqnums = new int[Math.max(0, to - from)];
        for (int i = 0; i < seqnums.length; i++) {
            seqnums[i] = matches[total - 1 - from - i];
        }
        return new MessagePage(folder, summaries(open, seqnums), shown, pageSize, total, MessageSort.ARRIVAL, false);
    }

    @Override
    public ConversationPage conversations(String folder, int page, int pageSize, int scanLimit)
            throws MessagingException {
        IMAPFolder open = select(folder);
        int total = open.getMessageCount();
        List<int[]> threads;
        if (store.hasCapability("THREAD=REFERENCES")) {
            threads = Threads.fromServer(open);
        } else {
            threads = Threads.fromHeaders(open, total, scanLimit);
        }
        // Newest conversation first: by its highest sequence number (the latest arrival in it).
        threads.sort(Comparator.comparingInt((int[] t) -> Arrays.stream(t).max().orElse(0)).reversed());
        int pages = Math.max(1, (threads.size() + pageSize - 1) / pageSize);
        int shown = Math.min(Math.max(0, page), pages - 1);
        List<int[]> visible = threads.subList(Math.min(threads.size(), shown * pageSize),
                Math.min(threads.size(), (shown + 1) * pageSize));
        int[] all = visible.stream().flatMapToInt(Arrays::stream).toArray();
        Map<Integer, MessageSummary> bySeq = summariesBySeq(open, all);
        List<Conversation> conversations = new ArrayList<>();
        for (int[] thread : visible) {
            int[] inOrder = thread.clone();
            Arrays.sort(inOrder);
            List<MessageSummary> messages = new ArrayList<>();
            for (int seq : inOrder) {
                MessageSummary summary = bySeq.get(seq);
                if (summary != null) {
                    messages.add(summary);
                }
            }
            if (!messages.isEmpty()) {
                conversations.add(new Conversation(messages));
            }
        }
        return new ConversationPage(folder, conversations, shown, pageSize, threads.size());
    }

    @Override
    public Message message(String folder, String id) throws MessagingException {
        IMAPFolder open = select(folder);
        Message message = open.getMessageByUID(uid(id));
        if (message == null || message.isExpunged()) {
            throw new MessageNotFound("no message " + id + " in " + folder);
        }
        return message;
    }

    @Override
    public void writeSource(String folder, String id, OutputStream out) throws MessagingException, IOException {
        IMAPMessage message = (IMAPMessage) message(folder, id);
        // BODY.PEEK: downloading the source must not mark the message read.
        message.setPeek(true);
        try (InputStream source = message.getMimeStream()) {
            source.transferTo(out);
        } finally {
            message.setPeek(false);
        }
    }

    @Override
    public void markSeen(String folder, List<String> ids, boolean seen) throws MessagingException {
        setFlag(folder, ids, Flags.Flag.SEEN, seen);
    }

    @Override
    public void markFlagged(String folder, List<String> ids, boolean flagged) throws MessagingException {
        setFlag(folder, ids, Flags.Flag.FLAGGED, flagged);
    }

    @Override
    public void markAnswered(String folder, List<String> ids) throws MessagingException {
        setFlag(folder, ids, Flags.Flag.ANSWERED, true);
    }

    private void setFlag(String folder, List<String> ids, Flags.Flag flag, boolean value) throws MessagingException {
        foldersChanged();
        IMAPFolder open = select(folder);
        Message[] messages = byUids(open, ids);
        if (messages.length > 0) {
            open.setFlags(messages, new Flags(flag), value);
        }
    }

    @Override
    public void delete(String folder, List<String> ids, String trash) throws MessagingException {
        foldersChanged();
        if (trash == null || trash.equals(folder)) {
            IMAPFolder open = select(folder);
            Message[] messages = byUids(open, ids);
            if (messages.length > 0) {
                open.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
                // UID EXPUNGE (UIDPLUS) removes only these, not what another client marked deleted.
                open.expunge(messages);
            }
        } else {
            move(folder, ids, trash);
        }
    }

    @Override
    public void move(String folder, List<String> ids, String target) throws MessagingException {
        foldersChanged();
        IMAPFolder open = select(folder);
        Message[] messages = byUids(open, ids);
        if (messages.length > 0) {
            jakarta.mail.Folder destination = store.getFolder(target);
            if (!destination.exists()) {
                throw new MessageNotFound("no folder " + target);
            }
            // MOVE where the server has it; Angus falls back to COPY, STORE \Deleted and UID EXPUNGE.
            open.moveMessages(messages, destination);
        }
    }

    @Override
    public void copy(String folder, List<String> ids, String target) throws MessagingException {
        foldersChanged();
        IMAPFolder open = select(folder);
        Message[] messages = byUids(open, ids);
        if (messages.length > 0) {
            jakarta.mail.Folder destination = store.getFolder(target);
            if (!destination.exists()) {
                throw new MessageNotFound("no folder " + target);
            }
            open.copyMessages(messages, destination);
        }
    }

    void createFolder(String fullName) throws MessagingException {
        foldersChanged();
        jakarta.mail.Folder folder = store.getFolder(fullName);
        if (folder.exists()) {
            throw new FolderExists(fullName);
        }
        if (!folder.create(jakarta.mail.Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("The server did not create " + fullName);
        }
        folder.setSubscribed(true);
    }

    void renameFolder(String fullName, String newFullName) throws MessagingException {
        foldersChanged();
        if (selected != null && selected.getFullName().equals(fullName)) {
            select("INBOX");
        }
        jakarta.mail.Folder folder = store.getFolder(fullName);
        if (!folder.exists()) {
            throw new MessageNotFound("no folder " + fullName);
        }
        jakarta.mail.Folder target = store.getFolder(newFullName);
        if (target.exists()) {
            throw new FolderExists(newFullName);
        }
        if (!folder.renameTo(target)) {
            throw new MessagingException("The server did not rename " + fullName);
        }
    }

    void deleteFolder(String fullName) throws MessagingException {
        foldersChanged();
        if (selected != null && selected.getFullName().equals(fullName)) {
            select("INBOX");
        }
        jakarta.mail.Folder folder = store.getFolder(fullName);
        if (!folder.exists()) {
            throw new MessageNotFound("no folder " + fullName);
        }
        folder.setSubscribed(false);
        if (!folder.delete(true)) {
            throw new MessagingException("The server did not delete " + fullName);
        }
    }

    void subscribe(String fullName, boolean subscribed) throws MessagingException {
        foldersChanged();
        jakarta.mail.Folder folder = store.getFolder(fullName);
        if (!folder.exists()) {
            throw new MessageNotFound("no folder " + fullName);
        }
        folder.setSubscribed(subscribed);
    }

    char separator() throws MessagingException {
        return store.getDefaultFolder().getSeparator();
    }

    /** Appends a message (to Sent or Drafts) and returns its UID when the server says (UIDPLUS), else null. */
    Long append(String folder, MimeMessage message, Flags flags) throws MessagingException {
        foldersChanged();
        IMAPFolder target = (IMAPFolder) store.getFolder(folder);
        if (!target.exists()) {
            throw new MessageNotFound("no folder " + folder);
        }
        message.setFlags(flags, true);
        var uids = target.appendUIDMessages(new Message[]{message});
        if (selected != null && selected.getFullName().equals(folder)) {
            // Let the selected folder see the new message on its next command.
            selected.getMessageCount();
        }
        return uids != null && uids.length == 1 && uids[0] != null ? uids[0].uid : null;
    }

    /** Message count, unseen count and next UID of a folder, for the new-mail check. */
    Status status(String folder) throws MessagingException {
        return (Status) protocol(p -> p.status(folder, new String[]{"MESSAGES", "UNSEEN", "UIDNEXT"}));
    }

    @Override
    public void ping() throws MessagingException {
        protocol(p -> {
            p.noop();
            return null;
        });
    }

    private static Message[] byUids(IMAPFolder open, List<String> ids) throws MessagingException {
        long[] uids = ids.stream().mapToLong(ImapRetrieval::uid).toArray();
        Message[] found = open.getMessagesByUID(uids);
        return Arrays.stream(found).filter(m -> m != null && !m.isExpunged()).toArray(Message[]::new);
    }

    static long uid(String id) {
        try {
            long uid = Long.parseLong(id);
            if (uid <= 0) {
                throw new NumberFormatException();
            }
            return uid;
        } catch (NumberFormatException e) {
            throw new MessageNotFound("not a message id: " + id);
        }
    }

    @Override
    public void close() {
        try {
            if (selected != null && selected.isOpen()) {
                selected.close(false);
            }
        } catch (MessagingException ignored) {
            // Closing anyway.
        }
        try {
            store.close();
        } catch (MessagingException ignored) {
            // The connection may already be gone; there is nothing to keep.
        }
    }

    /** A folder of that name is there already. */
    static final class FolderExists extends MessagingException {
        FolderExists(String name) {
            super("Folder exists: " + name);
        }
    }
}
