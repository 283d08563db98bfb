package dev.postern.mail;

import java.util.List;

import dev.postern.upstream.ConnectionProfile;

/**
 * What a mailbox page shows, read in one use of the session's connection: the account, its folders with their
 * counts, and one page of a folder, as messages (in an order, or found by a search) or as conversations; and the
 * user's other mail accounts, to switch to.
 *
 * @param messages the page of messages, or null when conversations are shown
 * @param conversations the page of conversations, or null when messages are shown
 * @param searching whether the messages are a search's results
 */
public record MailboxView(ConnectionProfile account, List<ConnectionProfile> accounts, boolean hasFolders,
                          List<Folder> folders, Folder folder, MessagePage messages, ConversationPage conversations,
                          boolean searching) {

    public MailboxView {
        accounts = List.copyOf(accounts);
        folders = List.copyOf(folders);
    }
}
