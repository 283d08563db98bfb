package dev.postern.ftp.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.postern.account.AccountManagement;
import dev.postern.ftp.ByteRange;
import dev.postern.ftp.DeleteReport;
import dev.postern.ftp.DownloadTarget;
import dev.postern.ftp.EntryType;
import dev.postern.ftp.FileExists;
import dev.postern.ftp.FileTransfers;
import dev.postern.ftp.FtpContext;
import dev.postern.ftp.FtpUnavailable;
import dev.postern.ftp.InvalidPath;
import dev.postern.ftp.Listing;
import dev.postern.ftp.RangeNotSatisfiable;
import dev.postern.ftp.RemoteEntry;
import dev.postern.ftp.TransferType;
import dev.postern.ftp.UploadRequest;
import dev.postern.ftp.UploadResult;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamStatus;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The file manager's pages, downloads and upload API over MockMvc, with the FTP facade replaced by a mock. */
@PosternIntegrationTest
class FileManagerPagesIntegrationTests {

    static final byte[] CONTENT = "0123456789".getBytes(StandardCharsets.US_ASCII);
    static final Instant MODIFIED = Instant.parse("2026-03-04T05:06:07Z");
    static final String MODIFIED_HTTP = "Wed, 04 Mar 2026 05:06:07 GMT";

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountManagement accounts;

    @MockitoBean
    FileTransfers files;

    UUID id;
    Cookie session;
    String base;

    @BeforeEach
    void signInWithAConnection() throws Exception {
        String name = TestUsers.create(accounts, "filepages");
        session = signIn(mvc, name, TestUsers.PASSWORD);
        id = UUID.randomUUID();
        base = "/files/" + id;
        ConnectionProfile profile = new ConnectionProfile(id, ConnectionKind.FTP, "Team files", "127.0.0.1", 21,
                Security.NONE, "files", true, 1L, false, new ConnectionOptions.Ftp(true, "UTF-8"), Instant.now());
        when(files.connection(any())).thenReturn(profile);
        when(files.connections(any())).thenReturn(List.of(profile));
    }

    static RemoteEntry file(String path, long size) {
        return new RemoteEntry(RemotePaths.name(path), path, EntryType.FILE, size, MODIFIED, "rw-r--r--", null, "raw");
    }

    static RemoteEntry folder(String path) {
        return new RemoteEntry(RemotePaths.name(path), path, EntryType.DIRECTORY, -1, MODIFIED, "rwxr-xr-x", null, "raw");
    }

    /** The mock serves CONTENT as the file at the path, honouring the range as the real facade does. */
    void serve(String path) {
        RemoteEntry entry = file(path, CONTENT.length);
        when(files.find(any(), eq(path))).thenReturn(Optional.of(entry));
        doAnswer(invocation -> {
            ByteRange range = invocation.getArgument(3);
            DownloadTarget target = invocation.getArgument(4);
            long from = range == null ? 0 : range.first();
            if (from >= CONTENT.length) {
                throw new RangeNotSatisfiable(CONTENT.length);
            }
            long to = range == null || range.last() == null ? CONTENT.length - 1
                    : Math.min(range.last(), CONTENT.length - 1);
            OutputStream out = target.begin(entry, from, to - from + 1);
            out.write(CONTENT, (int) from, (int) (to - from + 1));
            return null;
        }).when(files).download(any(), eq(path), any(), any(), any());
    }

    ByteRange rangeAsked(String path) {
        ArgumentCaptor<ByteRange> range = ArgumentCaptor.forClass(ByteRange.class);
        verify(files).download(any(), eq(path), eq(TransferType.BINARY), range.capture(), any());
        return range.getValue();
    }

    // Listing and pages

