package dev.postern.upstream;

/** The protocols Postern speaks upstream; policy rules name one, or all when they name none. */
public enum Protocol {
    SMTP(587),
    IMAP(143),
    POP3(110),
    FTP(21),
    TELNET(23),
    /** Remote images fetched for web-mail. */
    HTTP(443);

    private final int defaultPort;

    Protocol(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
