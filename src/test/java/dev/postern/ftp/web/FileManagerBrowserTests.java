package dev.postern.ftp.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.upstream.Connections;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file manager in a real browser, against an in-process Apache FtpServer: browsing and breadcrumbs, an upload
 * with its progress bars, the download of what was uploaded (whole and a range), rename and copy through the form over
 * the ticked rows and through a row's menu, deletes of one and of several entries, a recursive folder delete with its
 * confirmation, and the filter.
 */
@PosternBrowserTest
@Tag("system")
@Timeout(180)
class FileManagerBrowserTests {

    @RegisterExtension
    static Browser browser = Browser.english();

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    @TempDir
    Path local;

    TestFileServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestFileServer(policy, accounts, connections, "files");
        server.put("docs/report.txt", "the quarterly report".getBytes(StandardCharsets.UTF_8));
        server.put("docs/2026/deep.txt", "deep".getBytes(StandardCharsets.UTF_8));
        server.put("old/inner/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        server.put("old/y.txt", "y".getBytes(StandardCharsets.UTF_8));
        server.put("keep.txt", "keep me".getBytes(StandardCharsets.UTF_8));
        server.put("alpha.log", "a".getBytes(StandardCharsets.UTF_8));
        server.put("beta.log", "b".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    static By row(String name) {
        return By.cssSelector("#entries tbody tr[data-name='" + name + "']");
    }

    static By open(String name) {
        return By.cssSelector("#entries tbody tr[data-name='" + name + "'] td.name a.open");
    }

    static By tick(String name) {
        return By.cssSelector("#entries tbody tr[data-name='" + name + "'] td.pick input[type=checkbox]");
    }

    static By inMenu(String name, String selector) {
        return By.cssSelector("#entries tbody tr[data-name='" + name + "'] .entry-menu " + selector);
    }

    boolean enabled(String id) {
        return browser.visible(By.id(id)).isEnabled();
    }

    List<String> shownNames() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) browser.script("return [...document.querySelectorAll("
                + "'#entries tbody tr.entry')].filter(r => !r.hidden).map(r => r.dataset.name)");
        return names;
    }

    List<String> crumbs() {
        return browser.texts(By.cssSelector("#breadcrumbs li"));
    }

    @Test
    void browsesIntoAFolderAndBackThroughTheBreadcrumbs() {
        server.signInAndOpen(browser);
        assertThat(browser.path()).isEqualTo(server.path());
        assertThat(browser.heading()).isEqualTo(TestFileServer.CONNECTION_NAME);
        // Folders first, then files, by name.
        assertThat(shownNames()).containsExactly("docs", "old", "alpha.log", "beta.log", "keep.txt");

        browser.follow(open("docs"));
        assertThat(browser.heading()).isEqualTo("docs");
        assertThat(browser.query()).contains("path=/docs");
        assertThat(shownNames()).containsExactly("2026", "report.txt");
        assertThat(browser.text(By.cssSelector("#entries tbody tr[data-name='report.txt'] td.type")))
                .isEqualTo(browser.message("files.type.FILE"));
        assertThat(browser.text(By.cssSelector("#entries tbody tr[data-name='2026'] td.type")))
                .isEqualTo(browser.message("files.type.DIRECTORY"));

        browser.follow(open("2026"));
        assertThat(browser.heading()).isEqualTo("2026");
        assertThat(crumbs()).containsExactly(TestFileServer.CONNECTION_NAME, "docs", "2026");
        assertThat(shownNames()).containsExactly("deep.txt");

        browser.follow(By.xpath("//nav[@id='breadcrumbs']//a[normalize-space()='docs']"));
        assertThat(browser.heading()).isEqualTo("docs");
        assertThat(crumbs()).containsExactly(TestFileServer.CONNECTION_NAME, "docs");

        browser.follow(By.xpath("//nav[@id='breadcrumbs']//a[normalize-space()='" + TestFileServer.CONNECTION_NAME
                + "']"));
        assertThat(browser.heading()).isEqualTo(TestFileServer.CONNECTION_NAME);
        assertThat(browser.present(By.id("folder-up"))).isFalse();
    }

