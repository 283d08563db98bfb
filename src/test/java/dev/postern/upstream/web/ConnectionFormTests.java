package dev.postern.upstream.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Security;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFormTests {

    static final String FINGERPRINT =
            "3F:0A:9C:12:7B:E4:55:D0:81:6A:2C:FF:00:1B:93:4E:C7:28:B5:6D:E0:19:A4:73:5C:8E:F2:3D:60:B1:0D:97";

    @Test
    void anFtpConnectionsRootDirectoryAndPinnedCertificateSurviveTheForm() {
        ConnectionOptions.Ftp options = new ConnectionOptions.Ftp(false, "EUC-KR", "/srv/공유", FINGERPRINT);
        ConnectionProfile profile = new ConnectionProfile(UUID.randomUUID(), ConnectionKind.FTP, "Files",
                "ftp.example.com", 990, Security.TLS, "me", true, 1L, false, options, Instant.now());

        ConnectionForm form = ConnectionForm.of(profile);
        assertThat(form.getRootDirectory()).isEqualTo("/srv/공유");
        assertThat(form.getPinnedCertificate()).isEqualTo(FINGERPRINT);

        ConnectionDraft draft = form.toDraft();
        assertThat(draft.options()).isEqualTo(options);
    }

    @Test
    void whatIsTypedIntoTheNewFieldsGoesIntoTheDraft() {
        ConnectionForm form = ConnectionForm.blank(ConnectionKind.FTP);
        assertThat(form.getRootDirectory()).isEmpty();
        assertThat(form.getPinnedCertificate()).isEmpty();
        form.setRootDirectory("/pub");
        form.setPinnedCertificate("3f0a9c");
        assertThat(form.toDraft().options()).isEqualTo(new ConnectionOptions.Ftp(true, "UTF-8", "/pub", "3f0a9c"));
    }

    @Test
    void aTelnetConnectionsSettingsSurviveTheForm() {
        ConnectionOptions.Telnet options = new ConnectionOptions.Telnet("RAW", "vt100", "CTRL_Z", true,
                "(?i)사용자:\\s*$", "Password: $", false, true);
        ConnectionProfile profile = new ConnectionProfile(UUID.randomUUID(), ConnectionKind.TELNET, "Host",
                "host.example.com", 23, Security.NONE, "root", true, 1L, false, options, Instant.now());

        ConnectionForm form = ConnectionForm.of(profile);
        assertThat(form.getCharset()).isEqualTo("RAW");
        assertThat(form.getTerminalType()).isEqualTo("vt100");
        assertThat(form.getEof()).isEqualTo("CTRL_Z");
        assertThat(form.isAutoLogin()).isTrue();
        assertThat(form.getLoginPrompt()).isEqualTo("(?i)사용자:\\s*$");
        assertThat(form.getPasswordPrompt()).isEqualTo("Password: $");
        assertThat(form.isRecord()).isFalse();
        assertThat(form.isRecordInput()).isTrue();

        assertThat(form.toDraft().options()).isEqualTo(options);
    }

    @Test
    void aNewTelnetFormStartsFromTheDefaultsAndTakesWhatIsTyped() {
        ConnectionForm form = ConnectionForm.blank(ConnectionKind.TELNET);
        assertThat(form.toDraft().options()).isEqualTo(new ConnectionOptions.Telnet("UTF-8"));
        assertThat(form.isRecord()).isTrue();
        assertThat(form.isRecordInput()).isFalse();

        form.setTerminalType("IBM-3278-2-E");
        form.setEof("CTRL_Z");
        form.setAutoLogin(true);
        form.setLoginPrompt("login: ");
        form.setPasswordPrompt("암호:");
        form.setRecord(false);
        form.setRecordInput(true);
        assertThat(form.toDraft().options()).isEqualTo(new ConnectionOptions.Telnet("UTF-8", "IBM-3278-2-E",
                "CTRL_Z", true, "login: ", "암호:", false, true));
    }
}
