package dev.postern.mail;

/**
 * A mailbox folder.
 *
 * @param fullName the server's name for it, the one to pass back (e.g. {@code INBOX/Projects})
 * @param name the last part of the name, decoded for display
 * @param depth how deep in the tree (0 at the top)
 * @param total messages in it, or -1 when not known (a folder that holds only folders)
 * @param unread unseen messages in it, or -1
 * @param selectable whether it can hold messages
 */
public record Folder(String fullName, String name, FolderRole role, int depth, int total, int unread,
                     boolean selectable, boolean subscribed) {

    public boolean special() {
        return role != FolderRole.NONE;
    }
}
