package dev.postern.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.stereotype.Service;

import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;
import dev.postern.ftp.internal.FtpConnection;
import dev.postern.ftp.internal.FtpSessions;
import dev.postern.ftp.internal.ListingReader;
import dev.postern.ftp.internal.PartialFileSweeper;
import dev.postern.ftp.internal.RemotePaths;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;

/**
 * The file manager over a user's FTP and FTPS connections: the one facade that pages and the REST API use. Paths are
 * below the connection's root directory and start with {@code /}; each is checked (no CR, LF or NUL, no way out of
 * the root) before anything is sent upstream, and every change and transfer is audited with its path, bytes and
 * outcome. Bytes are streamed between the caller and the server through one buffer: nothing is held whole in memory
 * and nothing is staged on the gateway's disk.
 */
@Service
public class FileTransfers {

    private static final Pattern CLIENT_KEY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** Deepest folder a ZIP download or a recursive delete descends into. */
    private static final int MAX_DEPTH = 64;
    /** Most entries one ZIP of a selection may name. */
    public static final int MAX_ZIP_SELECTION = 1000;

    private final Connections connections;
    private final FtpSessions sessions;
    private final AuditLog audit;
    private final FtpProperties properties;
    private final PartialFileSweeper sweeper;

    FileTransfers(Connections connections, FtpSessions sessions, AuditLog audit, FtpProperties properties,
                  PartialFileSweeper sweeper) {
        this.connections = connections;
        this.sessions = sessions;
        this.audit = audit;
        this.properties = properties;
        this.sweeper = sweeper;
    }

    /** The FTP connections the user may use. */
    public List<ConnectionProfile> connections(CurrentUser user) {
        return connections.visibleTo(user).stream().filter(p -> p.kind() == ConnectionKind.FTP).toList();
    }

    /** The connection, when the user may use it and it is an FTP connection. */
    public ConnectionProfile connection(FtpContext context) {
        return sessions.profile(context);
    }

    /**
     * The directory's entries. Partial files of uploads abandoned longer ago than
     * {@code postern.ftp.partial-upload-max-age} that the listing shows are deleted on the way, each audited; a
     * listing without any costs nothing more.
     */
    public Listing list(FtpContext context, String path) {
        String folder = RemotePaths.normalize(path);
        ConnectionProfile[] used = new ConnectionProfile[1];
        List<PartialFileSweeper.Swept> swept = new ArrayList<>();
        Listing listing = sessions.browse(context, (profile, connection) -> {
            used[0] = profile;
            swept.clear();
            ListingReader.Read read = connection.read(folder);
            if (!read.partialFiles().isEmpty()) {
                swept.addAll(sweeper.sweep(context.connectionId(), connection, read.partialFiles()));
            }
            List<RemoteEntry> entries = read.entries();
            if (entries.size() > properties.maxListEntries()) {
                entries = entries.subList(0, properties.maxListEntries());
            }
            return new Listing(folder, List.copyOf(entries), connection.machineListing());
        });
        for (PartialFileSweeper.Swept file : swept) {
            AuditEntry entry = entry(context, used[0], FtpActions.PARTIAL_UPLOAD_SWEPT, file.path(),
                    file.deleted() ? Outcome.SUCCESS : Outcome.FAILURE).with("modified", file.modified().toString());
            audit.record(file.deleted() ? entry : entry.with("reply", file.reply()));
        }
        return listing;
    }

    /** The entry at the path, if there is one. */
    public Optional<RemoteEntry> find(FtpContext context, String path) {
        String target = RemotePaths.normalize(path);
        if (target.equals("/")) {
            return Optional.of(new RemoteEntry("/", "/", EntryType.DIRECTORY, -1, null, null, null, null));
        }
        String name = RemotePaths.fileName(target);
        return sessions.browse(context, (profile, connection) -> {
            String parent = RemotePaths.parent(target);
            try {
                return connection.entries(parent).stream()
                        .filter(e -> name.equals(e.name())).findFirst();
            } catch (FtpUnavailable noSuchFolder) {
                return Optional.empty();
            }
        });
    }

