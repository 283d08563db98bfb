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
     * @param charset character set of the host's terminal, or {@link #RAW} to pass bytes untouched (binary protocols
     *                such as ZMODEM)
     * @param terminalType the terminal type sent to the host (TTYPE); empty for {@code xterm-256color}
     * @param eof what the EOF control function sends: {@code CTRL_D} (UNIX hosts) or {@code CTRL_Z} (DOS, VMS)
     * @param autoLogin whether Postern answers the host's login and password prompts with the stored credentials
     * @param loginPrompt a regular expression for the host's login prompt; empty for the usual ones
     * @param passwordPrompt a regular expression for the host's password prompt; empty for the usual ones
     * @param record whether sessions are recorded (asciicast v2)
     * @param recordInput whether what the user types is recorded too
     */
    record Telnet(String charset, String terminalType, String eof, boolean autoLogin, String loginPrompt,
                  String passwordPrompt, boolean record, boolean recordInput) implements ConnectionOptions {

        /** The character set name that means "no conversion". */
        public static final String RAW = "RAW";

        public Telnet {
            terminalType = terminalType == null ? "" : terminalType;
            eof = eof == null || eof.isBlank() ? "CTRL_D" : eof;
            loginPrompt = loginPrompt == null ? "" : loginPrompt;
            passwordPrompt = passwordPrompt == null ? "" : passwordPrompt;
        }

        /** Defaults beyond the character set: xterm-256color, Ctrl-D, no auto-login, output recorded. */
        public Telnet(String charset) {
            this(charset, "", "CTRL_D", false, "", "", true, false);
        }

        @Override
        public ConnectionKind kind() {
            return ConnectionKind.TELNET;
        }
    }
}
