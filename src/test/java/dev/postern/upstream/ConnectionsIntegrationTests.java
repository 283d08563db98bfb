package dev.postern.upstream;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.NewUser;
import dev.postern.account.Role;
import dev.postern.account.UserAccount;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.platform.InvalidInput;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.testing.PosternTestConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@PosternIntegrationTest
class ConnectionsIntegrationTests {

    static final String SECRET = "Mail-Pa55word-비밀";

    @Autowired
    Connections connections;

    @Autowired
    AccountManagement accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    private CurrentUser admin() {
        return TestUsers.admin(accounts);
    }

    private CurrentUser newUser() {
        String name = "c" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount created = accounts.create(new NewUser(name, "", "Long-Enough-Passphrase-1", EnumSet.of(Role.USER)),
                admin());
        return new CurrentUser(created.id(), name, false, "192.0.2.44");
    }

    static ConnectionDraft mail(String name, String password) {
        return new ConnectionDraft(ConnectionKind.MAIL, name, "imap.example.com", 993, Security.TLS, "me@example.com",
                password, false, new ConnectionOptions.Mail(RetrievalProtocol.IMAP, "smtp.example.com", 587,
                Security.STARTTLS, true, "Me", "me@example.com"));
    }

    static ConnectionDraft ftp(String name) {
        return new ConnectionDraft(ConnectionKind.FTP, name, "ftp.example.com", 21, Security.STARTTLS, "me", "pw",
                false, new ConnectionOptions.Ftp(true, "EUC-KR"));
    }

    @Test
    void storesThePasswordEncryptedAndHandsItBackDecrypted() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(mail("Work mail", SECRET), user);
        byte[] stored = jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(created.id())
                .query(byte[].class).single();
        String hex = HexFormat.of().formatHex(stored);
        assertThat(hex).doesNotContain(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("Pa55word");
        assertThat(CredentialVault.keyId(stored)).isEqualTo(connections.currentKeyId());
        assertThat(connections.use(created.id(), user).password()).isEqualTo(SECRET);
        assertThat(created.hasPassword()).isTrue();
        assertThat(created.toString()).doesNotContain(SECRET);
    }

