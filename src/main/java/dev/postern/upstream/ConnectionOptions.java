package dev.postern.upstream;

/** What each kind of connection needs beyond host, port, security and credentials. */
public sealed interface ConnectionOptions permits ConnectionOptions.Mail, ConnectionOptions.Ftp, ConnectionOptions.Telnet {

    ConnectionKind kind();

    /**
     * @param retrieval IMAP or POP3 on the connection's host and port
     * @param smtpHost the submission server
     * @param smtpPort its port (587 with STARTTLS, 465 with TLS)
     * @param smtpSecurity how submission is protected
     * @param smtpAuth whether to authenticate to it with the connection's credentials
     * @param displayName the sender's name on mail sent
     * @param address the sender's address
     */
    record Mail(RetrievalProtocol retrieval, String smtpHost, int smtpPort, Security smtpSecurity, boolean smtpAuth,
                String displayName, String address) implements ConnectionOptions {

        @Override
        public ConnectionKind kind() {
            return ConnectionKind.MAIL;
        }
    }

    /**
     * @param passive passive mode (the client opens data connections), the default; active otherwise
     * @param charset character set of file names on the control connection when the server does not speak UTF-8
     * @param rootDirectory the directory the file manager may not leave, as an absolute path on the server; empty for
     *                      the directory the server puts the user in at login
     * @param pinnedCertificate the SHA-256 fingerprint of the one certificate an FTPS server must present (hex pairs
     *                          joined by colons), trusted in place of the JVM's trust store; empty for none
     */
    record Ftp(boolean passive, String charset, String rootDirectory, String pinnedCertificate)
            implements ConnectionOptions {

        public Ftp {
            rootDirectory = rootDirectory == null ? "" : rootDirectory;
            pinnedCertificate = pinnedCertificate == null ? "" : pinnedCertificate;
        }

        /** No root directory beyond the login directory, no pinned certificate. */
        public Ftp(boolean passive, String charset) {
            this(passive, charset, "", "");
        }

        @Override
        public ConnectionKind kind() {
            return ConnectionKind.FTP;
        }
    }

    /**
     * @param charset character set of the host's terminal
     */
    record Telnet(String charset) implements ConnectionOptions {

        @Override
        public ConnectionKind kind() {
            return ConnectionKind.TELNET;
        }
    }
}
