package dev.postern.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.mail.internal.MailSessions;
import dev.postern.mail.internal.Reading;
import dev.postern.mail.internal.MailboxOperations;

/**
 * Reading mail: a user's mail connections, their folders, pages of messages, search, conversations, and what is done
 * to messages (flags, move, copy, delete) and folders. Serves the pages and the API alike.
 *
 * <p>Each call runs on the session's open mailbox connection ({@link MailContext}); nothing logs in per page view.
 * Server failures come as {@link MailUnavailable}; a folder or message that is not there as {@link MessageNotFound};
 * bad input as {@link InvalidInput}, before anything is sent to the server.
 */
@Service
public class Mailboxes {

    private final MailSessions sessions;
    private final dev.postern.mail.internal.MailWatches watches;
    private final Connections connections;
    private final MailProperties properties;
    private final AuditLog audit;
    private final dev.postern.upstream.UpstreamPolicy policy;
    private final dev.postern.mail.internal.html.RemoteImages remoteImages = new dev.postern.mail.internal.html.RemoteImages();

    Mailboxes(MailSessions sessions, dev.postern.mail.internal.MailWatches watches, Connections connections,
              MailProperties properties, AuditLog audit, dev.postern.upstream.UpstreamPolicy policy) {
        this.policy = policy;
        this.sessions = sessions;
        this.watches = watches;
        this.connections = connections;
        this.properties = properties;
        this.audit = audit;
    }

    /** The user's mail connections, own and shared. */
    public List<ConnectionProfile> accounts(CurrentUser user) {
        return connections.visibleTo(user).stream().filter(p -> p.kind() == ConnectionKind.MAIL).toList();
    }

    /**
     * The user's mail accounts and, among them, the one the context names: one query that is also the check of the
     * user's right to it (the accounts a user may use are exactly those listed).
     */
    private Accounts accountsWith(MailContext context) {
        List<ConnectionProfile> all = accounts(context.user());
        ConnectionProfile current = all.stream().filter(p -> p.id().equals(context.connectionId())).findFirst()
                .orElseThrow(() -> new MessageNotFound("no mail connection " + context.connectionId()));
        return new Accounts(current, all);
    }

    private record Accounts(ConnectionProfile current, List<ConnectionProfile> all) {
    }

    public ConnectionProfile account(MailContext context) {
        ConnectionProfile profile = connections.get(context.connectionId(), context.user());
        if (profile.kind() != ConnectionKind.MAIL) {
            throw new MessageNotFound("not a mail connection");
        }
        return profile;
    }

    /** Whether the mailbox has folders (IMAP); a POP3 mailbox has only its inbox. */
    public boolean hasFolders(MailContext context) {
        return hasFolders(account(context));
    }

    private static boolean hasFolders(ConnectionProfile account) {
        return account.mail().retrieval() == RetrievalProtocol.IMAP;
    }

    public List<Folder> folders(MailContext context) {
        return sessions.with(context, r -> r.folders());
    }

    /** The folder with this role, or null when the mailbox has none. */
    public Folder folder(MailContext context, FolderRole role) {
        return folders(context).stream().filter(f -> f.role() == role).findFirst().orElse(null);
    }

    public MessagePage page(MailContext context, String folder, int page, MessageSort sort, boolean ascending) {
        String name = MailInput.folder(folder);
        return sessions.with(context, r -> r.page(name, Math.max(0, page), properties.pageSize(),
                sort == null ? MessageSort.ARRIVAL : sort, ascending));
    }

