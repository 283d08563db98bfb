package dev.postern.upstream;

/** What a connection profile reaches. */
public enum ConnectionKind {
    /** A mailbox: IMAP or POP3 retrieval plus SMTP submission. */
    MAIL,
    /** An FTP or FTPS server. */
    FTP,
    /** A Telnet host. */
    TELNET;

    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
