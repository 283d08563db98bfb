package dev.postern.upstream.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.Security;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionValidatorTests {

    static final String FINGERPRINT =
            "3F:0A:9C:12:7B:E4:55:D0:81:6A:2C:FF:00:1B:93:4E:C7:28:B5:6D:E0:19:A4:73:5C:8E:F2:3D:60:B1:0D:97";

    private static ConnectionDraft ftp(Security security, String rootDirectory, String pinnedCertificate) {
        return new ConnectionDraft(ConnectionKind.FTP, "Files", "ftp.example.com", 21, security, "me", "pw", false,
                new ConnectionOptions.Ftp(true, "UTF-8", rootDirectory, pinnedCertificate));
    }

    private static ConnectionOptions.Ftp accepted(ConnectionDraft draft) {
        ConnectionValidator.Result result = ConnectionValidator.check(draft, false);
        assertThat(result.problems()).isEmpty();
        return (ConnectionOptions.Ftp) result.draft().options();
    }

    /** Each problem as "field: message key". */
    private static List<String> problems(ConnectionDraft draft) {
        return ConnectionValidator.check(draft, false).problems().stream()
                .map(p -> p.field() + ": " + p.messageKey()).toList();
    }

    @Test
    void keepsARootDirectoryAndAPinnedCertificate() {
        ConnectionOptions.Ftp options = accepted(ftp(Security.STARTTLS, "/pub/보고서 2024", FINGERPRINT));
        assertThat(options.rootDirectory()).isEqualTo("/pub/보고서 2024");
        assertThat(options.pinnedCertificate()).isEqualTo(FINGERPRINT);
        assertThat(accepted(ftp(Security.TLS, "/", "")).rootDirectory()).isEqualTo("/");
    }

    @Test
    void leavesBothEmptyByDefault() {
        ConnectionOptions.Ftp options = accepted(new ConnectionDraft(ConnectionKind.FTP, "Files", "ftp.example.com", 21,
                Security.NONE, "me", "pw", false, new ConnectionOptions.Ftp(true, "UTF-8")));
        assertThat(options.rootDirectory()).isEmpty();
        assertThat(options.pinnedCertificate()).isEmpty();
        assertThat(accepted(ftp(Security.NONE, "  ", "  ")).pinnedCertificate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pub", "pub/reports", "./pub", "/pub/../etc", "/..", "/pub/.", "/./pub", "/pub/",
            "//pub", "/pub//reports", "/pub\r\nDELE x", "/pub\nx", "/pub\u0000", "/pub\r\n", "/pub\t/x", "~/pub",
            "C:\\pub"})
    void refusesARootDirectoryThatIsNotANormalAbsolutePath(String rootDirectory) {
        assertThat(problems(ftp(Security.STARTTLS, rootDirectory, "")))
                .containsExactly("rootDirectory: connection.rootDirectory.invalid");
    }

    @Test
    void refusesARootDirectoryLongerThan1024Characters() {
        String longest = "/" + "a".repeat(1023);
        assertThat(accepted(ftp(Security.NONE, longest, "")).rootDirectory()).isEqualTo(longest);
        assertThat(problems(ftp(Security.NONE, longest + "a", "")))
                .containsExactly("rootDirectory: connection.rootDirectory.invalid");
    }

    @Test
    void spellsAPinnedCertificateTheOneCanonicalWay() {
        String bare = FINGERPRINT.replace(":", "").toLowerCase();
        assertThat(accepted(ftp(Security.STARTTLS, "", bare)).pinnedCertificate()).isEqualTo(FINGERPRINT);
        assertThat(accepted(ftp(Security.TLS, "", "  " + FINGERPRINT.toLowerCase() + " ")).pinnedCertificate())
                .isEqualTo(FINGERPRINT);
        assertThat(accepted(ftp(Security.TLS, "", FINGERPRINT.replace(':', ' '))).pinnedCertificate())
                .isEqualTo(FINGERPRINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a fingerprint", "3F:0A:9C", "3F0A9C127BE455D0816A2CFF001B934EC728B56DE019A4735C8EF23D60B10D",
            "3F0A9C127BE455D0816A2CFF001B934EC728B56DE019A4735C8EF23D60B10D9700",
            "3G0A9C127BE455D0816A2CFF001B934EC728B56DE019A4735C8EF23D60B10D97",
            "3F0:A9C127BE455D0816A2CFF001B934EC728B56DE019A4735C8EF23D60B10D97",
            "3F::0A9C127BE455D0816A2CFF001B934EC728B56DE019A4735C8EF23D60B10D97",
            "SHA256:Pz+cEnvkVdCBaiz/ABuTTscotW3gGaRzXI7yPWCxDZc",
            "3F0A9C127BE455D0816A2CFF001B934EC728B56DE019A4735C8EF23D60B10D97\r\n",
            "3F0A9C127BE455D0816A2CFF001B934E\nC728B56DE019A4735C8EF23D60B10D97"})
    void refusesAPinnedCertificateThatIsNotASha256Fingerprint(String pinnedCertificate) {
        assertThat(problems(ftp(Security.STARTTLS, "", pinnedCertificate)))
                .containsExactly("pinnedCertificate: connection.pinnedCertificate.invalid");
    }

    @Test
    void refusesAPinnedCertificateOnPlainFtp() {
        assertThat(problems(ftp(Security.NONE, "", FINGERPRINT)))
                .containsExactly("pinnedCertificate: connection.pinnedCertificate.plain");
    }
}