    /**
     * A mailbox page in one use of the connection (one check of the user's right, one lock): the folders with their
     * counts and one page of {@code folder}: its messages in the order asked for, or the messages the query finds
     * (IMAP), or its conversations (IMAP, when {@code conversations} and not searching).
     */
    public MailboxView mailbox(MailContext context, String folder, int page, MessageSort sort, boolean ascending,
                               MessageQuery query, boolean conversations) {
        String name = MailInput.folder(folder);
        MessageQuery search = query == null ? MessageQuery.ALL : query;
        if (!search.matchesEverything()) {
            MailInput.query(search);
        }
        int shown = Math.max(0, page);
        Accounts accounts = accountsWith(context);
        return sessions.with(context, accounts.current(), (profile, r) -> {
            boolean folders = hasFolders(profile);
            boolean searching = folders && !search.matchesEverything();
            boolean threads = folders && !searching && conversations;
            List<Folder> all = r.folders();
            Folder current = all.stream().filter(f -> f.fullName().equals(name)).findFirst()
                    .orElseThrow(() -> new MessageNotFound("no folder " + name));
            if (threads) {
                return new MailboxView(profile, accounts.all(), folders, all, current, null,
                        r.conversations(name, shown, properties.pageSize(), properties.threadScanLimit()), false);
            }
            MessagePage messages = searching ? r.search(name, search, shown, properties.pageSize())
                    : r.page(name, shown, properties.pageSize(), sort == null ? MessageSort.ARRIVAL : sort, ascending);
            return new MailboxView(profile, accounts.all(), folders, all, current, messages, null, searching);
        });
    }

    public MessagePage search(MailContext context, String folder, MessageQuery query, int page) {
        String name = MailInput.folder(folder);
        MailInput.query(query);
        requireFolders(context);
        return sessions.with(context, r -> r.search(name, query, Math.max(0, page), properties.pageSize()));
    }

    public ConversationPage conversations(MailContext context, String folder, int page) {
        String name = MailInput.folder(folder);
        requireFolders(context);
        return sessions.with(context, r -> r.conversations(name, Math.max(0, page), properties.pageSize(),
                properties.threadScanLimit()));
    }

    public void markSeen(MailContext context, String folder, List<String> ids, boolean seen) {
        String name = MailInput.folder(folder);
        List<String> checked = MailInput.ids(ids);
        sessions.with(context, r -> {
            r.markSeen(name, checked, seen);
            return null;
        });
    }

    public void markFlagged(MailContext context, String folder, List<String> ids, boolean flagged) {
        String name = MailInput.folder(folder);
        List<String> checked = MailInput.ids(ids);
        requireFolders(context);
        sessions.with(context, r -> {
            r.markFlagged(name, checked, flagged);
            return null;
        });
    }

    /**
     * Deletes messages: to the Trash folder, or for good when they are in the Trash already (or the mailbox has no
     * Trash, or is POP3).
     *
     * @return whether they were deleted for good
     */
    public boolean delete(MailContext context, String folder, List<String> ids) {
        String name = MailInput.folder(folder);
        List<String> checked = MailInput.ids(ids);
        boolean permanently = sessions.with(context, r -> {
            String trash = r.hasFolders() ? r.folders().stream().filter(f -> f.role() == FolderRole.TRASH)
                    .map(Folder::fullName).findFirst().orElse(null) : null;
            r.delete(name, checked, trash);
            return trash == null || trash.equals(name);
        });
        record(context, MailActions.DELETED, Map.of("folder", name, "count", checked.size(), "permanently", permanently));
        return permanently;
    }

    public void move(MailContext context, String folder, List<String> ids, String target) {
        String name = MailInput.folder(folder);
        String destination = MailInput.folder(target);
        List<String> checked = MailInput.ids(ids);
        requireFolders(context);
        sessions.with(context, r -> {
            r.move(name, checked, destination);
            return null;
        });
        record(context, MailActions.MOVED, Map.of("folder", name, "target", destination, "count", checked.size()));
    }

    public void copy(MailContext context, String folder, List<String> ids, String target) {
        String name = MailInput.folder(folder);
        String destination = MailInput.folder(target);
        List<String> checked = MailInput.ids(ids);
        requireFolders(context);
        sessions.with(context, r -> {
            r.copy(name, checked, destination);
            return null;
        });
        record(context, MailActions.COPIED, Map.of("folder", name, "target", destination, "count", checked.size()));
    }

    /** Creates a folder, under {@code parent} when given; returns its full name. */
    public String createFolder(MailContext context, String parent, String name) {
        String leaf = MailInput.newFolderName(name);
        String under = parent == null || parent.isBlank() ? null : MailInput.folder(parent);
        requireFolders(context);
        String fullName = sessions.with(context, r -> MailboxOperations.createFolder(r, under, leaf));
        record(context, MailActions.FOLDER_CREATED, Map.of("folder", fullName));
        return fullName;
    }