    @Test
    void uploadsAFileWithProgressAndDownloadsTheSameBytes() throws Exception {
        byte[] content = new byte[24 * 1024 * 1024];
        new Random(42).nextBytes(content);
        Path file = Files.write(local.resolve("큰 파일.bin"), content);
        server.signInAndOpen(browser);
        browser.follow(open("docs"));
        // Every value the progress bars take, as the page sets them.
        browser.script("""
                window.__progress = [];
                new MutationObserver((changes) => changes.forEach((c) => {
                  if (c.target.tagName === 'PROGRESS') {
                    window.__progress.push([c.target.id, Number(c.target.value), Number(c.target.max)]);
                  }
                })).observe(document.getElementById('upload-panel'),
                  { attributes: true, subtree: true, attributeFilter: ['value', 'max'] });""");

        browser.chooseFile("upload-files", file);

        assertThat(browser.visible(By.id("upload-panel")).isDisplayed()).isTrue();
        browser.waitUntil(Duration.ofSeconds(60), d -> browser.present(By.cssSelector("#upload-list li.done")));
        @SuppressWarnings("unchecked")
        List<List<Number>> seen = (List<List<Number>>) browser.script("return window.__progress");
        assertThat(seen).as("a progress bar between empty and full")
                .anySatisfy(v -> assertThat(v.get(1).doubleValue()).isPositive()
                        .isLessThanOrEqualTo(v.get(2).doubleValue()));
        assertThat(browser.script("const p = document.getElementById('upload-overall'); return p.value === p.max"))
                .isEqualTo(true);
        assertThat(browser.text(By.id("upload-summary"))).contains(browser.message("files.upload.allDone"));
        assertThat(Files.readAllBytes(server.home.resolve("docs/큰 파일.bin"))).isEqualTo(content);

        // The listing is loaded again in place, with the new file.
        browser.waitUntil(d -> browser.present(row("큰 파일.bin")));
        String href = browser.visible(By.cssSelector("#entries tbody tr[data-name='큰 파일.bin'] td.name a.open"))
                .getDomAttribute("href");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(browser.script("""
                return fetch(arguments[0], { credentials: 'same-origin' })
                  .then((r) => r.arrayBuffer())
                  .then((b) => crypto.subtle.digest('SHA-256', b))
                  .then((h) => [...new Uint8Array(h)].map((x) => x.toString(16).padStart(2, '0')).join(''))""", href))
                .isEqualTo(sha256);
        @SuppressWarnings("unchecked")
        Map<String, Object> part = (Map<String, Object>) browser.script("""
                return fetch(arguments[0], { credentials: 'same-origin', headers: { Range: 'bytes=1000-1009' } })
                  .then(async (r) => ({ status: r.status, range: r.headers.get('Content-Range'),
                                        bytes: [...new Uint8Array(await r.arrayBuffer())] }))""", href);
        assertThat(part).containsEntry("status", 206L)
                .containsEntry("range", "bytes 1000-1009/" + content.length);
        List<Long> expected = new java.util.ArrayList<>();
        for (int i = 1000; i < 1010; i++) {
            expected.add((long) (content[i] & 0xff));
        }
        assertThat(part.get("bytes")).isEqualTo(expected);
    }

    @Test
    void renamesAFileTickedInTheList() {
        server.signInAndOpen(browser);
        browser.follow(By.cssSelector("#entries thead th.size a.sort"));
        browser.follow(By.cssSelector("#entries thead th.size a.sort"));
        assertThat(browser.query()).contains("sort=size", "order=desc");
        assertThat(enabled("rename-selected")).isFalse();
        browser.click(tick("keep.txt"));
        assertThat(browser.text(By.id("selection-count"))).isEqualTo(browser.message("files.selection.count", 1));
        assertThat(browser.value("selection-to")).isEqualTo("keep.txt");
        assertThat(enabled("rename-selected")).isTrue();
        assertThat(enabled("copy-selected")).isTrue();
        assertThat(enabled("delete-folders-selected")).isFalse();
        browser.fill("selection-to", "kept.txt");
        browser.follow(By.id("rename-selected"));

        assertThat(browser.notice()).isEqualTo(browser.message("files.renamed", "/kept.txt"));
        // Back in the folder, sorted as before: biggest file first.
        assertThat(browser.query()).contains("sort=size", "order=desc");
        assertThat(shownNames()).containsExactly("old", "docs", "kept.txt", "beta.log", "alpha.log");
        assertThat(server.home.resolve("kept.txt")).hasContent("keep me");
        assertThat(server.home.resolve("keep.txt")).doesNotExist();
    }

