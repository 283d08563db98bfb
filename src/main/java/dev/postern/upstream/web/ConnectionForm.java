package dev.postern.upstream.web;

import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;

/** The connection page's form: every kind's fields; only the chosen kind's are shown and used. */
public class ConnectionForm {

    private ConnectionKind kind;
    private String name = "";
    private String host = "";
    private int port;
    private Security security = Security.NONE;
    private String username = "";
    private String password = "";
    private boolean shared;
    private RetrievalProtocol retrieval = RetrievalProtocol.IMAP;
    private String smtpHost = "";
    private int smtpPort = 587;
    private Security smtpSecurity = Security.STARTTLS;
    private boolean smtpAuth = true;
    private String displayName = "";
    private String address = "";
    private boolean passive = true;
    private String charset = "UTF-8";
    private String rootDirectory = "";
    private String pinnedCertificate = "";
    private String terminalType = "";
    private String eof = "CTRL_D";
    private boolean autoLogin;
    private String loginPrompt = "";
    private String passwordPrompt = "";
    private boolean record = true;
    private boolean recordInput;

    static ConnectionForm blank(ConnectionKind kind) {
        ConnectionForm form = new ConnectionForm();
        form.kind = kind;
        switch (kind) {
            case MAIL -> {
                form.security = Security.TLS;
                form.port = 993;
            }
            case FTP -> form.port = 21;
            case TELNET -> form.port = 23;
        }
        return form;
    }

    static ConnectionForm of(ConnectionProfile profile) {
        ConnectionForm form = blank(profile.kind());
        form.name = profile.name();
        form.host = profile.host();
        form.port = profile.port();
        form.security = profile.security();
        form.username = profile.username();
        form.shared = profile.shared();
        switch (profile.options()) {
            case ConnectionOptions.Mail mail -> {
                form.retrieval = mail.retrieval();
                form.smtpHost = mail.smtpHost();
                form.smtpPort = mail.smtpPort();
                form.smtpSecurity = mail.smtpSecurity();
                form.smtpAuth = mail.smtpAuth();
                form.displayName = mail.displayName();
                form.address = mail.address();
            }
            case ConnectionOptions.Ftp ftp -> {
                form.passive = ftp.passive();
                form.charset = ftp.charset();
                form.rootDirectory = ftp.rootDirectory();
                form.pinnedCertificate = ftp.pinnedCertificate();
            }
            case ConnectionOptions.Telnet telnet -> {
                form.charset = telnet.charset();
                form.terminalType = telnet.terminalType();
                form.eof = telnet.eof();
                form.autoLogin = telnet.autoLogin();
                form.loginPrompt = telnet.loginPrompt();
                form.passwordPrompt = telnet.passwordPrompt();
                form.record = telnet.record();
                form.recordInput = telnet.recordInput();
            }
        }
        return form;
    }

    ConnectionDraft toDraft() {
        ConnectionOptions options = kind == null ? null : switch (kind) {
            case MAIL -> new ConnectionOptions.Mail(retrieval, smtpHost, smtpPort, smtpSecurity, smtpAuth, displayName,
                    address);
            case FTP -> new ConnectionOptions.Ftp(passive, charset, rootDirectory, pinnedCertificate);
            case TELNET -> new ConnectionOptions.Telnet(charset, terminalType, eof, autoLogin, loginPrompt,
                    passwordPrompt, record, recordInput);
        };
        return new ConnectionDraft(kind, name, host, port, security, username, password, shared, options);
    }

    public ConnectionKind getKind() {
        return kind;
    }

    public void setKind(ConnectionKind kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Security getSecurity() {
        return security;
    }

    public void setSecurity(Security security) {
        this.security = security;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public boolean isShared() {
        return shared;
    }

    public void setShared(boolean shared) {
        this.shared = shared;
    }

    public RetrievalProtocol getRetrieval() {
        return retrieval;
    }

    public void setRetrieval(RetrievalProtocol retrieval) {
        this.retrieval = retrieval;
    }

    public String getSmtpHost() {
        return smtpHost;
    }

    public void setSmtpHost(String smtpHost) {
        this.smtpHost = smtpHost;
    }

    public int getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(int smtpPort) {
        this.smtpPort = smtpPort;
    }

    public Security getSmtpSecurity() {
        return smtpSecurity;
    }

    public void setSmtpSecurity(Security smtpSecurity) {
        this.smtpSecurity = smtpSecurity;
    }

    public boolean isSmtpAuth() {
        return smtpAuth;
    }

    public void setSmtpAuth(boolean smtpAuth) {
        this.smtpAuth = smtpAuth;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public boolean isPassive() {
        return passive;
    }

    public void setPassive(boolean passive) {
        this.passive = passive;
    }

    public String getCharset() {
        return charset;
    }

    public void setCharset(String charset) {
        this.charset = charset;
    }

    public String getRootDirectory() {
        return rootDirectory;
    }

    public void setRootDirectory(String rootDirectory) {
        this.rootDirectory = rootDirectory;
    }

    public String getPinnedCertificate() {
        return pinnedCertificate;
    }

    public void setPinnedCertificate(String pinnedCertificate) {
        this.pinnedCertificate = pinnedCertificate;
    }

    public String getTerminalType() {
        return terminalType;
    }

    public void setTerminalType(String terminalType) {
        this.terminalType = terminalType;
    }

    public String getEof() {
        return eof;
    }

    public void setEof(String eof) {
        this.eof = eof;
    }

    public boolean isAutoLogin() {
        return autoLogin;
    }

    public void setAutoLogin(boolean autoLogin) {
        this.autoLogin = autoLogin;
    }

    public String getLoginPrompt() {
        return loginPrompt;
    }

    public void setLoginPrompt(String loginPrompt) {
        this.loginPrompt = loginPrompt;
    }

    public String getPasswordPrompt() {
        return passwordPrompt;
    }

    public void setPasswordPrompt(String passwordPrompt) {
        this.passwordPrompt = passwordPrompt;
    }

    public boolean isRecord() {
        return record;
    }

    public void setRecord(boolean record) {
        this.record = record;
    }

    public boolean isRecordInput() {
        return recordInput;
    }

    public void setRecordInput(boolean recordInput) {
        this.recordInput = recordInput;
    }
}