    /**
     * Streams the file (or the asked range of it) into the target, on a control connection of its own so that the
     * session can go on browsing. The size comes from SIZE and the time from MDTM; a range becomes REST. Throws
     * {@link RangeNotSatisfiable} before anything is written when the range starts past the end. ASCII transfers
     * change line ends, so their length is unknown and a range is not honoured (the whole file is sent).
     */
    public void download(FtpContext context, String path, TransferType type, ByteRange range, DownloadTarget target) {
        String file = requireFile(path);
        TransferType transferType = type == null ? TransferType.BINARY : type;
        Progress progress = new Progress();
        ConnectionProfile[] used = new ConnectionProfile[1];
        try {
            sessions.transfer(context, (profile, connection) -> {
                used[0] = profile;
                String onServer = connection.onServer(file);
                long size = connection.size(onServer);
                if (size < 0 && connection.isDirectory(onServer)) {
                    throw new FtpUnavailable(dev.postern.upstream.UpstreamStatus.SERVER_SAID_NO,
                            "550 " + file + ": is a folder", null);
                }
                RemoteEntry entry = new RemoteEntry(RemotePaths.fileName(file), file, EntryType.FILE, size,
                        connection.modified(onServer), null, null, null);
                long offset = 0;
                long length = transferType == TransferType.ASCII ? -1 : size;
                if (range != null && transferType == TransferType.BINARY && size >= 0) {
                    if (range.first() >= size) {
                        throw new RangeNotSatisfiable(size);
                    }
                    offset = range.first();
                    long last = range.last() == null ? size - 1 : Math.min(range.last(), size - 1);
                    length = last - offset + 1;
                }
                InputStream in = connection.retrieve(onServer, offset, transferType);
                OutputStream out;
                try {
                    out = target.begin(entry, offset, length);
                } catch (IOException | RuntimeException refused) {
                    connection.abandonTransfer(in);
                    throw refused;
                }
                progress.started = true;
                boolean ended = copy(in, out, length, progress);
                // Bytes to the file's end (as SIZE gave it): the server closes the data connection there by itself.
                if (ended || size >= 0 && offset + progress.bytes >= size) {
                    in.close();
                    connection.completeTransfer();
                } else {
                    // The range ends before the file does: stop the server sending.
                    connection.abandonTransfer(in);
                    throw new StoppedEarly();
                }
                out.flush();
                return null;
            });
            record(context, used[0], FtpActions.DOWNLOADED, file, Outcome.SUCCESS, progress.bytes, false);
        } catch (StoppedEarly rangeDone) {
            record(context, used[0], FtpActions.DOWNLOADED, file, Outcome.SUCCESS, progress.bytes, false);
        } catch (RangeNotSatisfiable | InvalidPath refused) {
            throw refused;
        } catch (FtpUnavailable | TransferBroken failure) {
            record(context, used[0], FtpActions.DOWNLOADED, file, Outcome.FAILURE, progress.bytes, progress.started);
            throw failure;
        }
    }

    /** Streams the folder and everything in it as a ZIP archive (ZIP64 where needed), built as it goes. */
    public void downloadFolder(FtpContext context, String path, OutputStream out) {
        String folder = RemotePaths.normalize(path);
        Progress progress = new Progress();
        ConnectionProfile[] used = new ConnectionProfile[1];
        try {
            sessions.transfer(context, (profile, connection) -> {
                used[0] = profile;
                ZipOutputStream zip = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
                progress.started = true;
                zipFolder(connection, folder, "", zip, progress, 0);
                zip.finish();
                zip.flush();
                return null;
            });
            record(context, used[0], FtpActions.FOLDER_DOWNLOADED, folder, Outcome.SUCCESS, progress.bytes, false);
        } catch (FtpUnavailable | TransferBroken failure) {
            record(context, used[0], FtpActions.FOLDER_DOWNLOADED, folder, Outcome.FAILURE, progress.bytes,
                    progress.started);
            throw failure;
        }
    }

