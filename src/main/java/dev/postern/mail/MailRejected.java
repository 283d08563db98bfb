package dev.postern.mail;

/**
 * The submission server refused the message (a recipient, the sender, the size ...). Nothing is lost: the message
 * was kept in Drafts, under {@link #draftId()}, and the user sees the server's own reply.
 */
public class MailRejected extends RuntimeException {

    private final String serverReply;
    private final String draftId;

    public MailRejected(String serverReply, String draftId, Throwable cause) {
        super("The server refused the message: " + serverReply, cause);
        this.serverReply = serverReply;
        this.draftId = draftId;
    }

    public String serverReply() {
        return serverReply;
    }

    /** The draft the message was kept as, or null when the mailbox has no Drafts folder (POP3). */
    public String draftId() {
        return draftId;
    }
}