    @Test
    void copiesAFileFromItsRowMenu() {
        server.signInAndOpen(browser);
        browser.click(tick("beta.log"));
        browser.click(By.cssSelector("#entries tbody tr[data-name='beta.log'] button.more"));
        assertThat(browser.texts(inMenu("beta.log", ":is(a, button)"))).containsExactly(browser.message("files.download"),
                browser.message("files.rename"), browser.message("files.copy"), browser.message("files.delete.file"));
        browser.click(inMenu("beta.log", "button.copy"));
        assertThat(browser.present(By.cssSelector(".entry-menu"))).isFalse();
        assertThat(browser.value("selection-to")).isEqualTo(browser.message("files.copy.defaultName", "beta.log"));
        browser.follow(By.id("copy-selected"));

        assertThat(browser.notice()).isEqualTo(browser.message("files.copied", "/Copy of beta.log"));
        assertThat(server.home.resolve("Copy of beta.log")).hasContent("b");
    }

    @Test
    void deletesAFileAfterAskingOnce() {
        server.signInAndOpen(browser);
        browser.click(tick("alpha.log"));
        browser.click(By.cssSelector("#entries tbody tr[data-name='alpha.log'] button.more"));
        browser.click(inMenu("alpha.log", "button.delete"));
        browser.waitUntil(d -> browser.script("return document.getElementById('confirm-dialog').open"));
        assertThat(browser.text(By.id("confirm-text"))).isEqualTo(browser.message("files.delete.fileWarning", "alpha.log"));

        browser.follow(By.id("confirm-ok"));
        assertThat(browser.notice()).isEqualTo(browser.message("files.deleted", "alpha.log"));
        assertThat(shownNames()).doesNotContain("alpha.log");
        assertThat(server.home.resolve("alpha.log")).doesNotExist();
    }

    @Test
    void deletesSeveralTickedFilesAtOnce() {
        server.signInAndOpen(browser);
        browser.click(tick("alpha.log"));
        browser.click(tick("beta.log"));
        assertThat(enabled("rename-selected")).isFalse();
        browser.click(By.id("delete-selected"));
        browser.waitUntil(d -> browser.script("return document.getElementById('confirm-dialog').open"));
        assertThat(browser.text(By.id("confirm-text"))).isEqualTo(browser.message("files.delete.manyWarning", 2));
        browser.follow(By.id("confirm-ok"));
        assertThat(browser.notice()).isEqualTo(browser.message("files.deletedMany", 2));
        assertThat(shownNames()).containsExactly("docs", "old", "keep.txt");
    }

    @Test
    void deletesAFolderAndEverythingInItOnlyAfterAConfirmationThatSaysSo() {
        server.signInAndOpen(browser);
        browser.click(tick("old"));
        assertThat(enabled("delete-selected")).isFalse();
        assertThat(browser.text(By.id("delete-folders-selected"))).isEqualTo(browser.message("files.delete.folders"));
        browser.click(By.id("delete-folders-selected"));
        browser.waitUntil(d -> browser.script("return document.getElementById('confirm-dialog').open"));
        assertThat(browser.text(By.id("confirm-text"))).isEqualTo(browser.message("files.delete.folderWarning", "old"))
                .contains("everything in it");

        // Cancelling keeps the folder.
        browser.click(By.id("confirm-cancel"));
        browser.waitUntil(d -> Boolean.FALSE.equals(browser.script("return document.getElementById('confirm-dialog').open")));
        assertThat(server.home.resolve("old/inner/x.txt")).exists();

        browser.click(By.id("delete-folders-selected"));
        browser.waitUntil(d -> browser.script("return document.getElementById('confirm-dialog').open"));
        browser.follow(By.id("confirm-ok"));
        assertThat(browser.notice()).isEqualTo(browser.message("files.folderDeleted", "old"));
        assertThat(shownNames()).doesNotContain("old");
        assertThat(server.home.resolve("old")).doesNotExist();
    }

