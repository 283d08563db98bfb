package dev.postern.web;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.UserAccount;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.Connections;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PosternIntegrationTest
class PagesIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    private UserAccount newUser() {
        return accounts.findByUsername(TestUsers.create(accounts, "w")).orElseThrow();
    }

    @Test
    void pagesNeedASignIn() throws Exception {
        mvc.perform(get("/")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/connections/new")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/css/postern.css")).andExpect(status().isOk());
    }

    @Test
    void theLoginPageFollowsTheBrowsersLanguageAndTheLanguageLinks() throws Exception {
        mvc.perform(get("/login").header("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5"))
                .andExpect(content().string(containsString("<h1>로그인</h1>")))
                .andExpect(content().string(containsString("lang=\"ko\"")));
        mvc.perform(get("/login").header("Accept-Language", "fr-FR")).andExpect(content().string(containsString("<h1>Sign in</h1>")));
        mvc.perform(get("/login").param("lang", "ko").header("Accept-Language", "en"))
                .andExpect(content().string(containsString("<h1>로그인</h1>")))
                .andExpect(header().stringValues("Set-Cookie", org.hamcrest.Matchers.hasItem(containsString("postern-lang=ko"))));
        mvc.perform(get("/login").cookie(new Cookie("postern-lang", "ko")).header("Accept-Language", "en"))
                .andExpect(content().string(containsString("<h1>로그인</h1>")));
        mvc.perform(get("/login").param("lang", "xx\r\nInjected: 1").header("Accept-Language", "en"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("<h1>Sign in</h1>")));
    }

    @Test
    void aUsersChosenLanguageAppliesAfterSignIn() throws Exception {
        UserAccount user = newUser();
        Cookie session = signIn(mvc, user.username(), TestUsers.PASSWORD);
        mvc.perform(post("/account/preferences").cookie(session).with(csrf()).param("displayName", "홍길동")
                        .param("locale", "ko"))
                .andExpect(redirectedUrl("/account/preferences"));
        Cookie again = signIn(mvc, user.username(), TestUsers.PASSWORD);
        mvc.perform(get("/").cookie(again).header("Accept-Language", "en"))
                .andExpect(content().string(containsString("메일 계정 추가")));
        mvc.perform(post("/account/preferences").cookie(session).with(csrf()).param("locale", "fr"))
                .andExpect(content().string(containsString("영어, 한국어, 브라우저 언어 중에서 선택하세요.")));
    }

    @Test
    void aConnectionFormWithHostileInputShowsErrorsBesideTheFieldsAndSavesNothing() throws Exception {
        UserAccount user = newUser();
        Cookie session = signIn(mvc, user.username(), TestUsers.PASSWORD);
        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "FTP")
                        .param("name", "Files").param("host", "ftp.example.com\r\nUSER root").param("port", "70000")
                        .param("security", "NONE").param("username", "me").param("password", "pw\r\nDELE x")
                        .param("passive", "true").param("charset", "UTF-8"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter a host name (mail.example.com) or an IP address.")))
                .andExpect(content().string(containsString("Enter a port from 1 to 65535.")))
                .andExpect(content().string(containsString("without line breaks or NUL")))
                .andExpect(content().string(not(containsString("DELE x"))));
        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "FTP").param("name", "Files")
                        .param("host", "ftp.example.com").param("port", "not-a-number").param("security", "NONE")
                        .param("charset", "UTF-8"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter a whole number.")));
        assertThat(connections.visibleTo(new CurrentUser(user.id(), user.username(), false, null))).isEmpty();
    }

    @Test
    void anFtpConnectionsRootDirectoryAndPinnedCertificateAreEditedOnItsPage() throws Exception {
        UserAccount user = newUser();
        Cookie session = signIn(mvc, user.username(), TestUsers.PASSWORD);
        String fingerprint = "3F:0A:9C:12:7B:E4:55:D0:81:6A:2C:FF:00:1B:93:4E:C7:28:B5:6D:E0:19:A4:73:5C:8E:F2:3D:60:B1:0D:97";
        mvc.perform(get("/connections/new").param("kind", "ftp").cookie(session))
                .andExpect(content().string(containsString("id=\"rootDirectory\"")))
                .andExpect(content().string(containsString("id=\"pinnedCertificate\"")))
                .andExpect(content().string(containsString("the SHA-256 fingerprint of that certificate")));
        mvc.perform(get("/connections/new").param("kind", "telnet").cookie(session))
                .andExpect(content().string(not(containsString("id=\"rootDirectory\""))))
                .andExpect(content().string(not(containsString("id=\"pinnedCertificate\""))));

        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "FTP").param("name", "Files")
                        .param("host", "ftp.example.com").param("port", "21").param("security", "NONE")
                        .param("passive", "true").param("charset", "UTF-8").param("rootDirectory", "pub/../etc")
                        .param("pinnedCertificate", fingerprint))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-field=\"rootDirectory\"")))
                .andExpect(content().string(containsString("Enter an absolute path such as /pub/reports")))
                .andExpect(content().string(containsString("data-field=\"pinnedCertificate\"")))
                .andExpect(content().string(containsString("A pinned certificate needs FTPS")))
                .andExpect(content().string(containsString("value=\"pub/../etc\"")));
        CurrentUser me = new CurrentUser(user.id(), user.username(), false, null);
        assertThat(connections.visibleTo(me)).isEmpty();

        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "FTP").param("name", "Files")
                        .param("host", "ftp.example.com").param("port", "21").param("security", "STARTTLS")
                        .param("passive", "true").param("charset", "UTF-8").param("rootDirectory", "/pub")
                        .param("pinnedCertificate", fingerprint.replace(":", "").toLowerCase()))
                .andExpect(redirectedUrl("/"));
        var created = connections.visibleTo(me).getFirst();
        mvc.perform(get("/connections/" + created.id() + "/edit").cookie(session))
                .andExpect(content().string(containsString("value=\"/pub\"")))
                .andExpect(content().string(containsString("value=\"" + fingerprint + "\"")));
    }

    @Test
    void aTelnetHostsTerminalAutoLoginAndRecordingSettingsAreEditedOnItsPage() throws Exception {
        UserAccount user = newUser();
        Cookie session = signIn(mvc, user.username(), TestUsers.PASSWORD);
        List<String> telnetOnly = List.of("id=\"terminalType\"", "id=\"eof\"", "id=\"autoLogin1\"",
                "id=\"loginPrompt\"", "id=\"passwordPrompt\"", "id=\"record1\"", "id=\"recordInput1\"",
                "<option value=\"RAW\">Raw bytes (no conversion, for ZMODEM");
        var telnetForm = mvc.perform(get("/connections/new").param("kind", "telnet").cookie(session))
                .andExpect(content().string(containsString("it never reaches your browser")))
                .andExpect(content().string(containsString("<option value=\"x-windows-949\">MS949 (the same as CP949")))
                .andReturn().getResponse().getContentAsString();
        assertThat(telnetForm).contains(telnetOnly);
        // Sessions are recorded unless turned off; what is typed is not.
        assertThat(telnetForm).containsPattern("id=\"record1\"[^>]*checked")
                .doesNotContainPattern("id=\"recordInput1\"[^>]*checked");
        String ftpForm = mvc.perform(get("/connections/new").param("kind", "ftp").cookie(session))
                .andReturn().getResponse().getContentAsString();
        assertThat(ftpForm).doesNotContain(telnetOnly).doesNotContain("value=\"RAW\"");

        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "TELNET").param("name", "Host")
                        .param("host", "host.example.com").param("port", "23").param("security", "NONE")
                        .param("charset", "RAW").param("terminalType", "vt100; reset").param("eof", "CTRL_C")
                        .param("autoLogin", "true").param("loginPrompt", "login: (").param("passwordPrompt", "[a-"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-field=\"terminalType\"")))
                .andExpect(content().string(containsString("Enter a terminal type of at most 40")))
                .andExpect(content().string(containsString("data-field=\"eof\"")))
                .andExpect(content().string(containsString("data-field=\"loginPrompt\"")))
                .andExpect(content().string(containsString("data-field=\"passwordPrompt\"")))
                .andExpect(content().string(containsString("data-field=\"autoLogin\"")))
                .andExpect(content().string(containsString("Automatic sign-in needs a user name")))
                .andExpect(content().string(containsString("value=\"login: (\"")));
        CurrentUser me = new CurrentUser(user.id(), user.username(), false, null);
        assertThat(connections.visibleTo(me)).isEmpty();

        // A checkbox left unticked arrives only as Spring's "_name" marker.
        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "TELNET").param("name", "Host")
                        .param("host", "host.example.com").param("port", "23").param("security", "NONE")
                        .param("username", "root").param("charset", "RAW").param("terminalType", "IBM-3278-2-E")
                        .param("eof", "CTRL_Z").param("autoLogin", "true").param("_autoLogin", "on")
                        .param("loginPrompt", "(?i)user id: $").param("passwordPrompt", "")
                        .param("_record", "on").param("recordInput", "true").param("_recordInput", "on"))
                .andExpect(redirectedUrl("/"));
        var created = connections.visibleTo(me).getFirst();
        assertThat(created.telnet()).isEqualTo(new dev.postern.upstream.ConnectionOptions.Telnet("RAW",
                "IBM-3278-2-E", "CTRL_Z", true, "(?i)user id: $", "", false, true));
        String edit = mvc.perform(get("/connections/" + created.id() + "/edit").cookie(session))
                .andReturn().getResponse().getContentAsString();
        assertThat(edit).contains("value=\"IBM-3278-2-E\"", "value=\"(?i)user id: $\"",
                "<option value=\"CTRL_Z\" selected=\"selected\">", "<option value=\"RAW\" selected=\"selected\">")
                .containsPattern("id=\"autoLogin1\"[^>]*checked")
                .doesNotContainPattern("id=\"record1\"[^>]*checked")
                .containsPattern("id=\"recordInput1\"[^>]*checked");
    }

    @Test
    void aConnectionIsCreatedListedEditedAndDeleted() throws Exception {
        UserAccount user = newUser();
        Cookie session = signIn(mvc, user.username(), TestUsers.PASSWORD);
        mvc.perform(post("/connections").cookie(session).with(csrf()).param("kind", "TELNET")
                        .param("name", "Router <b>console</b>").param("host", "router.example.com").param("port", "23")
                        .param("security", "NONE").param("charset", "EUC-KR"))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/").cookie(session))
                .andExpect(content().string(containsString("Router &lt;b&gt;console&lt;/b&gt;")))
                .andExpect(content().string(containsString("router.example.com:23")));
        var created = connections.visibleTo(new CurrentUser(user.id(), user.username(), false, null)).getFirst();
        mvc.perform(get("/connections/" + created.id() + "/edit").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"EUC-KR\" selected")));
        mvc.perform(get("/connections/" + created.id() + "/delete").cookie(session)).andExpect(status().isOk());
        mvc.perform(post("/connections/" + created.id() + "/delete").cookie(session).with(csrf()))
                .andExpect(redirectedUrl("/"));
        assertThat(connections.visibleTo(new CurrentUser(user.id(), user.username(), false, null))).isEmpty();
    }

    @Test
    void anotherUsersConnectionIsNotFoundAndMalformedIdsAreBadRequests() throws Exception {
        UserAccount owner = newUser();
        var created = connections.create(new dev.postern.upstream.ConnectionDraft(dev.postern.upstream.ConnectionKind.TELNET,
                "Private", "host.example.com", 23, dev.postern.upstream.Security.NONE, "", "", false,
                new dev.postern.upstream.ConnectionOptions.Telnet("UTF-8")),
                new CurrentUser(owner.id(), owner.username(), false, null));
        Cookie other = signIn(mvc, newUser().username(), TestUsers.PASSWORD);
        mvc.perform(get("/connections/" + created.id() + "/edit").cookie(other)).andExpect(status().isNotFound());
        mvc.perform(post("/connections/" + created.id() + "/delete").cookie(other).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/connections/not-a-uuid/edit").cookie(other)).andExpect(status().isBadRequest());
        mvc.perform(get("/connections/new").param("kind", "gopher").cookie(other)).andExpect(status().isBadRequest());
    }

    @Test
    void changingThePasswordChecksTheCurrentOneAndTheRules() throws Exception {
        UserAccount user = newUser();
        Cookie session = signIn(mvc, user.username(), TestUsers.PASSWORD);
        mvc.perform(post("/account/password").cookie(session).with(csrf()).param("currentPassword", "wrong")
                        .param("newPassword", "Brand-New-Passphrase-1").param("confirmPassword", "Brand-New-Passphrase-1"))
                .andExpect(content().string(containsString("The current password is wrong.")));
        mvc.perform(post("/account/password").cookie(session).with(csrf()).param("currentPassword", TestUsers.PASSWORD)
                        .param("newPassword", "password1234").param("confirmPassword", "password1234"))
                .andExpect(content().string(containsString("too common")));
        mvc.perform(post("/account/password").cookie(session).with(csrf()).param("currentPassword", TestUsers.PASSWORD)
                        .param("newPassword", "Brand-New-Passphrase-1").param("confirmPassword", "Different-Passphrase-1"))
                .andExpect(content().string(containsString("The two new passwords differ.")));
        mvc.perform(get("/account/activity").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Password changed")));
    }
}