    /**
     * Streams the chosen entries of one folder as a ZIP archive (ZIP64 where needed), built as it goes: files as they
     * are, folders with everything in them, each named in the archive below that folder ({@code report.txt},
     * {@code photos/2026/a.jpg}). Every path must name an entry directly in {@code directory}; all are checked, and
     * their number capped at {@value #MAX_ZIP_SELECTION}, before anything is sent upstream. A chosen link is followed
     * to its file or folder; links inside folders are not, as in a folder's ZIP.
     */
    public void downloadSelection(FtpContext context, String directory, List<String> paths, OutputStream out) {
        String folder = RemotePaths.normalize(directory);
        List<String> names = selectedNames(folder, paths);
        Progress progress = new Progress();
        ConnectionProfile[] used = new ConnectionProfile[1];
        try {
            sessions.transfer(context, (profile, connection) -> {
                used[0] = profile;
                Map<String, RemoteEntry> listed = new HashMap<>();
                for (RemoteEntry entry : connection.entries(folder)) {
                    if (entry.type() != EntryType.OTHER) {
                        listed.put(entry.name(), entry);
                    }
                }
                List<RemoteEntry> chosen = new ArrayList<>(names.size());
                for (String name : names) {
                    RemoteEntry entry = listed.get(name);
                    if (entry == null) {
                        throw new FtpUnavailable(dev.postern.upstream.UpstreamStatus.SERVER_SAID_NO,
                                "550 " + RemotePaths.child(folder, name) + ": no such file or folder", null);
                    }
                    chosen.add(entry);
                }
                ZipOutputStream zip = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
                progress.started = true;
                for (RemoteEntry entry : chosen) {
                    // A link chosen itself is followed, as its own download or folder ZIP would; links met inside a
                    // folder are not.
                    boolean tree = entry.type() == EntryType.DIRECTORY || entry.type() == EntryType.LINK
                            && connection.isDirectory(connection.onServer(entry.path()));
                    if (tree) {
                        zipFolder(connection, entry.path(), entry.name() + "/", zip, progress, 1);
                    } else {
                        zipFile(connection, entry, entry.name(), zip, progress);
                    }
                }
                zip.finish();
                zip.flush();
                return null;
            });
            record(context, used[0], FtpActions.SELECTION_DOWNLOADED, folder, Outcome.SUCCESS, progress.bytes, false,
                    null, names);
        } catch (FtpUnavailable | TransferBroken failure) {
            record(context, used[0], FtpActions.SELECTION_DOWNLOADED, folder, Outcome.FAILURE, progress.bytes,
                    progress.started, null, names);
            throw failure;
        }
    }

