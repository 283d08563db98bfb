package dev.postern.ftp;

/** The audit log's names for what users do with files. */
public final class FtpActions {

    public static final String DOWNLOADED = "ftp.downloaded";
    public static final String FOLDER_DOWNLOADED = "ftp.folder_downloaded";
    public static final String SELECTION_DOWNLOADED = "ftp.selection_downloaded";
    public static final String UPLOADED = "ftp.uploaded";
    public static final String UPLOAD_CANCELLED = "ftp.upload_cancelled";
    public static final String PARTIAL_UPLOAD_SWEPT = "ftp.partial_upload_swept";
    public static final String DELETED = "ftp.deleted";
    public static final String FOLDER_DELETED = "ftp.folder_deleted";
    public static final String RENAMED = "ftp.renamed";
    public static final String COPIED = "ftp.copied";
    public static final String FOLDER_CREATED = "ftp.folder_created";

    private FtpActions() {
    }
}
