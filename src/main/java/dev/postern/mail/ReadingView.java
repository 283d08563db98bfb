package dev.postern.mail;

import java.util.List;

import dev.postern.upstream.ConnectionProfile;

/**
 * What the reading page shows, read in one use of the session's connection: the account, its folders, the message;
 * and the user's mail accounts, to switch to.
 */
public record ReadingView(ConnectionProfile account, List<ConnectionProfile> accounts, boolean hasFolders,
                          List<Folder> folders, MessageView message) {

    public ReadingView {
        accounts = List.copyOf(accounts);
        folders = List.copyOf(folders);
    }
}