    @Test
    void editingWithoutAPasswordKeepsTheStoredOne() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(mail("Keep", SECRET), user);
        connections.update(created.id(), mail("Kept", ""), user);
        assertThat(connections.use(created.id(), user).password()).isEqualTo(SECRET);
        connections.update(created.id(), mail("Changed", "New-Secret-2"), user);
        assertThat(connections.use(created.id(), user).password()).isEqualTo("New-Secret-2");
        assertThat(connections.get(created.id(), user).name()).isEqualTo("Changed");
    }

    @Test
    void refusesLineBreaksAndNulAnywhereAndSavesNothing() {
        CurrentUser user = newUser();
        ConnectionDraft hostile = new ConnectionDraft(ConnectionKind.MAIL, "Name\r\nX-Injected: 1",
                "imap.example.com\r\nA1 LOGOUT", 0, Security.TLS, "me\nRCPT TO:<x@y>", "pass\r\nQUIT", false,
                new ConnectionOptions.Mail(RetrievalProtocol.IMAP, "smtp.example.com\0", 70000, Security.TLS, true,
                        "Me\r\nBcc: victim@example.com", "not an address"));
        assertThatThrownBy(() -> connections.create(hostile, user))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::field)
                        .containsExactlyInAnyOrder("name", "host", "port", "username", "password", "smtpHost",
                                "smtpPort", "displayName", "address"));
        assertThat(connections.visibleTo(user)).isEmpty();
    }

    @Test
    void refusesACharsetThatIsNotOffered() {
        CurrentUser user = newUser();
        ConnectionDraft draft = new ConnectionDraft(ConnectionKind.TELNET, "Host", "host.example.com", 23,
                Security.NONE, "", "", false, new ConnectionOptions.Telnet("UTF-7"));
        assertThatThrownBy(() -> connections.create(draft, user)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::field)
                        .containsExactly("charset"));
        ConnectionProfile ebcdic = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "Mainframe",
                "host.example.com", 23, Security.NONE, "", "", false, new ConnectionOptions.Telnet("ibm1047")), user);
        assertThat(ebcdic.telnet().charset()).isEqualTo("IBM1047");
    }

    static ConnectionDraft telnet(String name, String username, ConnectionOptions.Telnet options) {
        return new ConnectionDraft(ConnectionKind.TELNET, name, "host.example.com", 23, Security.NONE, username, "pw",
                false, options);
    }

    @Test
    void storesEveryTelnetSettingAndChangesThem() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(telnet("Mainframe", "root",
                new ConnectionOptions.Telnet("ms949", "IBM-3278-2-E", "CTRL_Z", true, " 사용자 ID: $", "(?i)암호:\\s*$",
                        false, true)), user);
        ConnectionOptions.Telnet expected = new ConnectionOptions.Telnet("x-windows-949", "IBM-3278-2-E", "CTRL_Z",
                true, " 사용자 ID: $", "(?i)암호:\\s*$", false, true);
        assertThat(created.telnet()).isEqualTo(expected);
        assertThat(connections.get(created.id(), user).telnet()).isEqualTo(expected);
        assertThat(connections.visibleTo(user)).singleElement().extracting(ConnectionProfile::options).isEqualTo(expected);

        connections.update(created.id(), telnet("Mainframe", "root", new ConnectionOptions.Telnet("RAW")), user);
        assertThat(connections.get(created.id(), user).telnet())
                .isEqualTo(new ConnectionOptions.Telnet("RAW", "", "CTRL_D", false, "", "", true, false));
    }

    @Test
    void aTelnetConnectionSavedBeforeTheNewSettingsExistedHasTheirDefaultsAndIsRecorded() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(telnet("Old", "root",
                new ConnectionOptions.Telnet("EUC-KR", "vt100", "CTRL_Z", true, "login:", "Password:", false, true)),
                user);
        jdbc.sql("UPDATE connection SET options = '{\"charset\": \"EUC-KR\"}'::jsonb WHERE id = ?")
                .param(created.id()).update();
        ConnectionOptions.Telnet old = connections.get(created.id(), user).telnet();
        assertThat(old).isEqualTo(new ConnectionOptions.Telnet("EUC-KR"));
        assertThat(old.record()).isTrue();
        assertThat(old.recordInput()).isFalse();
        assertThat(old.autoLogin()).isFalse();
        assertThat(old.eof()).isEqualTo("CTRL_D");
    }

    @Test
    void refusesTelnetSettingsThatAreNotSafeAndSavesNothing() {
        CurrentUser user = newUser();
        assertThatThrownBy(() -> connections.create(telnet("Bad", "", new ConnectionOptions.Telnet("UTF-8",
                "vt100\r\nrm -rf /", "CTRL_C", true, "login: (", "Password:\n", true, false)), user))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems())
                        .extracting(p -> p.field() + ": " + p.messageKey())
                        .containsExactlyInAnyOrder("terminalType: connection.terminalType.invalid",
                                "eof: connection.eof.invalid", "loginPrompt: connection.loginPrompt.invalid",
                                "passwordPrompt: connection.passwordPrompt.invalid",
                                "autoLogin: connection.autoLogin.noUser"));
        assertThat(connections.visibleTo(user)).isEmpty();
    }

    static final String FINGERPRINT =
            "3F:0A:9C:12:7B:E4:55:D0:81:6A:2C:FF:00:1B:93:4E:C7:28:B5:6D:E0:19:A4:73:5C:8E:F2:3D:60:B1:0D:97";

    static ConnectionDraft ftps(String name, String rootDirectory, String pinnedCertificate) {
        return new ConnectionDraft(ConnectionKind.FTP, name, "ftp.example.com", 990, Security.TLS, "me", "pw",
                false, new ConnectionOptions.Ftp(false, "EUC-KR", rootDirectory, pinnedCertificate));
    }

    @Test
    void storesAnFtpRootDirectoryAndPinnedCertificateAndChangesThem() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(
                ftps("Pinned", "/srv/파일", FINGERPRINT.replace(":", "").toLowerCase()), user);
        ConnectionOptions.Ftp expected = new ConnectionOptions.Ftp(false, "EUC-KR", "/srv/파일", FINGERPRINT);
        assertThat(created.ftp()).isEqualTo(expected);
        assertThat(connections.get(created.id(), user).ftp()).isEqualTo(expected);
        assertThat(connections.visibleTo(user)).singleElement().extracting(ConnectionProfile::options).isEqualTo(expected);

        connections.update(created.id(), ftps("Pinned", "/", ""), user);
        assertThat(connections.get(created.id(), user).ftp())
                .isEqualTo(new ConnectionOptions.Ftp(false, "EUC-KR", "/", ""));
    }

    @Test
    void anFtpConnectionSavedBeforeTheRootDirectoryAndPinExistedHasNeither() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(ftps("Old", "/pub", FINGERPRINT), user);
        jdbc.sql("UPDATE connection SET options = '{\"passive\": false, \"charset\": \"EUC-KR\"}'::jsonb WHERE id = ?")
                .param(created.id()).update();
        assertThat(connections.get(created.id(), user).ftp())
                .isEqualTo(new ConnectionOptions.Ftp(false, "EUC-KR", "", ""));
    }

    @Test
    void refusesAnFtpRootDirectoryOrPinThatIsNotSafeAndSavesNothing() {
        CurrentUser user = newUser();
        assertThatThrownBy(() -> connections.create(ftps("Bad", "/pub/../etc\r\n", "AB:CD"), user))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems())
                        .extracting(p -> p.field() + ": " + p.messageKey())
                        .containsExactlyInAnyOrder("rootDirectory: connection.rootDirectory.invalid",
                                "pinnedCertificate: connection.pinnedCertificate.invalid"));
        ConnectionDraft plain = new ConnectionDraft(ConnectionKind.FTP, "Plain", "ftp.example.com", 21, Security.NONE,
                "me", "pw", false, new ConnectionOptions.Ftp(true, "UTF-8", "/pub", FINGERPRINT));
        assertThatThrownBy(() -> connections.create(plain, user))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems())
                        .extracting(p -> p.field() + ": " + p.messageKey())
                        .containsExactly("pinnedCertificate: connection.pinnedCertificate.plain"));
        assertThat(connections.visibleTo(user)).isEmpty();
    }

    @Test
    void aUserSeesAndChangesOnlyOwnConnections() {
        CurrentUser owner = newUser();
        CurrentUser other = newUser();
        ConnectionProfile created = connections.create(ftp("Mine"), owner);
        assertThat(connections.visibleTo(other)).isEmpty();
        assertThatThrownBy(() -> connections.get(created.id(), other)).isInstanceOf(ConnectionNotFound.class);
        assertThatThrownBy(() -> connections.use(created.id(), other)).isInstanceOf(ConnectionNotFound.class);
        assertThatThrownBy(() -> connections.update(created.id(), ftp("Theirs"), other))
                .isInstanceOf(ConnectionNotFound.class);
        assertThatThrownBy(() -> connections.delete(created.id(), other)).isInstanceOf(ConnectionNotFound.class);
        assertThat(connections.get(created.id(), owner).name()).isEqualTo("Mine");
    }

    @Test
    void adminsShareConnectionsWithTheUsersTheyGrant() {
        CurrentUser admin = admin();
        CurrentUser granted = newUser();
        CurrentUser notGranted = newUser();
        ConnectionDraft shared = new ConnectionDraft(ConnectionKind.FTP, "Team files", "files.example.com", 21,
                Security.NONE, "team", "Team-Secret-1", true, new ConnectionOptions.Ftp(true, "UTF-8"));
        assertThatThrownBy(() -> connections.create(shared, granted)).isInstanceOf(AccessDeniedException.class);
        ConnectionProfile created = connections.create(shared, admin);
        assertThat(created.shared()).isTrue();
        assertThat(created.ownerId()).isNull();

        connections.grant(created.id(), granted.username(), admin);
        assertThat(connections.visibleTo(granted)).extracting(ConnectionProfile::id).containsExactly(created.id());
        assertThat(connections.use(created.id(), granted).password()).isEqualTo("Team-Secret-1");
        assertThat(connections.mayManage(created, granted)).isFalse();
        assertThatThrownBy(() -> connections.update(created.id(), shared, granted)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> connections.grant(created.id(), notGranted.username(), granted))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(connections.visibleTo(notGranted)).isEmpty();
        assertThatThrownBy(() -> connections.grant(created.id(), "no-such-user", admin)).isInstanceOf(InvalidInput.class);

        connections.revoke(created.id(), granted.id(), admin);
        assertThat(connections.visibleTo(granted)).isEmpty();
        assertThat(audit.search(new AuditQuery(admin.username(), "upstream.connection_", null, null, null, 0, 20)).events())
                .extracting(AuditEvent::action)
                .contains(UpstreamActions.CONNECTION_REVOKED, UpstreamActions.CONNECTION_GRANTED,
                        UpstreamActions.CONNECTION_CREATED);
    }

    @Test
    void everyChangeIsAuditedWithoutThePassword() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(mail("Audited", SECRET), user);
        connections.update(created.id(), mail("Audited 2", "Other-Secret-3"), user);
        connections.delete(created.id(), user);
        List<AuditEvent> events = audit.search(AuditQuery.byActor(user.username())).events();
        assertThat(events).extracting(AuditEvent::action).containsExactly(UpstreamActions.CONNECTION_DELETED,
                UpstreamActions.CONNECTION_UPDATED, UpstreamActions.CONNECTION_CREATED);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.clientIp()).isEqualTo("192.0.2.44");
            assertThat(e.target()).isEqualTo("imap.example.com:993");
            assertThat(e.detail().toString()).doesNotContain(SECRET).doesNotContain("Other-Secret-3");
        });
        assertThat(events.get(1).detail()).containsEntry("passwordChanged", true);
        assertThatThrownBy(() -> connections.get(created.id(), user)).isInstanceOf(ConnectionNotFound.class);
    }

    @Test
    void reencryptsPasswordsLeftUnderThePreviousKey() {
        CurrentUser user = newUser();
        ConnectionProfile created = connections.create(mail("Rotated", SECRET), user);
        CredentialVault oldVault = new CredentialVault(new UpstreamProperties(
                PosternTestConfiguration.PREVIOUS_MASTER_KEY, "", List.of(), true, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(5)), new dev.postern.platform.Storage(java.nio.file.Path.of("."), false));
        jdbc.sql("UPDATE connection SET secret = ? WHERE id = ?")
                .params(oldVault.encrypt(SECRET, "connection:" + created.id()), created.id()).update();
        assertThat(connections.secretsByKey(admin())).containsKey(oldVault.currentKeyId());
        assertThat(connections.use(created.id(), user).password()).isEqualTo(SECRET);

        Connections.Reencryption result = connections.reencryptSecrets(admin());
        assertThat(result.reencrypted()).isGreaterThanOrEqualTo(1);
        assertThat(result.unreadable()).isZero();
        assertThat(connections.secretsByKey(admin())).doesNotContainKey(oldVault.currentKeyId());
        assertThat(connections.use(created.id(), user).password()).isEqualTo(SECRET);
    }
}
