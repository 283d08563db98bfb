package dev.postern.mail;

import java.util.List;

import dev.postern.upstream.ConnectionProfile;

/** What the reading page shows, read in one use of the session's connection: the account, its folders, the message. */
public record ReadingView(ConnectionProfile account, boolean hasFolders, List<Folder> folders, MessageView message) {

    public ReadingView {
        folders = List.copyOf(folders);
    }
}
