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

    private static ConnectionDraft telnet(String username, ConnectionOptions.Telnet options) {
        return new ConnectionDraft(ConnectionKind.TELNET, "Host", "host.example.com", 23, Security.NONE, username, "pw",
                false, options);
    }

    private static ConnectionDraft telnet(ConnectionOptions.Telnet options) {
        return telnet("me", options);
    }

    private static ConnectionOptions.Telnet telnetOptions(String terminalType, String eof, boolean autoLogin,
            String loginPrompt, String passwordPrompt) {
        return new ConnectionOptions.Telnet("UTF-8", terminalType, eof, autoLogin, loginPrompt, passwordPrompt, true,
                false);
    }

    private static ConnectionOptions.Telnet acceptedTelnet(ConnectionDraft draft) {
        ConnectionValidator.Result result = ConnectionValidator.check(draft, false);
        assertThat(result.problems()).isEmpty();
        return (ConnectionOptions.Telnet) result.draft().options();
    }

    @Test
    void keepsEveryTelnetSetting() {
        ConnectionOptions.Telnet options = new ConnectionOptions.Telnet("EUC-KR", "vt100", "CTRL_Z", true,
                "(?i)login: $", "^Password: ?$", false, true);
        assertThat(acceptedTelnet(telnet(options))).isEqualTo(options);
    }

    @Test
    void aTelnetConnectionWithOnlyACharsetHasTheDefaults() {
        ConnectionOptions.Telnet options = acceptedTelnet(telnet("", new ConnectionOptions.Telnet("UTF-8")));
        assertThat(options).isEqualTo(new ConnectionOptions.Telnet("UTF-8", "", "CTRL_D", false, "", "", true, false));
        assertThat(acceptedTelnet(telnet(telnetOptions(null, null, false, null, null)))).isEqualTo(options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "EUC-KR", "CP949", "x-windows-949", "Shift_JIS", "GBK", "Big5", "ISO-8859-1",
            "IBM1047", "IBM037", "RAW"})
    void offersTheTerminalCharsetsKoreanJapaneseChineseAndIbmHostsUse(String charset) {
        assertThat(acceptedTelnet(telnet(new ConnectionOptions.Telnet(charset))).charset()).isEqualTo(charset);
    }

    @Test
    void takesACharsetByAnyOfJavasNamesForIt() {
        assertThat(acceptedTelnet(telnet(new ConnectionOptions.Telnet(" raw "))).charset()).isEqualTo("RAW");
        assertThat(acceptedTelnet(telnet(new ConnectionOptions.Telnet("MS949"))).charset()).isEqualTo("x-windows-949");
        assertThat(acceptedTelnet(telnet(new ConnectionOptions.Telnet("ms_949"))).charset()).isEqualTo("x-windows-949");
        // Java's CP949 is IBM's code page 949, not Windows': the two stay apart.
        assertThat(acceptedTelnet(telnet(new ConnectionOptions.Telnet("ibm-949"))).charset()).isEqualTo("CP949");
        assertThat(acceptedTelnet(telnet(new ConnectionOptions.Telnet("cp1047"))).charset()).isEqualTo("IBM1047");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-7", "x-IBM834", "binary", "ISO-2022-KR", "not a charset"})
    void refusesATerminalCharsetThatIsNotOffered(String charset) {
        assertThat(problems(telnet(new ConnectionOptions.Telnet(charset))))
                .containsExactly("charset: connection.charset.invalid");
    }

    @Test
    void rawIsNoCharsetForFileNames() {
        assertThat(problems(new ConnectionDraft(ConnectionKind.FTP, "Files", "ftp.example.com", 21, Security.NONE,
                "me", "pw", false, new ConnectionOptions.Ftp(true, "RAW"))))
                .containsExactly("charset: connection.charset.invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vt100", "VT220", "xterm-256color", "IBM-3278-2-E", "ansi.sys", "screen+fkeys", "a",
            "A234567890123456789012345678901234567890"})
    void acceptsATerminalTypeOfUpTo40NameCharacters(String terminalType) {
        assertThat(acceptedTelnet(telnet(telnetOptions(terminalType, "CTRL_D", false, "", ""))).terminalType())
                .isEqualTo(terminalType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vt 100", "vt100\r\nrm -rf /", "vt100\n", "A2345678901234567890123456789012345678901",
            "xterm;reset", "터미널", "vt100\u0000", "\u001b[31m"})
    void refusesATerminalTypeThatIsNotAName(String terminalType) {
        assertThat(problems(telnet(telnetOptions(terminalType, "CTRL_D", false, "", ""))))
                .containsExactly("terminalType: connection.terminalType.invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CTRL_C", "ctrl_d", "EOF", "^D", "CTRL_D\n"})
    void refusesAnEofKeyOtherThanCtrlDOrCtrlZ(String eof) {
        assertThat(problems(telnet(telnetOptions("", eof, false, "", ""))))
                .containsExactly("eof: connection.eof.invalid");
        assertThat(acceptedTelnet(telnet(telnetOptions("", "CTRL_Z", false, "", ""))).eof()).isEqualTo("CTRL_Z");
    }

    @Test
    void keepsAPromptPatternAsTypedButBlankMeansTheUsualOnes() {
        assertThat(acceptedTelnet(telnet(telnetOptions("", "CTRL_D", true, " 사용자: $", "암호:\\s*$"))))
                .extracting(ConnectionOptions.Telnet::loginPrompt, ConnectionOptions.Telnet::passwordPrompt)
                .containsExactly(" 사용자: $", "암호:\\s*$");
        assertThat(acceptedTelnet(telnet(telnetOptions("", "CTRL_D", true, "   ", ""))).loginPrompt()).isEmpty();
        String longest = "a".repeat(200);
        assertThat(acceptedTelnet(telnet(telnetOptions("", "CTRL_D", true, longest, longest))).loginPrompt())
                .isEqualTo(longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login: (", "[a-", "*password", "(?<name>x", "\\", "login:\n", "\r\n", "a\u0000",
            "x{2,1}"})
    void refusesAPromptThatIsNotAValidPatternOrHoldsAControlCharacter(String prompt) {
        assertThat(problems(telnet(telnetOptions("", "CTRL_D", true, prompt, ""))))
                .containsExactly("loginPrompt: connection.loginPrompt.invalid");
        assertThat(problems(telnet(telnetOptions("", "CTRL_D", true, "", prompt))))
                .containsExactly("passwordPrompt: connection.passwordPrompt.invalid");
    }

    @Test
    void refusesAPromptLongerThan200Characters() {
        String tooLong = "a".repeat(201);
        assertThat(problems(telnet(telnetOptions("", "CTRL_D", false, tooLong, tooLong))))
                .containsExactly("loginPrompt: connection.loginPrompt.invalid",
                        "passwordPrompt: connection.passwordPrompt.invalid");
    }

    @Test
    void autoLoginNeedsAStoredUserName() {
        ConnectionOptions.Telnet auto = telnetOptions("", "CTRL_D", true, "", "");
        assertThat(problems(telnet("", auto))).containsExactly("autoLogin: connection.autoLogin.noUser");
        assertThat(problems(telnet("   ", auto))).containsExactly("autoLogin: connection.autoLogin.noUser");
        assertThat(problems(telnet(null, auto))).containsExactly("autoLogin: connection.autoLogin.noUser");
        assertThat(acceptedTelnet(telnet("root", auto)).autoLogin()).isTrue();
        assertThat(problems(telnet("", telnetOptions("", "CTRL_D", false, "", "")))).isEmpty();
    }
}