    public String renameFolder(MailContext context, String folder, String newName) {
        String name = MailInput.folder(folder);
        String leaf = MailInput.newFolderName(newName);
        requireFolders(context);
        String renamed = sessions.with(context, r -> MailboxOperations.renameFolder(r, name, leaf));
        record(context, MailActions.FOLDER_RENAMED, Map.of("folder", name, "newName", renamed));
        return renamed;
    }

    public void deleteFolder(MailContext context, String folder) {
        String name = MailInput.folder(folder);
        requireFolders(context);
        sessions.with(context, r -> {
            MailboxOperations.deleteFolder(r, name);
            return null;
        });
        record(context, MailActions.FOLDER_DELETED, Map.of("folder", name));
    }

    public void subscribe(MailContext context, String folder, boolean subscribed) {
        String name = MailInput.folder(folder);
        requireFolders(context);
        sessions.with(context, r -> {
            MailboxOperations.subscribe(r, name, subscribed);
            return null;
        });
    }

    /** Opens a message for reading: headers, bodies (decoded, not yet sanitised) and the list of its parts. */
    public MessageView read(MailContext context, String folder, String id, boolean markSeen) {
        String name = MailInput.folder(folder);
        String checked = MailInput.ids(List.of(id)).getFirst();
        return sessions.with(context, r -> Reading.view(r, name, checked, properties.maxBodyChars(), markSeen));
    }

    /**
     * Opens a message for reading, as {@link #read}, with the account and its folders for the page around it, in one
     * use of the connection.
     */
    public ReadingView reading(MailContext context, String folder, String id, boolean markSeen) {
        String name = MailInput.folder(folder);
        String checked = MailInput.ids(List.of(id)).getFirst();
        Accounts accounts = accountsWith(context);
        return sessions.with(context, accounts.current(), (profile, r) -> {
            MessageView view = Reading.view(r, name, checked, properties.maxBodyChars(), markSeen);
            return new ReadingView(profile, accounts.all(), hasFolders(profile), r.folders(), view);
        });
    }

    /** The message's HTML body made safe (strict allow-list, images pointed at the gateway), or null when it has none. */
    public SafeBody safeHtml(MessageView view, MailImageLinks links, boolean remoteImages) {
        if (view.content().html() == null) {
            return null;
        }
        var sanitized = dev.postern.mail.internal.html.MailHtml.sanitize(view.content().html(),
                new dev.postern.mail.internal.html.ImageLinks() {
                    @Override
                    public String inline(String contentId) {
                        return links.inline(contentId);
                    }

                    @Override
                    public String remote(String absoluteUrl) {
                        return links.remote(absoluteUrl);
                    }
                }, remoteImages);
        return new SafeBody(sanitized.html(), sanitized.remoteImagesBlocked(), sanitized.remoteImageCount());
    }

    /** The message's text body as safe HTML: escaped, links clickable, quotes marked; null when it has none. */
    public SafeBody safeText(MessageView view) {
        if (view.content().text() == null) {
            return null;
        }
        return new SafeBody(dev.postern.mail.internal.html.MailHtml.textToHtml(view.content().text()), false, 0);
    }

    /** Records that the reader chose to load a message's remote images. */
    public void remoteImagesLoaded(MailContext context, String folder, String id, int count) {
        record(context, MailActions.REMOTE_IMAGES_LOADED, Map.of("folder", MailInput.folder(folder),
                "message", MailInput.ids(List.of(id)).getFirst(), "images", count));
    }

