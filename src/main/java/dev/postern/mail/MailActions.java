package dev.postern.mail;

/** The audit log's names for what users do with mail. Never with a subject or a body. */
public final class MailActions {

    public static final String SENT = "mail.sent";
    public static final String SEND_FAILED = "mail.send_failed";
    public static final String MOVED = "mail.moved";
    public static final String COPIED = "mail.copied";
    public static final String DELETED = "mail.deleted";
    public static final String ATTACHMENT_DOWNLOADED = "mail.attachment_downloaded";
    public static final String SOURCE_DOWNLOADED = "mail.source_downloaded";
    public static final String REMOTE_IMAGES_LOADED = "mail.remote_images_loaded";
    public static final String FOLDER_CREATED = "mail.folder_created";
    public static final String FOLDER_RENAMED = "mail.folder_renamed";
    public static final String FOLDER_DELETED = "mail.folder_deleted";

    private MailActions() {
    }
}
