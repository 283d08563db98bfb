package dev.postern.ftp.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.postern.account.AccountManagement;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.audit.Outcome;
import dev.postern.ftp.FileTransfers;
import dev.postern.ftp.FtpActions;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.Connections;
import dev.postern.upstream.UpstreamPolicy;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The ZIP of the entries ticked in a folder, posted as the page's form posts it, through the real facade to an
 * in-process Apache FtpServer: what comes back is read as a ZIP, and a choice Postern refuses is a page saying why
 * that never reached the server.
 */
@PosternIntegrationTest
class SelectionZipIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    @Autowired
    AuditLog audit;

    TestFileServer server;
    Cookie session;
    String base;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestFileServer(policy, accounts, connections, "zippages");
        session = signIn(mvc, server.username, TestUsers.PASSWORD);
        base = "/files/" + server.connection.id();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    MockHttpServletRequestBuilder zip(String dir, String... paths) {
        MockHttpServletRequestBuilder request = post(base + "/zip").cookie(session).with(csrf()).param("dir", dir);
        return paths.length == 0 ? request : request.param("path", paths);
    }

    @Test
    void theTickedEntriesComeBackAsOneZipWithTheirBytes() throws Exception {
        byte[] photo = new byte[300_000];
        new Random(7).nextBytes(photo);
        server.put("docs/보고서.txt", "분기 보고서".getBytes(StandardCharsets.UTF_8));
        server.put("docs/photos/2026/바다.jpg", photo);
        server.put("docs/photos/notes.txt", "n".getBytes(StandardCharsets.UTF_8));
        server.put("docs/not chosen.txt", "x".getBytes(StandardCharsets.UTF_8));
        java.nio.file.Files.createDirectories(server.home.resolve("docs/photos/empty"));

        byte[] body = mvc.perform(zip("/docs", "/docs/보고서.txt", "/docs/photos"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", containsString("filename=\"docs.zip\"")))
                .andReturn().getResponse().getContentAsByteArray();

        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrder("보고서.txt", "photos/2026/바다.jpg", "photos/notes.txt",
                "photos/empty/");
        assertThat(entries.get("photos/2026/바다.jpg")).isEqualTo(photo);
        assertThat(new String(entries.get("보고서.txt"), StandardCharsets.UTF_8)).isEqualTo("분기 보고서");
        AuditEvent event = audit.search(new AuditQuery(server.username, FtpActions.SELECTION_DOWNLOADED, null, null,
                null, 0, 10)).events().getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.detail()).containsEntry("path", "/docs")
                .containsEntry("names", List.of("보고서.txt", "photos"));
    }

    @Test
    void aChoicePosternRefusesIsABadRequestPageThatNeverReachesTheServer() throws Exception {
        server.put("docs/keep.txt", "keep".getBytes(StandardCharsets.UTF_8));
        String[] tooMany = Collections.nCopies(FileTransfers.MAX_ZIP_SELECTION + 1, "/docs/keep.txt")
                .toArray(String[]::new);
        Map<MockHttpServletRequestBuilder, String> refused = new LinkedHashMap<>();
        refused.put(zip("/docs"), "Tick an entry in the list first.");
        refused.put(zip("/docs", tooMany), "Tick at most 1,000 entries to download as one ZIP.");
        refused.put(zip("/docs", "/docs/a\r\nDELE /docs/keep.txt"), "line breaks");
        refused.put(zip("/docs", "/docs/keep.txt\u0000"), "line breaks");
        refused.put(zip("/docs", "/docs/keep\t.txt"), "line breaks");
        refused.put(zip("/docs", "/docs/../../etc/passwd"), "leads out of the folders");
        refused.put(zip("/", "/../etc"), "leads out of the folders");
        refused.put(zip("/docs/../..", "/etc"), "leads out of the folders");
        refused.put(zip("/docs", "/docs/keep.txt", "/elsewhere/secret.txt"), "must be in the folder shown");
        refused.put(zip("/docs", "/docs/../keep.txt"), "must be in the folder shown");
        refused.put(zip("/", "/"), "top folder");

        for (Map.Entry<MockHttpServletRequestBuilder, String> request : refused.entrySet()) {
            MockHttpServletResponse response = mvc.perform(request.getKey()).andReturn().getResponse();
            assertThat(response.getStatus()).as(request.getValue()).isEqualTo(400);
            assertThat(response.getHeader("Content-Disposition")).as(request.getValue()).isNull();
            assertThat(response.getContentAsString()).contains(request.getValue());
        }
        mvc.perform(post(base + "/zip").cookie(session).param("dir", "/docs").param("path", "/docs/keep.txt"))
                .andExpect(status().isForbidden());

        assertThat(server.connectionsMade()).isZero();
        assertThat(audit.search(new AuditQuery(server.username, FtpActions.SELECTION_DOWNLOADED, null, null, null, 0,
                10)).events()).isEmpty();
    }
}
