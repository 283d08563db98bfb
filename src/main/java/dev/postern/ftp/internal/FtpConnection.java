package dev.postern.ftp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

import dev.postern.ftp.FtpUnavailable;
import dev.postern.ftp.TransferType;
import dev.postern.upstream.UpstreamStatus;

/**
 * One logged-in FTP control connection, with the paths of the connection's root directory. Commands take absolute
 * server paths (see {@link RemotePaths#onServer}); a negative reply becomes {@link FtpUnavailable} carrying the
 * server's own words. Not thread-safe: {@link FtpSessions} lends it to one request at a time.
 */
public final class FtpConnection implements AutoCloseable {

    private final FTPClient client;
    private final DataSockets data;
    private final DataWatch watch;
    /** The stream of the last transfer, closed with the connection should a failed transfer have left it open. */
    private java.io.Closeable transferStream;
    private final String root;
    private final boolean machineListing;
    private final Runnable release;
    private TransferType type = TransferType.BINARY;
    /** The server's working directory as last changed, or null when unknown. */
    private String workingDirectory;
    private long lastUsed = System.nanoTime();
    private boolean closed;
    /** Whether the server answers {@code LIST -a} with hidden entries too: null until a listing has shown it. */
    private Boolean listsHidden;

    FtpConnection(FTPClient client, DataSockets data, DataWatch watch, String root, boolean machineListing,
                  Runnable release) {
        this.client = client;
        this.data = data;
        this.watch = watch;
        this.root = root;
        this.machineListing = machineListing;
        this.release = release;
    }

    /** The absolute server path of the connection's root directory. */
    public String root() {
        return root;
    }

    /** The server path of a normalised path below the root. */
    public String onServer(String path) {
        return RemotePaths.onServer(root, path);
    }

    /** Whether the server lists with MLSD. */
    public boolean machineListing() {
        return machineListing;
    }

    /**
     * The entries of a directory (server path), as Commons Net parsed them; unparsed lines are kept, not dropped.
     * Hidden entries (names starting with a dot, Postern's partial files among them) are asked for too: MLSD lists
     * what the server lists, and LIST goes as {@code LIST -a} (see {@link #listAll}).
     */
    public List<FTPFile> list(String serverPath) throws IOException {
        // Listing the working directory rather than naming it spares the server from parsing a path (with spaces,
        // or a name that starts with "-") as LIST options; changing into it also says whether it is a directory.
        changeDirectory(serverPath);
        FTPFile[] files = machineListing ? client.mlistDir() : listAll();
        if (files == null || !FTPReply.isPositiveCompletion(client.getReplyCode())) {
            throw refused();
        }
        List<FTPFile> entries = new ArrayList<>(files.length);
        for (FTPFile file : files) {
            if (file != null) {
                entries.add(file);
            }
        }
        return entries;
    }

    /**
     * The working directory's entries by {@code LIST -a}, which UNIX servers (vsftpd, ProFTPD, Pure-FTPd, Apache
     * FtpServer) take as "hidden entries too", as wget and WinSCP send it. A server that refuses it, or that takes
     * {@code -a} for a name and lists nothing, is asked again with a plain LIST, and not asked with {@code -a} again
     * on this connection once that plain LIST showed it was the option. An empty answer is trusted once {@code -a}
     * has listed something on this connection.
     */
    private FTPFile[] listAll() throws IOException {
        if (Boolean.FALSE.equals(listsHidden)) {
            return client.listFiles();
        }
        FTPFile[] all;
        client.setListHiddenFiles(true);
        try {
            all = client.listFiles();
        } finally {
            client.setListHiddenFiles(false);
        }
        boolean answered = all != null && FTPReply.isPositiveCompletion(client.getReplyCode());
        if (answered && (all.length > 0 || Boolean.TRUE.equals(listsHidden))) {
            listsHidden = true;
            return all;
        }
        FTPFile[] plain = client.listFiles();
        if (plain != null && FTPReply.isPositiveCompletion(client.getReplyCode()) && (!answered || plain.length > 0)) {
            listsHidden = false;
        }
        return plain;
    }

    /** The entries of a folder (a normalised path below the root), as {@link ListingReader} reads them. */
    public List<dev.postern.ftp.RemoteEntry> entries(String folder) throws IOException {
        return ListingReader.entries(folder, list(onServer(folder)));
    }

    /** The entries of a folder and Postern's partial files in it, as {@link ListingReader#read} reads them. */
    public ListingReader.Read read(String folder) throws IOException {
        return ListingReader.read(folder, list(onServer(folder)));
    }

