package dev.postern.upstream;

/** How a mail connection reads mail. */
public enum RetrievalProtocol {
    IMAP,
    POP3;

    public Protocol protocol() {
        return this == IMAP ? Protocol.IMAP : Protocol.POP3;
    }

    public int defaultPort(Security security) {
        return switch (this) {
            case IMAP -> security == Security.TLS ? 993 : 143;
            case POP3 -> security == Security.TLS ? 995 : 110;
        };
    }
}