    @Test
    void theOnlyConnectionOpensAtOnceAndTheFolderListsFoldersFirstWithBreadcrumbs() throws Exception {
        mvc.perform(get("/files").cookie(session)).andExpect(redirectedUrl(base));
        RemoteEntry other = new RemoteEntry("?strange line?", null, EntryType.OTHER, -1, null, null, null,
                "?strange line?");
        when(files.list(any(), eq("/docs/2026"))).thenReturn(new Listing("/docs/2026", List.of(
                file("/docs/2026/b.txt", 2048), folder("/docs/2026/zeta"), file("/docs/2026/a.txt", 5_000_000), other),
                true));

        MvcResult page = mvc.perform(get(base).param("path", "/docs/2026").param("sort", "size").param("order", "desc")
                        .cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-name=\"zeta\"")))
                .andExpect(content().string(containsString("<code>?strange line?</code>")))
                .andExpect(content().string(containsString("title=\"5,000,000 bytes\"")))
                .andExpect(content().string(containsString("4.8 MB")))
                .andExpect(content().string(containsString("datetime=\"2026-03-04T05:06:07Z\"")))
                .andReturn();
        String html = page.getResponse().getContentAsString();
        assertThat(html.indexOf("data-name=\"zeta\"")).isLessThan(html.indexOf("data-name=\"a.txt\""));
        assertThat(html.indexOf("data-name=\"a.txt\"")).isLessThan(html.indexOf("data-name=\"b.txt\""));
        // Breadcrumbs: the root is shown as the connection's name, the current folder is not a link.
        assertThat(html).contains(">Team files</a>").contains("path=/docs&amp;sort=size&amp;order=desc")
                .contains("aria-current=\"page\">2026</span>");
        assertThat(html).contains("href=\"/files/" + id + "/download?path=/docs/2026/a.txt\"");
        assertThat(html).contains("href=\"/files/" + id + "?path=/docs/2026/zeta&amp;sort=size&amp;order=desc\"");
        assertThat(html).contains("<input type=\"checkbox\" form=\"selection-form\" name=\"path\" value=\"/docs/2026/a.txt\"");
    }

    @Test
    void rowsCarryOneCheckboxAndTheActionsAreOnThePageOnce() throws Exception {
        List<RemoteEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(file("/big/file-" + i + ".txt", i));
            entries.add(folder("/big/dir-" + i));
        }
        entries.add(file("/big/<b>\"'&1.txt", 1));
        when(files.list(any(), eq("/big"))).thenReturn(new Listing("/big", entries, true));
        String html = mvc.perform(get(base).param("path", "/big").cookie(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html.split("<tr class=\"entry ", -1)).hasSize(1002);
        assertThat(html.split("name=\"path\"", -1)).hasSize(1002);
        // Names are escaped in text, attributes and links alike.
        assertThat(html).doesNotContain("<b>\"").contains("data-name=\"&lt;b&gt;&quot;&#39;&amp;1.txt\"")
                .contains("/download?path=/big/%3Cb%3E%22&#39;%261.txt\"");
        // The new-folder form, the selection form and the layout's sign-out: not one form per row.
        assertThat(html.split("<form", -1).length - 1).isLessThan(8);
        assertThat(html.split("name=\"_csrf\"", -1).length - 1).isLessThan(8);
        assertThat(html).contains("formaction=\"/files/" + id + "/rename\"", "formaction=\"/files/" + id + "/copy\"",
                "formaction=\"/files/" + id + "/zip\"", "name=\"folder\" value=\"true\"");
        assertThat(html).contains("title=\"499 bytes\"", "<td class=\"type\">Folder</td>", "<td class=\"type\">File</td>");
    }

    @Test
    void aServerThatSaysNoIsShownWithItsOwnWords() throws Exception {
        when(files.list(any(), eq("/secret"))).thenThrow(
                new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "550 Permission denied", null));
        mvc.perform(get(base).param("path", "/secret").cookie(session))
                .andExpect(status().isBadGateway())
                .andExpect(content().string(containsString("550 Permission denied")))
                .andExpect(content().string(containsString("the server refused the request.")));

        doThrow(new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "550 Permission denied", null))
                .when(files).rename(any(), eq("/docs/a.txt"), eq("/docs/b.txt"));
        MvcResult result = mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("path", "/docs/a.txt")
                        .param("to", "b.txt"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("errorDetail", "550 Permission denied"))
                .andReturn();
        when(files.list(any(), eq("/docs"))).thenReturn(new Listing("/docs", List.of(file("/docs/a.txt", 1)), true));
        // The folder page after the redirect, with the session (and its flash attributes) as the browser has it.
        mvc.perform(get(result.getResponse().getRedirectedUrl()).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Could not rename or move a.txt: the server refused the request.")))
                .andExpect(content().string(containsString("550 Permission denied")));
    }

    @Test
    void formActionsComeBackToTheFolderWithANotice() throws Exception {
        mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("path", "/docs/a.txt")
                        .param("to", "/archive/a.txt"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("notice", "files.renamed"));
        verify(files).rename(any(), eq("/docs/a.txt"), eq("/archive/a.txt"));

        mvc.perform(post(base + "/copy").cookie(session).with(csrf()).param("path", "/docs/a.txt").param("to", "c.txt"))
                .andExpect(flash().attribute("notice", "files.copied"));
        verify(files).copy(any(), eq("/docs/a.txt"), eq("/docs/c.txt"));

        when(files.createFolder(any(), eq("/docs"), eq("new"))).thenReturn("/docs/new");
        mvc.perform(post(base + "/folders").cookie(session).with(csrf()).param("parent", "/docs").param("name", "new"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("notice", "files.folderCreated"));

        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("path", "/docs/a.txt"))
                .andExpect(flash().attribute("notice", "files.deleted"));
        verify(files).delete(any(), eq("/docs/a.txt"));
        verify(files, never()).deleteFolder(any(), anyString());

        when(files.deleteFolder(any(), eq("/docs/old"))).thenReturn(new DeleteReport("/docs/old", 3, List.of()));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("path", "/docs/old").param("folder", "true"))
                .andExpect(flash().attribute("notice", "files.folderDeleted"));
    }

    @Test
    void aFormActionComesBackToTheFolderSortedAsThePageShowedIt() throws Exception {
        when(files.list(any(), eq("/docs"))).thenReturn(new Listing("/docs", List.of(file("/docs/a.txt", 1)), true));
        String html = mvc.perform(get(base).param("path", "/docs").param("sort", "modified").param("order", "desc")
                        .cookie(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // Both forms (new folder; rename, copy and delete) carry the order the page shows.
        assertThat(html.split("<input type=\"hidden\" name=\"sort\" value=\"modified\">", -1)).hasSize(3);
        assertThat(html.split("<input type=\"hidden\" name=\"order\" value=\"desc\">", -1)).hasSize(3);
        String sorted = base + "?path=/docs&sort=modified&order=desc";

        mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt").param("to", "b.txt").param("sort", "modified").param("order", "desc"))
                .andExpect(redirectedUrl(sorted))
                .andExpect(flash().attribute("notice", "files.renamed"));
        mvc.perform(post(base + "/copy").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt").param("to", "c.txt").param("sort", "modified").param("order", "desc"))
                .andExpect(redirectedUrl(sorted));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt").param("sort", "modified").param("order", "desc"))
                .andExpect(redirectedUrl(sorted));
        when(files.createFolder(any(), eq("/docs"), eq("new"))).thenReturn("/docs/new");
        mvc.perform(post(base + "/folders").cookie(session).with(csrf()).param("parent", "/docs").param("name", "new")
                        .param("sort", "modified").param("order", "desc"))
                .andExpect(redirectedUrl(sorted));
        // A refusal (nothing ticked) and a failure come back in the same order.
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("sort", "size").param("order", "asc"))
                .andExpect(redirectedUrl(base + "?path=/docs&sort=size&order=asc"))
                .andExpect(flash().attribute("error", "Tick an entry in the list first."));
        doThrow(new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "550 Permission denied", null))
                .when(files).delete(any(), eq("/docs/locked.txt"));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/locked.txt").param("sort", "modified").param("order", "desc"))
                .andExpect(redirectedUrl(sorted))
                .andExpect(flash().attribute("errorDetail", "550 Permission denied"));
        // The default order, or one Postern does not know, leaves the address short.
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt").param("sort", "name").param("order", "asc"))
                .andExpect(redirectedUrl(base + "?path=/docs"));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt").param("sort", "owner&x=1").param("order", "sideways"))
                .andExpect(redirectedUrl(base + "?path=/docs"));
    }

    @Test
    void theSelectionFormActsOnEveryTickedEntryAndSaysWhenTheChoiceDoesNotFit() throws Exception {
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt", "/docs/b.txt", "/docs/c.txt"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("notice", "files.deletedMany"))
                .andExpect(flash().attribute("noticeArgument", 3));
        verify(files).delete(any(), eq("/docs/a.txt"));
        verify(files).delete(any(), eq("/docs/c.txt"));

        when(files.deleteFolder(any(), eq("/docs/x"))).thenReturn(new DeleteReport("/docs/x", 2, List.of()));
        when(files.deleteFolder(any(), eq("/docs/y"))).thenReturn(new DeleteReport("/docs/y", 1,
                List.of(new DeleteReport.Failure("/docs/y/locked", "550 Permission denied"))));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs").param("folder", "true")
                        .param("path", "/docs/x", "/docs/y"))
                .andExpect(flash().attribute("error", "The 2 folders were only partly deleted: 3 entries went, 1 could "
                        + "not be deleted."));

        // The first refusal stops the rest and names the entry.
        doThrow(new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "550 Is a folder", null))
                .when(files).delete(any(), eq("/docs/sub"));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/sub", "/docs/z.txt"))
                .andExpect(flash().attribute("error", containsString("Could not delete sub:")))
                .andExpect(flash().attribute("errorDetail", "550 Is a folder"));
        verify(files, never()).delete(any(), eq("/docs/z.txt"));

        mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("dir", "/docs").param("to", "x"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("error", "Tick an entry in the list first."));
        mvc.perform(post(base + "/copy").cookie(session).with(csrf()).param("dir", "/docs").param("to", "x")
                        .param("path", "/docs/a.txt", "/docs/b.txt"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("error", "Tick exactly one entry to rename, move or copy."));
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs"))
                .andExpect(redirectedUrl(base + "?path=/docs"))
                .andExpect(flash().attribute("error", "Tick an entry in the list first."));
        mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a.txt").param("to", " "))
                .andExpect(flash().attribute("error", containsString("The name is empty.")));
        verify(files, never()).rename(any(), any(), any());
        verify(files, never()).copy(any(), any(), any());
    }

    @Test
    void oneTickedNameWithACommaOrOuterSpacesIsThatOneEntryAsItIs() throws Exception {
        // Bound as a List, one value would be split at its commas and trimmed: two other entries, or another name.
        mvc.perform(post(base + "/delete").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/a, b.txt "))
                .andExpect(flash().attribute("notice", "files.deleted"));
        verify(files).delete(any(), eq("/docs/a, b.txt "));
        verify(files, never()).delete(any(), eq("/docs/a"));
        verify(files, never()).delete(any(), eq("/b.txt"));

        mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/x,y.txt").param("to", "z.txt"))
                .andExpect(flash().attribute("notice", "files.renamed"));
        verify(files).rename(any(), eq("/docs/x,y.txt"), eq("/docs/z.txt"));
        mvc.perform(post(base + "/copy").cookie(session).with(csrf()).param("dir", "/docs")
                        .param("path", "/docs/x,y.txt").param("to", "w.txt"))
                .andExpect(flash().attribute("notice", "files.copied"));
        verify(files).copy(any(), eq("/docs/x,y.txt"), eq("/docs/w.txt"));

        mvc.perform(post(base + "/zip").cookie(session).with(csrf()).param("dir", "/docs").param("path", "/docs/a,b\t"))
                .andExpect(status().isOk());
        verify(files).downloadSelection(any(), eq("/docs"), eq(List.of("/docs/a,b\t")), any());
    }

    @Test
    void aRefusedNameOrAnExistingNameIsShownOnTheFolder() throws Exception {
        doThrow(new InvalidPath("files.path.control", "CR in name")).when(files).rename(any(), any(), any());
        mvc.perform(post(base + "/rename").cookie(session).with(csrf()).param("path", "/a.txt").param("to", "b\r\nDELE x"))
                .andExpect(redirectedUrl(base + "?path=/"))
                .andExpect(flash().attribute("error", containsString("line breaks")));
        doThrow(new FileExists("/b.txt")).when(files).copy(any(), any(), any());
        mvc.perform(post(base + "/copy").cookie(session).with(csrf()).param("path", "/a.txt").param("to", "b.txt"))
                .andExpect(flash().attribute("error", containsString("/b.txt already exists.")));
        when(files.list(any(), eq("/../etc"))).thenThrow(new InvalidPath("files.path.outside", "dot dot"));
        mvc.perform(get(base).param("path", "/../etc").cookie(session))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The path leads out of the folders")));
        // A key the bundle does not know still reads as a refusal.
        when(files.list(any(), eq("/odd"))).thenThrow(new InvalidPath("files.path.somethingNew", "odd"));
        mvc.perform(get(base).param("path", "/odd").cookie(session))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The name or path is not allowed.")));
    }

    // Downloads

    @Test
    void aWholeDownloadSaysItsLengthAndThatRangesAreAccepted() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Accept-Ranges", "bytes"))
                .andExpect(header().longValue("Content-Length", 10))
                .andExpect(header().doesNotExist("Content-Range"))
                .andExpect(header().string("Last-Modified", MODIFIED_HTTP))
                .andExpect(header().string("Content-Type", "application/octet-stream"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().bytes(CONTENT));
        assertThat(rangeAsked("/a.bin")).isNull();
    }

    @Test
    void downloadResumesFromRangeOffset() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=2-5").cookie(session))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 2-5/10"))
                .andExpect(header().longValue("Content-Length", 4))
                .andExpect(header().string("Accept-Ranges", "bytes"))
                .andExpect(content().string("2345"));
        assertThat(rangeAsked("/a.bin")).isEqualTo(new ByteRange(2, 5L));
    }

    @Test
    void anOpenRangeRunsToTheEnd() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=7-").cookie(session))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 7-9/10"))
                .andExpect(header().longValue("Content-Length", 3))
                .andExpect(content().string("789"));
        assertThat(rangeAsked("/a.bin")).isEqualTo(new ByteRange(7, null));
    }

    @Test
    void aSuffixRangeIsPlacedByTheFileSize() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=-3").cookie(session))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 7-9/10"))
                .andExpect(header().longValue("Content-Length", 3))
                .andExpect(content().string("789"));
        assertThat(rangeAsked("/a.bin")).isEqualTo(new ByteRange(7, null));
    }

    @Test
    void aRangePastTheEndIsNotSatisfiable() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=20-").cookie(session))
                .andExpect(status().isRequestedRangeNotSatisfiable())
                .andExpect(header().string("Content-Range", "bytes */10"))
                .andExpect(header().doesNotExist("Content-Disposition"));
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=-0").cookie(session))
                .andExpect(status().isRequestedRangeNotSatisfiable())
                .andExpect(header().string("Content-Range", "bytes */10"));
    }

    @Test
    void severalRangesOrAMalformedRangeGetTheWholeFile() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=0-1,4-5").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Content-Range"))
                .andExpect(content().bytes(CONTENT));
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=5-2").cookie(session))
                .andExpect(status().isOk());
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "lines=1-2").cookie(session))
                .andExpect(status().isOk());
    }

    @Test
    void ifRangeSendsTheRangeOnlyWhenTheFileIsUnchanged() throws Exception {
        serve("/a.bin");
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=5-")
                        .header("If-Range", MODIFIED_HTTP).cookie(session))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 5-9/10"))
                .andExpect(content().string("56789"));
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=5-")
                        .header("If-Range", "Tue, 03 Mar 2026 05:06:07 GMT").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Content-Range"))
                .andExpect(header().longValue("Content-Length", 10))
                .andExpect(content().bytes(CONTENT));
        mvc.perform(get(base + "/download").param("path", "/a.bin").header("Range", "bytes=5-")
                        .header("If-Range", "\"some-etag\"").cookie(session))
                .andExpect(status().isOk());
    }

    @Test
    void aKoreanFileNameIsGivenAsciiAndUtf8() throws Exception {
        serve("/입금내역.txt");
        mvc.perform(get(base + "/download").param("path", "/입금내역.txt").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"____.txt\"; filename*=UTF-8''%EC%9E%85%EA%B8%88%EB%82%B4%EC%97%AD.txt"))
                .andExpect(header().string("Content-Type", containsString("text/plain")));
        assertThat(FileDownloads.attachment("a \"quoted\" name.pdf"))
                .isEqualTo("attachment; filename=\"a _quoted_ name.pdf\"; filename*=UTF-8''a%20%22quoted%22%20name.pdf");
        assertThat(FileDownloads.contentType("page.html")).isEqualTo("application/octet-stream");
        assertThat(FileDownloads.contentType("drawing.svg")).isEqualTo("application/octet-stream");
    }

    @Test
    void aFailureBeforeTheServerAgreedIsAPageAndTheBadTypeABadRequest() throws Exception {
        doThrow(new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "550 No such file", null))
                .when(files).download(any(), eq("/gone.txt"), any(), any(), any());
        mvc.perform(get(base + "/download").param("path", "/gone.txt").cookie(session))
                .andExpect(status().isBadGateway())
                .andExpect(header().doesNotExist("Content-Disposition"))
                .andExpect(content().string(containsString("550 No such file")));
        mvc.perform(get(base + "/download").param("path", "/a.txt").param("type", "ebcdic").cookie(session))
                .andExpect(status().isBadRequest());
    }

    @Test
    void anAsciiDownloadIsAlwaysWhole() throws Exception {
        serve("/notes.txt");
        mvc.perform(get(base + "/download").param("path", "/notes.txt").param("type", "ascii")
                        .header("Range", "bytes=2-5").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Accept-Ranges", "none"));
        verify(files).download(any(), eq("/notes.txt"), eq(TransferType.ASCII), isNull(), any());
    }

    @Test
    void aFolderDownloadsAsAZipNamedForIt() throws Exception {
        doAnswer(invocation -> {
            OutputStream out = invocation.getArgument(2);
            out.write(new byte[]{'P', 'K', 3, 4});
            return null;
        }).when(files).downloadFolder(any(), eq("/docs/보고서"), any());
        mvc.perform(get(base + "/zip").param("path", "/docs/보고서").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", containsString(
                        "filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.zip")))
                .andExpect(content().bytes(new byte[]{'P', 'K', 3, 4}));
    }

    @Test
    void theEntriesTickedInTheListDownloadAsOneZip() throws Exception {
        doAnswer(invocation -> {
            OutputStream out = invocation.getArgument(3);
            out.write(new byte[]{'P', 'K', 3, 4});
            return null;
        }).when(files).downloadSelection(any(), anyString(), any(), any());
        mvc.perform(post(base + "/zip").cookie(session).with(csrf()).param("dir", "/docs/보고서")
                        .param("path", "/docs/보고서/a.txt", "/docs/보고서/photos"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", containsString(
                        "filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.zip")))
                .andExpect(header().string("Cache-Control", "private, no-store"))
                .andExpect(content().bytes(new byte[]{'P', 'K', 3, 4}));
        verify(files).downloadSelection(any(), eq("/docs/보고서"), eq(List.of("/docs/보고서/a.txt", "/docs/보고서/photos")),
                any());
        // One entry: named for it; several at the top: named for the connection.
        mvc.perform(post(base + "/zip").cookie(session).with(csrf()).param("dir", "/docs").param("path", "/docs/old"))
                .andExpect(header().string("Content-Disposition", containsString("filename=\"old.zip\"")));
        mvc.perform(post(base + "/zip").cookie(session).with(csrf()).param("dir", "/").param("path", "/a", "/b"))
                .andExpect(header().string("Content-Disposition", containsString("filename=\"Team files.zip\"")));
    }

    @Test
    void aZipOfTickedEntriesTheFacadeRefusesIsABadRequestPageAndNeedsTheCsrfToken() throws Exception {
        doThrow(new InvalidPath("files.selection.tooMany", "too many", 1000))
                .when(files).downloadSelection(any(), anyString(), any(), any());
        mvc.perform(post(base + "/zip").cookie(session).with(csrf()).param("dir", "/docs").param("path", "/docs/a"))
                .andExpect(status().isBadRequest())
                .andExpect(header().doesNotExist("Content-Disposition"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("Tick at most 1,000 entries to download as one ZIP.")));

        mvc.perform(post(base + "/zip").cookie(session).param("dir", "/docs").param("path", "/docs/a"))
                .andExpect(status().isForbidden());
        verify(files).downloadSelection(any(), anyString(), any(), any());
    }

    // The upload API

    @Test
    void uploadStatusSaysTheOffsetAndWhetherTheNameIsTaken() throws Exception {
        when(files.uploaded(any(), any())).thenReturn(4096L);
        when(files.find(any(), eq("/docs/a.bin"))).thenReturn(Optional.of(file("/docs/a.bin", 1)));
        mvc.perform(get(base + "/upload").cookie(session).param("dir", "/docs").param("name", "a.bin")
                        .param("size", "10000").param("key", "7ps-m1.abc_def"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.offset").value(4096))
                .andExpect(jsonPath("$.exists").value(true));
        ArgumentCaptor<UploadRequest> request = ArgumentCaptor.forClass(UploadRequest.class);
        verify(files).uploaded(any(), request.capture());
        assertThat(request.getValue()).isEqualTo(new UploadRequest("/docs", "a.bin", 10000, "7ps-m1.abc_def", 0, false,
                TransferType.BINARY));
    }

    @Test
    void anUploadPassesOffsetAndOverwriteAndStreamsTheBody() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        AtomicReference<FtpContext> context = new AtomicReference<>();
        when(files.upload(any(), any(), any())).thenAnswer(invocation -> {
            context.set(invocation.getArgument(0));
            InputStream body = invocation.getArgument(2);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            body.transferTo(copy);
            received.set(copy.toByteArray());
            return new UploadResult("/docs/a.bin", copy.size(), 10, true);
        });
        mvc.perform(put(base + "/upload").cookie(session).with(csrf()).param("dir", "/docs").param("name", "a.bin")
                        .param("size", "10").param("key", "k1").param("offset", "6").param("overwrite", "true")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content("6789".getBytes(StandardCharsets.US_ASCII)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.path").value("/docs/a.bin"))
                .andExpect(jsonPath("$.received").value(4))
                .andExpect(jsonPath("$.stored").value(10))
                .andExpect(jsonPath("$.complete").value(true));
        ArgumentCaptor<UploadRequest> request = ArgumentCaptor.forClass(UploadRequest.class);
        verify(files).upload(any(), request.capture(), any());
        assertThat(request.getValue()).isEqualTo(new UploadRequest("/docs", "a.bin", 10, "k1", 6, true,
                TransferType.BINARY));
        assertThat(received.get()).isEqualTo("6789".getBytes(StandardCharsets.US_ASCII));
        assertThat(context.get().connectionId()).isEqualTo(id);
        assertThat(context.get().sessionKey()).isNotBlank();
    }

    @Test
    void anUploadOverAnExistingFileIsAConflict() throws Exception {
        when(files.upload(any(), any(), any())).thenThrow(new FileExists("/docs/a.bin"));
        mvc.perform(put(base + "/upload").cookie(session).with(csrf()).param("dir", "/docs").param("name", "a.bin")
                        .param("size", "3").param("key", "k1").param("offset", "0")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[3]))
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.exists").value(true))
                .andExpect(jsonPath("$.path").value("/docs/a.bin"));
    }

    @Test
    void badUploadParametersAreBadRequestsThatChangeNothing() throws Exception {
        String[][] bad = {
                {"size", "-1"}, {"size", "ten"}, {"offset", "11"}, {"offset", "-2"}, {"key", "bad key!"},
                {"key", "x".repeat(101)}, {"key", "../etc"}, {"overwrite", "maybe"}, {"type", "ebcdic"}, {"name", ""},
        };
        for (String[] parameter : bad) {
            var params = new java.util.LinkedHashMap<>(java.util.Map.of("dir", "/docs", "name", "a.bin", "size", "10",
                    "key", "k1", "offset", "0"));
            params.put(parameter[0], parameter[1]);
            var request = put(base + "/upload").cookie(session).with(csrf())
                    .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[1]);
            params.forEach(request::param);
            mvc.perform(request)
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                    .andExpect(jsonPath("$.type").value("https://postern.dev/problems/invalid-request"))
                    .andExpect(jsonPath("$.field").value(parameter[0]));
        }
        mvc.perform(put(base + "/upload").cookie(session).with(csrf()).param("dir", "/docs").param("size", "1")
                        .param("key", "k").param("offset", "0").content(new byte[1]))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"));
        verify(files, never()).upload(any(), any(), any());
    }

    @Test
    void aRefusedPathIsABadRequestNeverAServerError() throws Exception {
        when(files.upload(any(), any(), any())).thenThrow(new InvalidPath("files.path.control", "LF in name"));
        mvc.perform(put(base + "/upload").cookie(session).with(csrf()).param("dir", "/docs").param("name", "a\nb")
                        .param("size", "1").param("key", "k").param("offset", "0")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[1]))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://postern.dev/problems/invalid-path"))
                .andExpect(jsonPath("$.detail").value(containsString("line breaks")))
                .andExpect(jsonPath("$.detail").value(not(containsString("LF in name"))));
    }

    @Test
    void anUploadTheServerRefusesCarriesItsReply() throws Exception {
        when(files.upload(any(), any(), any())).thenThrow(
                new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "550 Permission denied", null));
        mvc.perform(put(base + "/upload").cookie(session).with(csrf()).param("dir", "/docs").param("name", "a.bin")
                        .param("size", "1").param("key", "k").param("offset", "0")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[1]))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.type").value("https://postern.dev/problems/upstream-rejected"))
                .andExpect(jsonPath("$.detail").value("550 Permission denied"))
                .andExpect(jsonPath("$.instance").value(base + "/upload"))
                .andExpect(jsonPath("$.trace").doesNotExist());
    }

    @Test
    void cancellingRemovesThePartialUploadAndFoldersCanBeMadeWithJson() throws Exception {
        mvc.perform(delete(base + "/upload").cookie(session).with(csrf()).param("dir", "/docs").param("name", "a.bin")
                        .param("size", "10").param("key", "k1"))
                .andExpect(status().isNoContent());
        verify(files).cancelUpload(any(), eq(new UploadRequest("/docs", "a.bin", 10, "k1", 0, false,
                TransferType.BINARY)));

        when(files.createFolder(any(), eq("/docs"), eq("사진"))).thenReturn("/docs/사진");
        mvc.perform(post(base + "/folders").cookie(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"parent\":\"/docs\",\"name\":\"사진\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.path").value("/docs/사진"));
        when(files.createFolder(any(), eq("/docs"), eq("old"))).thenThrow(new FileExists("/docs/old"));
        mvc.perform(post(base + "/folders").cookie(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"parent\":\"/docs\",\"name\":\"old\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.exists").value(true));
    }

    @Test
    void changesNeedTheCsrfToken() throws Exception {
        mvc.perform(put(base + "/upload").cookie(session).param("dir", "/").param("name", "a").param("size", "1")
                        .param("key", "k").param("offset", "0").content(new byte[1]))
                .andExpect(status().isForbidden());
        mvc.perform(delete(base + "/upload").cookie(session).param("dir", "/").param("name", "a").param("size", "1")
                        .param("key", "k"))
                .andExpect(status().isForbidden());
        mvc.perform(post(base + "/folders").cookie(session).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"parent\":\"/\",\"name\":\"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post(base + "/delete").cookie(session).param("path", "/a.txt"))
                .andExpect(status().isForbidden());
        mvc.perform(post(base + "/rename").cookie(session).param("path", "/a.txt").param("to", "b.txt"))
                .andExpect(status().isForbidden());
        verify(files, never()).upload(any(), any(), any());
        verify(files, never()).cancelUpload(any(), any());
        verify(files, never()).createFolder(any(), any(), any());
        verify(files, never()).delete(any(), any());
        verify(files, never()).rename(any(), any(), any());
    }

    @Test
    void signingOutClosesTheSessionsFtpConnections() throws Exception {
        mvc.perform(post("/logout").cookie(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        verify(files).closeSession(anyString());
    }
}
