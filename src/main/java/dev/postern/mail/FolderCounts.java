package dev.postern.mail;

/** How many messages a folder holds, and how many are unread: what the new-mail push sends. */
public record FolderCounts(String folder, int total, int unread) {
}
