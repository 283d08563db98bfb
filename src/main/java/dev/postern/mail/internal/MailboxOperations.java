package dev.postern.mail.internal;

import jakarta.mail.MessagingException;

import dev.postern.platform.InvalidInput;

/** Folder management, which only IMAP mailboxes have. */
public final class MailboxOperations {

    private MailboxOperations() {
    }

    public static String createFolder(Retrieval retrieval, String parent, String leaf) throws MessagingException {
        ImapRetrieval imap = imap(retrieval);
        String fullName = parent == null ? leaf : parent + imap.separator() + leaf;
        try {
            imap.createFolder(fullName);
        } catch (ImapRetrieval.FolderExists exists) {
            throw new InvalidInput("name", "mail.folder.exists");
        }
        return fullName;
    }

    public static String renameFolder(Retrieval retrieval, String folder, String leaf) throws MessagingException {
        ImapRetrieval imap = imap(retrieval);
        if ("INBOX".equalsIgnoreCase(folder)) {
            throw new InvalidInput("name", "mail.folder.inboxFixed");
        }
        char separator = imap.separator();
        int cut = separator == '\0' ? -1 : folder.lastIndexOf(separator);
        String newName = cut < 0 ? leaf : folder.substring(0, cut + 1) + leaf;
        try {
            imap.renameFolder(folder, newName);
        } catch (ImapRetrieval.FolderExists exists) {
            throw new InvalidInput("name", "mail.folder.exists");
        }
        return newName;
    }

    public static void deleteFolder(Retrieval retrieval, String folder) throws MessagingException {
        if ("INBOX".equalsIgnoreCase(folder)) {
            throw new InvalidInput("folder", "mail.folder.inboxFixed");
        }
        imap(retrieval).deleteFolder(folder);
    }

    public static void subscribe(Retrieval retrieval, String folder, boolean subscribed) throws MessagingException {
        imap(retrieval).subscribe(folder, subscribed);
    }

    private static ImapRetrieval imap(Retrieval retrieval) {
        if (retrieval instanceof ImapRetrieval imap) {
            return imap;
        }
        throw new InvalidInput(null, "mail.pop3.noFolders");
    }
}
