package dev.postern.ftp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import dev.postern.account.CurrentUser;
import dev.postern.upstream.ConnectionProfile;

/**
 * The file manager over a user's FTP and FTPS connections: the one facade that pages and the REST API use. Paths are
 * below the connection's root directory and start with {@code /}; each is checked (no CR, LF or NUL, no way out of
 * the root) before anything is sent upstream, and every change and transfer is audited.
 */
public class FileTransfers {

    /** The FTP connections the user may use. */
    public List<ConnectionProfile> connections(CurrentUser user) {
        throw new UnsupportedOperationException();
    }

    /** The connection, when the user may use it and it is an FTP connection. */
    public ConnectionProfile connection(FtpContext context) {
        throw new UnsupportedOperationException();
    }

    /** The directory's entries. */
    public Listing list(FtpContext context, String path) {
        throw new UnsupportedOperationException();
    }

    /** The entry at the path, if there is one. */
    public Optional<RemoteEntry> find(FtpContext context, String path) {
        throw new UnsupportedOperationException();
    }

    /**
     * Streams the file (or the asked range of it) into the target, on a control connection of its own so that the
     * session can go on browsing. Throws {@link RangeNotSatisfiable} before anything is written when the range starts
     * past the end.
     */
    public void download(FtpContext context, String path, TransferType type, ByteRange range, DownloadTarget target) {
        throw new UnsupportedOperationException();
    }

    /** Streams the folder and everything in it as a ZIP archive, built as it goes. */
    public void downloadFolder(FtpContext context, String path, OutputStream out) {
        throw new UnsupportedOperationException();
    }

    /**
     * How many bytes of this upload the server already holds (0 when none): where a resumed upload starts.
     */
    public long uploaded(FtpContext context, UploadRequest request) {
        throw new UnsupportedOperationException();
    }

    /**
     * Streams the body to the server, from {@code request.offset()}. Until the last byte has arrived the file is kept
     * under a temporary name in the same folder; then it is renamed to its final name. Throws {@link FileExists} when
     * the name is taken and overwriting was not asked for.
     */
    public UploadResult upload(FtpContext context, UploadRequest request, InputStream body) {
        throw new UnsupportedOperationException();
    }

    /** Removes what a cancelled upload left on the server. */
    public void cancelUpload(FtpContext context, UploadRequest request) {
        throw new UnsupportedOperationException();
    }

    /** Creates a folder in the parent folder. */
    public String createFolder(FtpContext context, String parent, String name) {
        throw new UnsupportedOperationException();
    }

    /** Renames or moves a file or folder. */
    public void rename(FtpContext context, String from, String to) {
        throw new UnsupportedOperationException();
    }

    /** Deletes a file. */
    public void delete(FtpContext context, String path) {
        throw new UnsupportedOperationException();
    }

    /** Deletes a folder and everything in it, going on past failures and reporting each. */
    public DeleteReport deleteFolder(FtpContext context, String path) {
        throw new UnsupportedOperationException();
    }

    /** Copies a file within the server (FTP has no copy: the bytes pass through Postern, streamed). */
    public void copy(FtpContext context, String from, String to) {
        throw new UnsupportedOperationException();
    }

    /** Closes the session's connections (at sign-out). */
    public void closeSession(String sessionKey) {
        throw new UnsupportedOperationException();
    }
}
