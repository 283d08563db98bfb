package dev.postern.mail;

/**
 * What a folder is for, from its RFC 6154 special-use attribute or, failing that, its usual names in English and
 * Korean. Special folders are listed first, in this order, with localized names.
 */
public enum FolderRole {
    INBOX,
    DRAFTS,
    SENT,
    ARCHIVE,
    JUNK,
    TRASH,
    /** An ordinary folder. */
    NONE
}
