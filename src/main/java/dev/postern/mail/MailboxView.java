package dev.postern.mail;

import java.util.List;

import dev.postern.upstream.ConnectionProfile;

/**
 * What a mailbox page shows, read in one use of the session's connection: the account, its folders with their
 * counts, and one page of a folder, as messages (in an order, or found by a search) or as conversations.
 *
 * @param messages the page of messages, or null when conversations are shown
 * @param conversations the page of conversations, or null when messages are shown
 * @param searching whether the messages are a search's results
 */
public record MailboxView(ConnectionProfile account, boolean hasFolders, List<Folder> folders, Folder folder,
                          MessagePage messages, ConversationPage conversations, boolean searching) {

    public MailboxView {
        folders = List.copyOf(folders);
    }
}