    /** Removes the partial files of unfinished uploads in a folder (hidden from listings), so that it can go. */
    public void removePartialUploads(String folder) throws IOException {
        for (FTPFile file : list(onServer(folder))) {
            String name = file.getName();
            if (file.isValid() && name != null && name.startsWith(ListingReader.UPLOAD_PREFIX)) {
                tryDeleteFile(onServer(RemotePaths.child(folder, name)));
            }
        }
    }

    public void changeDirectory(String serverPath) throws IOException {
        if (!isDirectory(serverPath)) {
            throw refused();
        }
    }

    /** Whether the path is a directory (the server lets us change into it). */
    public boolean isDirectory(String serverPath) throws IOException {
        workingDirectory = null;
        boolean changed = client.changeWorkingDirectory(serverPath);
        if (changed) {
            workingDirectory = serverPath;
        }
        return changed;
    }

    /**
     * Leaves the directory (or anything inside it) if it is the working one: servers refuse to remove or rename the
     * directory a client is in ("resource busy").
     */
    private void leave(String serverPath) throws IOException {
        String current = workingDirectory;
        if (current == null || current.equals(serverPath) || current.startsWith(serverPath + "/")) {
            client.changeWorkingDirectory(root);
            workingDirectory = root;
        }
    }

    /** The file's size (SIZE), or -1 when the server does not say (no such file, a directory, or no SIZE). */
    public long size(String serverPath) throws IOException {
        useType(TransferType.BINARY);
        String size = client.getSize(serverPath);
        if (size == null) {
            return -1;
        }
        try {
            return Long.parseLong(size.strip());
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    /** When the file last changed (MDTM), or null when the server does not say. */
    public Instant modified(String serverPath) throws IOException {
        return client.mdtmInstant(serverPath);
    }

    /**
     * Starts sending the file from the offset (REST, then RETR); read the stream, close it, then call
     * {@link #completeTransfer}. Its reads time out as {@link DataWatch} says.
     */
    public InputStream retrieve(String serverPath, long offset, TransferType transferType) throws IOException {
        useType(transferType);
        client.setRestartOffset(offset);
        InputStream in = client.retrieveFileStream(serverPath);
        if (in == null) {
            throw refused();
        }
        try {
            InputStream watched = watch.reading(in, data.last(), data.lastTransport());
            transferStream = watched;
            return watched;
        } catch (IOException | RuntimeException failed) {
            in.close();
            throw failed;
        }
    }

    /**
     * Starts storing a file (STOR), or appending to one (APPE); write, then {@link #finishUpload}. Its writes time out
     * as {@link DataWatch} says.
     */
    public OutputStream store(String serverPath, boolean append, TransferType transferType) throws IOException {
        useType(transferType);
        client.setRestartOffset(0);
        return writing(append ? client.appendFileStream(serverPath) : client.storeFileStream(serverPath));
    }

    /**
     * Starts writing a file that is not there or is empty, as an upload's temporary file is: with APPE, which creates
     * a file that is not there (RFC 959), rather than STOR. vsftpd truncates a file it is asked to store, and ext4
     * writes a file truncated to nothing out to disk as it is closed (its {@code auto_da_alloc} safeguard for files
     * rewritten in place): the server then answers nothing until the whole upload is on the disk, 0.4–0.6 s per GiB
     * on the development machine (ADR 7). A server that refuses APPE (a 5xx reply) is asked with STOR.
     */
    public OutputStream storeNew(String serverPath, TransferType transferType) throws IOException {
        useType(transferType);
        client.setRestartOffset(0);
        OutputStream out = client.appendFileStream(serverPath);
        if (out == null && FTPReply.isNegativePermanent(client.getReplyCode())) {
            out = client.storeFileStream(serverPath);
        }
        return writing(out);
    }

    /**
     * Whether the server answers SIZE (its FEAT list names it): then a file whose SIZE it refuses is not there, where
     * a server without SIZE says nothing of what it holds.
     */
    public boolean answersSize() throws IOException {
        return client.hasFeature("SIZE");
    }

    private OutputStream writing(OutputStream out) throws IOException {
        if (out == null) {
            throw refused();
        }
        OutputStream watched = watch.writing(out, data.lastTransport());
        transferStream = watched;
        return watched;
    }

    /**
     * Ends an upload whose bytes were all written: the data connection is closed so that the server sees the end,
     * and its reply is checked. Over TLS 1.3 the server may have sent session tickets that were never read; closing
     * with them unread resets the connection, which vsftpd reports as a failed transfer (426). So the upload's end is
     * announced (close_notify), and what the server still sends is read until it closes its side.
     */
    public void finishUpload(OutputStream out) throws IOException {
        out.flush();
        Socket socket = data.last();
        if (socket instanceof SSLSocket tls && !socket.isClosed()
                && "TLSv1.3".equals(tls.getSession().getProtocol())) {
            try {
                tls.shutdownOutput();
                InputStream drain = tls.getInputStream();
                byte[] sink = new byte[512];
                while (drain.read(sink) >= 0) {
                    // Session tickets and the server's close_notify: nothing to keep.
                }
            } catch (SocketTimeoutException | javax.net.ssl.SSLException ignored) {
                // The server did not close in time, or closed without close_notify: the reply below tells.
            }
        }
        out.close();
        completeTransfer();
    }

    /** Reads the reply that ends a transfer; a negative one becomes {@link FtpUnavailable}. */
    public void completeTransfer() throws IOException {
        if (!client.completePendingCommand()) {
            throw refused();
        }
    }

    /**
     * Abandons a transfer part way (the reader stopped early, or the other side went away): the data connection is
     * closed and the server's reply (usually 426) read and ignored.
     */
    public void abandonTransfer(AutoCloseable stream) {
        try {
            stream.close();
        } catch (Exception ignored) {
            // Already broken: the point is to get rid of it.
        }
        try {
            client.completePendingCommand();
        } catch (IOException ignored) {
            // The connection is dropped afterwards anyway (see FtpSessions).
        }
    }

    public void makeDirectory(String serverPath) throws IOException {
        if (!client.makeDirectory(serverPath)) {
            throw refused();
        }
    }

    public void rename(String fromServerPath, String toServerPath) throws IOException {
        leave(fromServerPath);
        if (!client.rename(fromServerPath, toServerPath)) {
            throw refused();
        }
    }

    public void deleteFile(String serverPath) throws IOException {
        if (!client.deleteFile(serverPath)) {
            throw refused();
        }
    }

    /** Deletes a file and says whether the server did; for clean-ups where a refusal changes nothing. */
    public boolean tryDeleteFile(String serverPath) throws IOException {
        return client.deleteFile(serverPath);
    }

    public void removeDirectory(String serverPath) throws IOException {
        leave(serverPath);
        if (!client.removeDirectory(serverPath)) {
            throw refused();
        }
    }

    /** Checks that the connection still answers. */
    public void noop() throws IOException {
        if (!client.sendNoOp()) {
            throw refused();
        }
    }

    /** The server's last reply, stripped. */
    public String reply() {
        String reply = client.getReplyString();
        return reply == null ? "" : reply.strip();
    }

    /** The server's last reply as a failure to show the user. */
    public FtpUnavailable refused() {
        int code = client.getReplyCode();
        UpstreamStatus status = code == FTPReply.NOT_LOGGED_IN ? UpstreamStatus.AUTH_FAILED : UpstreamStatus.SERVER_SAID_NO;
        return new FtpUnavailable(status, reply(), null);
    }

    public boolean secure() {
        return client instanceof FTPSClient;
    }

    void touch() {
        lastUsed = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsed;
    }

    public boolean connected() {
        return !closed && client.isConnected();
    }

    private void useType(TransferType wanted) throws IOException {
        if (wanted != type) {
            if (!client.setFileType(wanted == TransferType.ASCII ? FTP.ASCII_FILE_TYPE : FTP.BINARY_FILE_TYPE)) {
                throw refused();
            }
            type = wanted;
        }
    }

    /** Logs out politely when the server is still there, and closes the sockets in any case. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (transferStream != null) {
            try {
                transferStream.close();
            } catch (IOException ignored) {
                // A transfer that failed: its data connection goes with the control connection.
            }
        }
        try {
            if (client.isConnected()) {
                client.setSoTimeout(2000);
                client.logout();
            }
        } catch (IOException ignored) {
            // Closing anyway.
        } finally {
            try {
                client.disconnect();
            } catch (IOException ignored) {
                // Nothing left to do with it.
            }
            release.run();
        }
    }

    /**
     * Whether the next data connection can resume the control connection's TLS session, as far as is known: false
     * only when FTPS under TLS 1.3 has used up the server's session tickets (see
     * {@link SessionReusingFtpsClient#canResumeDataConnection}). A connection that cannot is not worth keeping.
     */
    boolean canResumeDataConnection() {
        return data.canResumeDataConnection();
    }

    /** The data connections a client opened, so that an upload can be ended properly (see {@link #finishUpload}). */
    interface DataSockets {
        Socket last();

        /** The TCP connection under {@link #last()}'s TLS, or {@link #last()} itself when there is none. */
        Socket lastTransport();

        boolean canResumeDataConnection();
    }
}