    @Test
    void downloadsTwoTickedEntriesAsOneZip() throws Exception {
        server.put("old/보고서.txt", "분기 보고서".getBytes(StandardCharsets.UTF_8));
        server.signInAndOpen(browser);
        assertThat(enabled("zip-selected")).isFalse();
        browser.click(tick("old"));
        browser.click(tick("keep.txt"));
        assertThat(enabled("zip-selected")).isTrue();

        browser.click(By.id("zip-selected"));

        Path zip = browser.downloaded(TestFileServer.CONNECTION_NAME + ".zip", Duration.ofSeconds(30));
        Map<String, String> entries = new java.util.TreeMap<>();
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(file.entries())) {
                entries.put(entry.getName(), new String(file.getInputStream(entry).readAllBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactly(Map.entry("keep.txt", "keep me"), Map.entry("old/inner/x.txt", "x"),
                Map.entry("old/y.txt", "y"), Map.entry("old/보고서.txt", "분기 보고서"));
        // The page stays as it was, the two rows still ticked.
        assertThat(browser.path()).isEqualTo(server.path());
        assertThat(browser.text(By.id("selection-count"))).isEqualTo(browser.message("files.selection.count", 2));
    }

    @Test
    void aZipOfTooManyOrBadNamesIsRefusedWithPosternsOwnWordsByTheRealServer() {
        browser.expectConsoleError("/zip - Failed to load resource: the server responded with a status of 400");
        server.signInAndOpen(browser);
        browser.click(tick("keep.txt"));
        // The page's own form, its CSRF token included, posted as the ZIP button posts it, with other paths ticked.
        String post = """
                const form = document.getElementById('selection-form');
                const data = new FormData(form);
                data.delete('path');
                arguments[0].forEach((p) => data.append('path', p));
                return fetch(document.getElementById('zip-selected').formAction,
                    { method: 'POST', body: new URLSearchParams(data), credentials: 'same-origin' })
                  .then(async (r) => ({ status: r.status, type: r.headers.get('Content-Type'), text: await r.text() }))""";

        @SuppressWarnings("unchecked")
        Map<String, Object> tooMany = (Map<String, Object>) browser.script(post,
                java.util.Collections.nCopies(1001, "/keep.txt"));
        assertThat(tooMany.get("status")).isEqualTo(400L);
        assertThat((String) tooMany.get("text")).contains(browser.message("files.selection.tooMany", 1000));

        for (String bad : List.of("/keep.txt\u0000", "/a\r\nDELE /keep.txt", "/../etc/passwd")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> refused = (Map<String, Object>) browser.script(post, List.of(bad));
            assertThat(refused.get("status")).as(bad).isEqualTo(400L);
            assertThat((String) refused.get("type")).as(bad).startsWith("text/html");
        }
        assertThat(server.home.resolve("keep.txt")).exists();
    }

    @Test
    void theFilterHidesRowsThatDoNotMatch() {
        server.signInAndOpen(browser);
        browser.type("filter", "LOG");
        browser.waitUntil(d -> shownNames().equals(List.of("alpha.log", "beta.log")));
        assertThat(browser.text(By.id("filter-count"))).isEqualTo(browser.message("files.filter.shown", 2, 5));

        browser.fill("filter", "no such name");
        browser.waitUntil(d -> shownNames().isEmpty());
        assertThat(browser.text(By.id("filter-none"))).isEqualTo(browser.message("files.filter.none"));

        browser.fill("filter", "");
        browser.type("filter", " ");
        browser.waitUntil(d -> shownNames().size() == 5);
    }
}
