package dev.postern.ftp;

/** What a directory entry is; {@link #OTHER} for a listing line that no parser understood, shown raw. */
public enum EntryType {
    DIRECTORY, FILE, LINK, OTHER
}