    /** The names of the chosen entries of the folder, each checked, without repeats. */
    private static List<String> selectedNames(String folder, List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            throw new InvalidPath("files.selection.none", "nothing chosen");
        }
        if (paths.size() > MAX_ZIP_SELECTION) {
            throw new InvalidPath("files.selection.tooMany", "more than " + MAX_ZIP_SELECTION + " entries chosen",
                    MAX_ZIP_SELECTION);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String path : paths) {
            String entry = requireFile(path);
            if (!RemotePaths.parent(entry).equals(folder)) {
                throw new InvalidPath("files.selection.elsewhere", "not in " + folder + ": " + entry);
            }
            names.add(RemotePaths.fileName(entry));
        }
        return List.copyOf(names);
    }

    private void zipFolder(FtpConnection connection, String folder, String prefix, ZipOutputStream zip,
                           Progress progress, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        List<RemoteEntry> entries = connection.entries(folder);
        if (!prefix.isEmpty() && entries.isEmpty()) {
            zip.putNextEntry(new ZipEntry(prefix));
            zip.closeEntry();
        }
        for (RemoteEntry entry : entries) {
            if (entry.type() == EntryType.DIRECTORY) {
                zipFolder(connection, entry.path(), prefix + entry.name() + "/", zip, progress, depth + 1);
            } else if (entry.type() == EntryType.FILE) {
                zipFile(connection, entry, prefix + entry.name(), zip, progress);
            }
            // Links are not followed (they may loop, or point out of the root); raw lines are not files.
        }
    }

    private void zipFile(FtpConnection connection, RemoteEntry entry, String name, ZipOutputStream zip,
                         Progress progress) throws IOException {
        ZipEntry item = new ZipEntry(name);
        if (entry.modified() != null) {
            item.setLastModifiedTime(java.nio.file.attribute.FileTime.from(entry.modified()));
        }
        zip.putNextEntry(item);
        InputStream in = connection.retrieve(connection.onServer(entry.path()), 0, TransferType.BINARY);
        copy(in, zip, -1, progress);
        in.close();
        connection.completeTransfer();
        zip.closeEntry();
    }

    /**
     * How many bytes of this upload the server already holds (0 when none): where a resumed upload starts.
     */
    public long uploaded(FtpContext context, UploadRequest request) {
        Upload upload = upload(context, request);
        return sessions.browse(context, (profile, connection) -> Math.max(0,
                connection.size(connection.onServer(upload.partial))));
    }

    /**
     * Streams the body to the server, from {@code request.offset()}. Until the last byte has arrived the file is kept
     * under a temporary name in the same folder (so a failed or cancelled upload never leaves a partial file under the
     * final name, and a cut one resumes from what the server holds: SIZE, then APPE); then it is renamed to its final
     * name. Throws {@link FileExists} when the name is taken and overwriting was not asked for.
     */
    public UploadResult upload(FtpContext context, UploadRequest request, InputStream body) {
        Upload upload = upload(context, request);
        Progress progress = new Progress();
        ConnectionProfile[] used = new ConnectionProfile[1];
        try {
            UploadResult result = sessions.transfer(context, (profile, connection) -> {
                used[0] = profile;
                String partial = connection.onServer(upload.partial);
                String target = connection.onServer(upload.target);
                if (!request.overwrite() && exists(connection, target)) {
                    throw new FileExists(upload.target);
                }
                long held = Math.max(0, connection.size(partial));
                if (request.offset() != held) {
                    throw new UploadOffsetMismatch(held);
                }
                if (request.type() == TransferType.ASCII && request.offset() > 0) {
                    // Line ends change size in ASCII: a byte offset means nothing to the server's copy.
                    throw new UploadOffsetMismatch(0);
                }
                // A partial file this server says is not there, or is empty, is begun with APPE (see storeNew);
                // without SIZE, a stale one could be there unseen, and STOR replaces it.
                OutputStream out = request.offset() > 0 ? connection.store(partial, true, request.type())
                        : connection.answersSize() ? connection.storeNew(partial, request.type())
                        : connection.store(partial, false, request.type());
                progress.started = true;
                long expected = request.size() - request.offset();
                try {
                    copyUpload(body, out, expected, progress);
                } catch (IOException | RuntimeException broken) {
                    connection.abandonTransfer(out);
                    throw broken;
                }
                if (progress.bytes < expected) {
                    // The browser's request ended early: keep what arrived for a resumed upload.
                    connection.finishUpload(out);
                    return new UploadResult(upload.target, progress.bytes, request.offset() + progress.bytes, false);
                }
                connection.finishUpload(out);
                long stored = connection.size(partial);
                if (stored >= 0 && request.type() == TransferType.BINARY && stored != request.size()) {
                    throw new FtpUnavailable(dev.postern.upstream.UpstreamStatus.SERVER_SAID_NO,
                            "The server holds " + stored + " bytes of " + request.size() + " after the upload", null);
                }
                if (request.overwrite() && exists(connection, target)) {
                    // Some servers (Apache FtpServer among them) refuse to rename onto an existing file.
                    connection.tryDeleteFile(target);
                }
                connection.rename(partial, target);
                return new UploadResult(upload.target, progress.bytes, request.size(), true);
            });
            record(context, used[0], FtpActions.UPLOADED, upload.target, result.complete() ? Outcome.SUCCESS
                    : Outcome.FAILURE, progress.bytes, !result.complete());
            return result;
        } catch (FileExists | InvalidPath | UploadOffsetMismatch refused) {
            throw refused;
        } catch (FtpUnavailable | TransferBroken failure) {
            record(context, used[0], FtpActions.UPLOADED, upload.target, Outcome.FAILURE, progress.bytes,
                    progress.started);
            throw failure;
        }
    }

    /** Removes what a cancelled upload left on the server. */
    public void cancelUpload(FtpContext context, UploadRequest request) {
        Upload upload = upload(context, request);
        ConnectionProfile profile = sessions.browse(context, (p, connection) -> {
            connection.tryDeleteFile(connection.onServer(upload.partial));
            return p;
        });
        record(context, profile, FtpActions.UPLOAD_CANCELLED, upload.target, Outcome.SUCCESS, 0, false);
    }

    /** Creates a folder in the parent folder; answers its path. */
    public String createFolder(FtpContext context, String parent, String name) {
        String folder = RemotePaths.child(parent, name);
        return change(context, FtpActions.FOLDER_CREATED, folder, null, (profile, connection) -> {
            String onServer = connection.onServer(folder);
            if (exists(connection, onServer)) {
                throw new FileExists(folder);
            }
            connection.makeDirectory(onServer);
            return folder;
        });
    }

    /** Renames or moves a file or folder; refuses to replace an existing entry. */
    public void rename(FtpContext context, String from, String to) {
        String source = requireFile(from);
        String target = requireFile(to);
        if (RemotePaths.within(target, source)) {
            throw new InvalidPath("files.path.intoItself", "a folder cannot move into itself");
        }
        change(context, FtpActions.RENAMED, source, target, (profile, connection) -> {
            if (exists(connection, connection.onServer(target))) {
                throw new FileExists(target);
            }
            connection.rename(connection.onServer(source), connection.onServer(target));
            return null;
        });
    }

    /** Deletes a file. */
    public void delete(FtpContext context, String path) {
        String file = requireFile(path);
        change(context, FtpActions.DELETED, file, null, (profile, connection) -> {
            connection.deleteFile(connection.onServer(file));
            return null;
        });
    }

    /** Deletes a folder and everything in it, going on past failures and reporting each. */
    public DeleteReport deleteFolder(FtpContext context, String path) {
        String folder = requireFile(path);
        ConnectionProfile[] used = new ConnectionProfile[1];
        DeleteReport report = sessions.browse(context, (profile, connection) -> {
            used[0] = profile;
            List<DeleteReport.Failure> failures = new ArrayList<>();
            int deleted = deleteTree(connection, folder, failures, 0);
            return new DeleteReport(folder, deleted, List.copyOf(failures));
        });
        AuditEntry entry = entry(context, used[0], FtpActions.FOLDER_DELETED, folder,
                report.complete() ? Outcome.SUCCESS : Outcome.FAILURE).with("deleted", report.deleted());
        if (!report.complete()) {
            entry = entry.with("failures", report.failures().size());
        }
        audit.record(entry);
        return report;
    }

    private int deleteTree(FtpConnection connection, String folder, List<DeleteReport.Failure> failures, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            failures.add(new DeleteReport.Failure(folder, "too deep"));
            return 0;
        }
        List<RemoteEntry> entries;
        try {
            entries = connection.entries(folder);
        } catch (FtpUnavailable refused) {
            failures.add(new DeleteReport.Failure(folder, refused.detail()));
            return 0;
        }
        int deleted = 0;
        for (RemoteEntry entry : entries) {
            if (entry.type() == EntryType.OTHER) {
                failures.add(new DeleteReport.Failure(folder, "not understood: " + entry.raw()));
                continue;
            }
            if (entry.type() == EntryType.DIRECTORY) {
                deleted += deleteTree(connection, entry.path(), failures, depth + 1);
                continue;
            }
            try {
                connection.deleteFile(connection.onServer(entry.path()));
                deleted++;
            } catch (FtpUnavailable refused) {
                failures.add(new DeleteReport.Failure(entry.path(), refused.detail()));
            }
        }
        // Partial uploads are hidden from listings but would keep the folder from going.
        connection.removePartialUploads(folder);
        try {
            connection.removeDirectory(connection.onServer(folder));
            deleted++;
        } catch (FtpUnavailable refused) {
            failures.add(new DeleteReport.Failure(folder, refused.detail()));
        }
        return deleted;
    }

    /**
     * Copies a file within the server. FTP has no copy: the bytes pass through Postern, streamed from one control
     * connection's RETR to another's APPE (or STOR), under a new temporary name renamed at the end.
     */
    public void copy(FtpContext context, String from, String to) {
        String source = requireFile(from);
        String target = requireFile(to);
        Progress progress = new Progress();
        ConnectionProfile[] used = new ConnectionProfile[1];
        try {
            sessions.transfer(context, (profile, reader) -> {
                used[0] = profile;
                String targetOnServer = reader.onServer(target);
                if (exists(reader, targetOnServer)) {
                    throw new FileExists(target);
                }
                if (reader.isDirectory(reader.onServer(source))) {
                    throw new InvalidPath("files.copy.folder", "only files can be copied");
                }
                String partial = RemotePaths.parent(target) + "/" + ListingReader.UPLOAD_PREFIX + "copy-"
                        + hash(context.user().username() + "\n" + source + "\n" + target + "\n" + System.nanoTime())
                        + ".part";
                String partialOnServer = reader.onServer(RemotePaths.normalize(partial));
                try (FtpConnection writer = sessions.open(context)) {
                    InputStream in = reader.retrieve(reader.onServer(source), 0, TransferType.BINARY);
                    OutputStream out;
                    try {
                        out = writer.storeNew(partialOnServer, TransferType.BINARY);
                    } catch (IOException | RuntimeException refused) {
                        reader.abandonTransfer(in);
                        throw refused;
                    }
                    try {
                        copy(in, out, -1, progress);
                    } catch (TransferBroken broken) {
                        writer.abandonTransfer(out);
                        writer.tryDeleteFile(partialOnServer);
                        throw broken;
                    }
                    in.close();
                    reader.completeTransfer();
                    writer.finishUpload(out);
                    writer.rename(partialOnServer, targetOnServer);
                }
                return null;
            });
            record(context, used[0], FtpActions.COPIED, source, Outcome.SUCCESS, progress.bytes, false, target);
        } catch (FileExists | InvalidPath refused) {
            throw refused;
        } catch (FtpUnavailable | TransferBroken failure) {
            record(context, used[0], FtpActions.COPIED, source, Outcome.FAILURE, progress.bytes, false, target);
            throw failure;
        }
    }

    /** Closes the session's connections (at sign-out). */
    public void closeSession(String sessionKey) {
        sessions.closeSession(sessionKey);
    }

    private <T> T change(FtpContext context, String action, String path, String to, FtpSessions.Work<T> work) {
        ConnectionProfile[] used = new ConnectionProfile[1];
        try {
            T result = sessions.browse(context, (profile, connection) -> {
                used[0] = profile;
                return work.apply(profile, connection);
            });
            record(context, used[0], action, path, Outcome.SUCCESS, 0, false, to);
            return result;
        } catch (FtpUnavailable failure) {
            record(context, used[0], action, path, Outcome.FAILURE, 0, false, to);
            throw failure;
        }
    }

    private static boolean exists(FtpConnection connection, String onServer) throws IOException {
        return connection.size(onServer) >= 0 || connection.isDirectory(onServer);
    }

    private static String requireFile(String path) {
        String normalized = RemotePaths.normalize(path);
        if (normalized.equals("/")) {
            throw new InvalidPath("files.path.root", "the root folder itself");
        }
        return normalized;
    }

    /** The final and the partial path of an upload; the partial name is derived from who uploads what. */
    private record Upload(String target, String partial) {
    }

    private Upload upload(FtpContext context, UploadRequest request) {
        if (request.size() < 0 || request.offset() < 0 || request.offset() > request.size()) {
            throw new InvalidPath("files.upload.range", "offset outside the file");
        }
        if (request.clientKey() == null || !CLIENT_KEY.matcher(request.clientKey()).matches()) {
            throw new InvalidPath("files.upload.key", "invalid upload key");
        }
        String target = RemotePaths.child(request.directory(), request.name());
        String partial = RemotePaths.child(RemotePaths.parent(target), ListingReader.UPLOAD_PREFIX
                + hash(context.user().username() + "\n" + context.connectionId() + "\n" + target + "\n"
                + request.size() + "\n" + request.clientKey()) + ".part");
        return new Upload(target, partial);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies up to {@code limit} bytes (all when negative); answers whether the source's end was seen (false when it
     * stopped at the limit). A failure reading is the server's ({@link FtpUnavailable} through IOException); a failure writing is the
     * receiver's ({@link TransferBroken}).
     */
    private boolean copy(InputStream in, OutputStream out, long limit, Progress progress) throws IOException {
        byte[] buffer = new byte[(int) properties.bufferSize().toBytes()];
        long remaining = limit < 0 ? Long.MAX_VALUE : limit;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                return true;
            }
            try {
                out.write(buffer, 0, read);
            } catch (IOException receiverGone) {
                throw new TransferBroken(receiverGone);
            }
            progress.bytes += read;
            remaining -= read;
        }
        return false;
    }

    /** Copies an upload's body to the server; stops at {@code expected} bytes and refuses more. */
    private void copyUpload(InputStream body, OutputStream out, long expected, Progress progress) throws IOException {
        byte[] buffer = new byte[(int) properties.bufferSize().toBytes()];
        while (true) {
            int read;
            try {
                read = body.read(buffer);
            } catch (IOException senderGone) {
                // The browser went away mid-upload: what arrived stays in the partial file for a resume.
                return;
            }
            if (read < 0) {
                return;
            }
            if (progress.bytes + read > expected) {
                throw new InvalidPath("files.upload.tooLong", "more bytes than the file's size");
            }
            try {
                out.write(buffer, 0, read);
            } catch (IOException serverGone) {
                throw serverGone;
            }
            progress.bytes += read;
        }
    }

    private void record(FtpContext context, ConnectionProfile profile, String action, String path, Outcome outcome,
                        long bytes, boolean interrupted) {
        record(context, profile, action, path, outcome, bytes, interrupted, null);
    }

    private void record(FtpContext context, ConnectionProfile profile, String action, String path, Outcome outcome,
                        long bytes, boolean interrupted, String to) {
        record(context, profile, action, path, outcome, bytes, interrupted, to, null);
    }

    private void record(FtpContext context, ConnectionProfile profile, String action, String path, Outcome outcome,
                        long bytes, boolean interrupted, String to, List<String> names) {
        AuditEntry entry = entry(context, profile, action, path, outcome).withBytes(bytes);
        if (interrupted) {
            entry = entry.with("interrupted", true);
        }
        if (to != null) {
            entry = entry.with("to", to);
        }
        if (names != null) {
            entry = entry.with("names", names);
        }
        audit.record(entry);
    }

    private AuditEntry entry(FtpContext context, ConnectionProfile profile, String action, String path,
                             Outcome outcome) {
        String server = profile == null ? context.connectionId().toString() : profile.host() + ":" + profile.port();
        return AuditEntry.of(context.user().username(), context.user().clientIp(), action, server + " " + path, outcome)
                .with("connection", context.connectionId().toString()).with("path", path);
    }

    /** Bytes moved so far, and whether any started moving. */
    private static final class Progress {
        long bytes;
        boolean started;
    }

    /** A range was served whole before the file's end: the rest is not wanted. */
    private static final class StoppedEarly extends RuntimeException {
        StoppedEarly() {
            super(null, null, false, false);
        }
    }

    /** Keeps a ZIP stream's finish from closing the response underneath. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