    /**
     * Streams one part of a message (an attachment, or an inline part when {@code audited} is false) on a connection
     * of its own, decoded, in constant memory whatever its size. Attachment downloads are audited.
     */
    public void download(MailContext context, String folder, String id, String partId, boolean audited,
                         PartDownload download) {
        String name = MailInput.folder(folder);
        String checked = MailInput.ids(List.of(id)).getFirst();
        if (partId == null || !partId.matches("[1-9]\\d{0,5}(\\.[1-9]\\d{0,5}){0,31}")) {
            throw new InvalidInput("part", "mail.part.invalid");
        }
        long bytes = sessions.once(context, r -> Reading.download(r, name, checked, partId, download));
        if (audited) {
            ConnectionProfile profile = account(context);
            audit.record(AuditEntry.of(context.user().username(), context.user().clientIp(),
                            MailActions.ATTACHMENT_DOWNLOADED, profile.host() + ":" + profile.port(), Outcome.SUCCESS)
                    .withBytes(bytes).with("connection", profile.id().toString()).with("folder", name)
                    .with("message", checked).with("part", partId));
        }
    }

    /**
     * Fetches a remote image for the image proxy, through the upstream policy (protocol HTTP) at every hop, and
     * streams it to the sink. Only raster images pass.
     */
    public void remoteImage(MailContext context, java.net.URI url, RemoteImage sink) {
        account(context);
        try (var image = remoteImages.fetch(url, (host, port) -> policy.check(dev.postern.upstream.Protocol.HTTP, host,
                port, context.user()))) {
            image.transferTo(sink.start(image.contentType(), image.contentLength()));
        } catch (dev.postern.upstream.RefusedByPolicy refused) {
            throw new RemoteImage.Unavailable(refused.getMessage(), true, refused);
        } catch (IOException failure) {
            throw new RemoteImage.Unavailable(failure.getMessage(), false, failure);
        }
    }

    /** The part id of the message's inline part with this Content-ID. */
    public String inlinePart(MailContext context, String folder, String id, String contentId) {
        MessageView view = read(context, folder, id, false);
        return view.content().inlineParts().stream()
                .filter(p -> contentId.equals(p.contentId())).map(AttachmentInfo::partId).findFirst()
                .orElseThrow(() -> new MessageNotFound("no inline part " + contentId));
    }

    /** Writes the message's source (.eml) to the stream, unread flag untouched; audited. */
    public void writeSource(MailContext context, String folder, String id, OutputStream out) {
        String name = MailInput.folder(folder);
        String checked = MailInput.ids(List.of(id)).getFirst();
        sessions.once(context, r -> {
            try {
                r.writeSource(name, checked, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        record(context, MailActions.SOURCE_DOWNLOADED, Map.of("folder", name, "message", checked));
    }

    /**
     * Watches a folder for new mail (IMAP IDLE, or polling): the listener gets its counts at once and after every
     * change, on another thread, until the watch is closed.
     */
    public MailWatch watch(MailContext context, String folder, java.util.function.Consumer<FolderCounts> listener) {
        return watch(context, folder, listener, () -> { });
    }

    /**
     * Watches a folder as {@link #watch(MailContext, String, java.util.function.Consumer)} does, and runs
     * {@code ended} once when the watch ends, however it ends: closed, replaced by a newer watch of the session, or
     * because the server dropped its connection (which a watcher should take as a cue to watch again later).
     */
    public MailWatch watch(MailContext context, String folder, java.util.function.Consumer<FolderCounts> listener,
                           Runnable ended) {
        String name = MailInput.folder(folder);
        account(context);
        return watches.start(context, name, listener, ended);
    }

    /** Closes the session's mailbox connections and watches (sign-out). */
    public void closeSession(String sessionKey) {
        watches.closeSession(sessionKey);
        sessions.closeSession(sessionKey);
    }

    private void requireFolders(MailContext context) {
        if (!hasFolders(context)) {
            throw new InvalidInput(null, "mail.pop3.noFolders");
        }
    }

    private void record(MailContext context, String action, Map<String, Object> detail) {
        ConnectionProfile profile = account(context);
        AuditEntry entry = AuditEntry.of(context.user().username(), context.user().clientIp(), action,
                profile.host() + ":" + profile.port(), Outcome.SUCCESS).with("connection", profile.id().toString());
        for (var item : detail.entrySet()) {
            entry = entry.with(item.getKey(), item.getValue());
        }
        audit.record(entry);
    }
}
