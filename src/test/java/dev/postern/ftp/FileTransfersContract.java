package dev.postern.ftp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.audit.Outcome;
import dev.postern.ftp.internal.FtpTls;
import dev.postern.testing.ChunkInputStream;
import dev.postern.testing.TestUsers;
import dev.postern.testing.ftp.FtpTestServer;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the file manager must do with every FTP server it works with, written once and run against each (Apache
 * FtpServer in process; vsftpd and proftpd, plain and FTPS, in the system tests). Each test works in a folder of its
 * own under the server's root, checking what reached the server's disk directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class FileTransfersContract {

    @Autowired
    protected FileTransfers files;

    @Autowired
    protected Connections connections;

    @Autowired
    protected UpstreamPolicy policy;

    @Autowired
    protected AccountManagement accounts;

    @Autowired
    protected AuditLog audit;

    protected FtpTestServer server;
    protected CurrentUser user;
    protected FtpContext context;
    private long rule;
    /** This test's folder, below the connection's root, and on the server's disk. */
    protected String folder;
    protected Path disk;

    /** Starts the server the contract runs against; closed after the class. */
    protected abstract FtpTestServer startServer() throws Exception;

    @BeforeAll
    void connect() throws Exception {
        server = startServer();
        CurrentUser admin = TestUsers.admin(accounts);
        rule = policy.addRule(Protocol.FTP, server.host(), server.port(), server.port(), "contract " + server.name(),
                admin).id();
        user = TestUsers.as(accounts, TestUsers.create(accounts, "files"));
        String pin = server.security() == Security.NONE ? "" : FtpTls.fingerprint(server.certificate());
        ConnectionProfile profile = connections.create(new ConnectionDraft(ConnectionKind.FTP, server.name(),
                server.host(), server.port(), server.security(), server.username(), server.password(), false,
                new ConnectionOptions.Ftp(true, "UTF-8", "", pin)), user);
        context = new FtpContext(user, "contract-" + UUID.randomUUID(), profile.id());
    }

    @AfterAll
    void disconnect() {
        if (context != null) {
            files.closeSession(context.sessionKey());
        }
        if (server != null) {
            policy.removeRule(rule, TestUsers.admin(accounts));
            server.close();
        }
    }

    @BeforeEach
    void ownFolder(TestInfo test) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        disk = server.root().resolve(name);
        deleteTree(disk);
        Files.createDirectories(disk);
        serverMayWrite(disk);
        folder = "/" + name;
    }

    /** Lets the server's user write where the test (root) created files and folders. */
    protected void serverMayWrite(Path path) {
        server.handOver(path);
    }

    @Test
    void listsFoldersFirstWithSizesAndTimes() throws Exception {
        Files.writeString(disk.resolve("b.txt"), "hello");
        Files.createDirectory(disk.resolve("a-folder"));
        Files.write(disk.resolve("c.bin"), new byte[70_000]);
        serverMayWrite(disk);

        Listing listing = files.list(context, folder);

        assertThat(listing.path()).isEqualTo(folder);
        assertThat(listing.entries()).extracting(RemoteEntry::name).containsExactly("a-folder", "b.txt", "c.bin");
        RemoteEntry text = listing.entries().get(1);
        assertThat(text.type()).isEqualTo(EntryType.FILE);
        assertThat(text.size()).isEqualTo(5);
        assertThat(text.path()).isEqualTo(folder + "/b.txt");
        assertThat(text.modified()).isNotNull();
        assertThat(listing.entries().get(0).directory()).isTrue();
        assertThat(listing.entries().get(2).size()).isEqualTo(70_000);
    }

    @Test
    void koreanNamesGoBothWays() throws Exception {
        Files.writeString(disk.resolve("보고서.txt"), "분기 보고서", StandardCharsets.UTF_8);
        serverMayWrite(disk);
        byte[] content = "입금 내역 2026".getBytes(StandardCharsets.UTF_8);

        UploadResult result = upload("입금내역.txt", content, 0, content.length, false);

        assertThat(result.complete()).isTrue();
        assertThat(Files.readAllBytes(disk.resolve("입금내역.txt"))).isEqualTo(content);
        assertThat(files.list(context, folder).entries()).extracting(RemoteEntry::name)
                .containsExactly("보고서.txt", "입금내역.txt");
        assertThat(download(folder + "/보고서.txt", null)).isEqualTo("분기 보고서".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void downloadStreamsTheWholeFileWithItsLength() throws Exception {
        byte[] content = random(300_000);
        Files.write(disk.resolve("data.bin"), content);
        serverMayWrite(disk);
        long[] told = new long[2];
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        files.download(context, folder + "/data.bin", TransferType.BINARY, null, (file, offset, length) -> {
            told[0] = offset;
            told[1] = length;
            assertThat(file.size()).isEqualTo(content.length);
            return out;
        });

        assertThat(told).containsExactly(0, content.length);
        assertThat(out.toByteArray()).isEqualTo(content);
    }

    @Test
    void downloadResumesFromRangeOffset() throws Exception {
        byte[] content = random(200_000);
        Files.write(disk.resolve("resume.bin"), content);
        serverMayWrite(disk);

        byte[] tail = download(folder + "/resume.bin", new ByteRange(123_456, null));
        byte[] middle = download(folder + "/resume.bin", new ByteRange(1000, 1999L));

        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(content, 123_456, content.length));
        assertThat(middle).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 2000));
        // The session still works after a range that stopped the server part way.
        assertThat(files.list(context, folder).entries()).hasSize(1);
    }

    @Test
    void aRangePastTheEndIsNotSatisfiable() throws Exception {
        Files.write(disk.resolve("short.bin"), new byte[10]);
        serverMayWrite(disk);

        assertThatThrownBy(() -> download(folder + "/short.bin", new ByteRange(10, null)))
                .isInstanceOfSatisfying(RangeNotSatisfiable.class, e -> assertThat(e.size()).isEqualTo(10));
    }

    @Test
    void uploadResumesAfterACut() throws Exception {
        byte[] content = random(1_000_000);

        // The browser's connection breaks after 400,000 bytes.
        UploadRequest first = request("big.bin", content.length, 0, false);
        UploadResult cut = files.upload(context, first, new BreakingStream(content, 400_000));

        assertThat(cut.complete()).isFalse();
        assertThat(cut.received()).isEqualTo(400_000);
        assertThat(disk.resolve("big.bin")).doesNotExist();
        long held = files.uploaded(context, first);
        assertThat(held).isEqualTo(400_000);

        UploadResult rest = files.upload(context, request("big.bin", content.length, held, false),
                new ByteArrayInputStream(content, (int) held, content.length - (int) held));

        assertThat(rest.complete()).isTrue();
        assertThat(rest.stored()).isEqualTo(content.length);
        assertThat(Files.readAllBytes(disk.resolve("big.bin"))).isEqualTo(content);
        assertThat(onDisk()).containsExactly("big.bin");
        List<AuditEvent> uploads = events(FtpActions.UPLOADED);
        assertThat(uploads.get(1).outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(uploads.get(1).detail()).containsEntry("interrupted", true);
        assertThat(uploads.get(1).bytes()).isEqualTo(400_000);
        assertThat(uploads.get(0).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(uploads.get(0).bytes()).isEqualTo(600_000);
    }

    @Test
    void anUploadLongerThanItsSizeIsRefusedBeforeTheExtraBytes() throws Exception {
        byte[] content = random(300_000);

        assertThatThrownBy(() -> files.upload(context, request("long.bin", 200_000, 0, false),
                new ByteArrayInputStream(content)))
                .isInstanceOfSatisfying(InvalidPath.class,
                        e -> assertThat(e.messageKey()).isEqualTo("files.upload.tooLong"));

        assertThat(disk.resolve("long.bin")).doesNotExist();
        assertThat(files.uploaded(context, request("long.bin", 200_000, 0, false))).isLessThanOrEqualTo(200_000);
    }

    @Test
    void aResumeFromTheWrongOffsetSendsNothing() throws Exception {
        byte[] content = random(50_000);
        files.upload(context, request("gap.bin", content.length, 0, false), new BreakingStream(content, 20_000));

        assertThatThrownBy(() -> files.upload(context, request("gap.bin", content.length, 30_000, false),
                new ByteArrayInputStream(content, 30_000, 20_000)))
                .isInstanceOfSatisfying(UploadOffsetMismatch.class, e -> assertThat(e.held()).isEqualTo(20_000));
        assertThat(files.uploaded(context, request("gap.bin", content.length, 0, false))).isEqualTo(20_000);
    }

    @Test
    void aCancelledUploadLeavesNoFile() throws Exception {
        byte[] content = random(100_000);
        UploadRequest request = request("cancelled.bin", content.length, 0, false);
        files.upload(context, request, new BreakingStream(content, 30_000));

        files.cancelUpload(context, request);

        assertThat(onDisk()).isEmpty();
        assertThat(files.uploaded(context, request)).isZero();
    }

    @Test
    void anUploadDoesNotReplaceAFileUnlessAsked() throws Exception {
        Files.writeString(disk.resolve("keep.txt"), "original");
        serverMayWrite(disk);
        byte[] content = "replacement".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> upload("keep.txt", content, 0, content.length, false))
                .isInstanceOf(FileExists.class);
        assertThat(Files.readString(disk.resolve("keep.txt"))).isEqualTo("original");

        upload("keep.txt", content, 0, content.length, true);
        assertThat(Files.readString(disk.resolve("keep.txt"))).isEqualTo("replacement");
        assertThat(onDisk()).containsExactly("keep.txt");
    }

    @Test
    void deletesAFolderRecursively() throws Exception {
        Files.createDirectories(disk.resolve("tree/branch/leaf"));
        Files.writeString(disk.resolve("tree/a.txt"), "a");
        Files.writeString(disk.resolve("tree/branch/b.txt"), "b");
        Files.writeString(disk.resolve("tree/branch/leaf/c.txt"), "c");
        serverMayWrite(disk.resolve("tree"));

        DeleteReport report = files.deleteFolder(context, folder + "/tree");

        assertThat(report.failures()).isEmpty();
        assertThat(report.deleted()).isEqualTo(6);
        assertThat(disk.resolve("tree")).doesNotExist();
    }

    @Test
    void managesFilesAndFolders() throws Exception {
        Files.writeString(disk.resolve("draft.txt"), "text");
        serverMayWrite(disk);

        String created = files.createFolder(context, folder, "보관");
        files.rename(context, folder + "/draft.txt", created + "/final.txt");
        files.copy(context, created + "/final.txt", folder + "/copy.txt");

        assertThat(Files.readString(disk.resolve("보관/final.txt"))).isEqualTo("text");
        assertThat(Files.readString(disk.resolve("copy.txt"))).isEqualTo("text");
        assertThat(onDisk()).containsExactlyInAnyOrder("보관", "copy.txt");
        assertThatThrownBy(() -> files.createFolder(context, folder, "보관")).isInstanceOf(FileExists.class);
        assertThatThrownBy(() -> files.rename(context, folder + "/copy.txt", created + "/final.txt"))
                .isInstanceOf(FileExists.class);

        files.delete(context, folder + "/copy.txt");
        assertThat(disk.resolve("copy.txt")).doesNotExist();
        assertThat(events(FtpActions.RENAMED).getFirst().detail()).containsEntry("to", created + "/final.txt");
    }

    @Test
    void theServersRefusalReachesTheUser() {
        assertThatThrownBy(() -> files.delete(context, folder + "/missing.txt"))
                .isInstanceOfSatisfying(FtpUnavailable.class, e -> assertThat(e.detail()).matches("[45]\\d\\d[ -].*"));
        assertThat(events(FtpActions.DELETED).getFirst().outcome()).isEqualTo(Outcome.FAILURE);
    }

    @Test
    void downloadsAFolderAsAZip() throws Exception {
        Files.createDirectories(disk.resolve("album/empty"));
        Files.writeString(disk.resolve("album/사진.txt"), "one");
        Files.createDirectories(disk.resolve("album/inner"));
        byte[] big = random(150_000);
        Files.write(disk.resolve("album/inner/big.bin"), big);
        serverMayWrite(disk);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();

        files.downloadFolder(context, folder + "/album", zipped);

        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped.toByteArray()),
                StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                names.add(entry.getName());
                if (entry.getName().equals("inner/big.bin")) {
                    assertThat(zip.readAllBytes()).isEqualTo(big);
                }
            }
        }
        assertThat(names).containsExactlyInAnyOrder("empty/", "inner/big.bin", "사진.txt");
    }

    @Test
    void downloadsTickedFilesAndFoldersAsOneZip() throws Exception {
        Files.createDirectories(disk.resolve("사진/empty"));
        Files.createDirectories(disk.resolve("사진/2026"));
        byte[] big = random(180_000);
        Files.write(disk.resolve("사진/2026/큰 파일.bin"), big);
        Files.writeString(disk.resolve("사진/a.txt"), "a", StandardCharsets.UTF_8);
        Files.writeString(disk.resolve("보고서.txt"), "분기 보고서", StandardCharsets.UTF_8);
        Files.writeString(disk.resolve("left out.txt"), "not chosen");
        serverMayWrite(disk);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();

        files.downloadSelection(context, folder, List.of(folder + "/사진", folder + "/보고서.txt", folder + "/사진"),
                zipped);

        // Read as ISO-8859-1: the Korean names come out right only if each entry is flagged as UTF-8.
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped.toByteArray()),
                StandardCharsets.ISO_8859_1)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrder("사진/empty/", "사진/2026/큰 파일.bin", "사진/a.txt",
                "보고서.txt");
        assertThat(entries.get("사진/2026/큰 파일.bin")).isEqualTo(big);
        assertThat(entries.get("보고서.txt")).isEqualTo("분기 보고서".getBytes(StandardCharsets.UTF_8));
        AuditEvent event = events(FtpActions.SELECTION_DOWNLOADED).getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.bytes()).isEqualTo(big.length + 1 + "분기 보고서".getBytes(StandardCharsets.UTF_8).length);
        assertThat(event.detail()).containsEntry("path", folder).containsEntry("names", List.of("사진", "보고서.txt"))
                .doesNotContainKey("interrupted");
    }

    @Test
    void aZipOfTickedEntriesRefusesBadNamesBeforeAnythingAndIsCutOffWhenAFileGoes() throws Exception {
        Files.writeString(disk.resolve("a.txt"), "a");
        Files.write(disk.resolve("b.bin"), random(600_000));
        serverMayWrite(disk);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int audited = events(FtpActions.SELECTION_DOWNLOADED).size();

        for (List<String> bad : List.of(List.<String>of(), List.of(folder + "/a\r\nDELE a.txt"), List.of("/../etc"),
                List.of(folder + "/../../etc/passwd"), List.of("/"), List.of(folder + "/a.txt", "/elsewhere.txt"),
                java.util.Collections.nCopies(FileTransfers.MAX_ZIP_SELECTION + 1, folder + "/a.txt"))) {
            assertThatThrownBy(() -> files.downloadSelection(context, folder, bad, out))
                    .isInstanceOf(InvalidPath.class);
        }
        assertThat(out.size()).isZero();
        assertThat(events(FtpActions.SELECTION_DOWNLOADED)).hasSize(audited);

        // A name that is not there: the server's word, before any byte of the archive.
        assertThatThrownBy(() -> files.downloadSelection(context, folder, List.of(folder + "/a.txt",
                folder + "/gone.txt"), out))
                .isInstanceOfSatisfying(FtpUnavailable.class, e -> assertThat(e.detail()).contains("gone.txt"));
        assertThat(out.size()).isZero();

        // The receiver goes away part way: audited as interrupted, with the bytes that moved.
        OutputStream leaving = leavingAfter(100_000);
        assertThatThrownBy(() -> files.downloadSelection(context, folder, List.of(folder + "/a.txt",
                folder + "/b.bin"), leaving)).isInstanceOf(TransferBroken.class);
        List<AuditEvent> zips = events(FtpActions.SELECTION_DOWNLOADED);
        assertThat(zips.get(1).outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(zips.get(1).detail()).doesNotContainKey("interrupted");
        assertThat(zips.get(0).outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(zips.get(0).detail()).containsEntry("interrupted", true);
        assertThat(zips.get(0).bytes()).isPositive().isLessThan(600_001);
        // The session's connections still serve.
        assertThat(download(folder + "/a.txt", null)).isEqualTo(new byte[]{'a'});
    }

    @Test
    void listingAFolderSweepsOnlyPosternsOwnLongAbandonedPartialFiles() throws Exception {
        // A cut upload's partial file, just written: it may be resumed.
        byte[] content = random(90_000);
        UploadRequest cut = request("resumable.bin", content.length, 0, false);
        files.upload(context, cut, new BreakingStream(content, 30_000));
        String resumable = onDisk().getFirst();
        String hash = "0123456789abcdef01234567";
        Map<String, Integer> daysOld = new java.util.LinkedHashMap<>();
        daysOld.put(".postern-upload-" + hash + ".part", 8);
        daysOld.put(".postern-upload-copy-" + hash.replace('0', 'f') + ".part", 400);
        daysOld.put(".postern-upload-" + hash.replace('1', 'e') + ".part", 6);
        // Names like Postern's, but not its own: never touched, however old.
        daysOld.put(".postern-upload-" + hash.toUpperCase(java.util.Locale.ROOT) + ".part", 30);
        daysOld.put(".postern-upload-" + hash.substring(1) + ".part", 30);
        daysOld.put(".postern-upload-" + hash + ".part.bak", 30);
        daysOld.put(".postern-upload-" + hash + ".partial", 30);
        daysOld.put(".postern-upload-" + hash + "0.part", 30);
        daysOld.put("postern-upload-" + hash + ".part", 30);
        daysOld.put("x.postern-upload-" + hash + ".part", 30);
        daysOld.put(".postern-upload-" + hash.replace('2', 'd'), 30);
        for (Map.Entry<String, Integer> file : daysOld.entrySet()) {
            Files.writeString(disk.resolve(file.getKey()), "part");
        }
        Files.createDirectory(disk.resolve(".postern-upload-" + hash.replace('3', 'c') + ".part"));
        serverMayWrite(disk);
        for (Map.Entry<String, Integer> file : daysOld.entrySet()) {
            age(disk.resolve(file.getKey()), file.getValue());
        }
        age(disk.resolve(".postern-upload-" + hash.replace('3', 'c') + ".part"), 30);

        Listing listing = files.list(context, folder);

        assertThat(listing.entries()).extracting(RemoteEntry::name)
                .containsExactly("postern-upload-" + hash + ".part", "x.postern-upload-" + hash + ".part");
        List<String> kept = new ArrayList<>(daysOld.keySet());
        kept.remove(".postern-upload-" + hash + ".part");
        kept.remove(".postern-upload-copy-" + hash.replace('0', 'f') + ".part");
        kept.add(".postern-upload-" + hash.replace('3', 'c') + ".part");
        kept.add(resumable);
        assertThat(onDisk()).containsExactlyInAnyOrderElementsOf(kept);
        List<AuditEvent> swept = events(FtpActions.PARTIAL_UPLOAD_SWEPT);
        assertThat(swept).hasSize(2).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(e.detail()).containsKey("modified");
        });
        assertThat(swept).extracting(e -> e.detail().get("path")).containsExactlyInAnyOrder(
                folder + "/.postern-upload-" + hash + ".part", folder + "/.postern-upload-copy-" + hash.replace('0', 'f')
                        + ".part");

        // The young one resumes; listing again sweeps nothing more.
        assertThat(files.uploaded(context, cut)).isEqualTo(30_000);
        files.list(context, folder);
        assertThat(events(FtpActions.PARTIAL_UPLOAD_SWEPT)).hasSize(2);
        assertThat(files.upload(context, request("resumable.bin", content.length, 30_000, false),
                new ByteArrayInputStream(content, 30_000, 60_000)).complete()).isTrue();
        assertThat(Files.readAllBytes(disk.resolve("resumable.bin"))).isEqualTo(content);
    }

    /** Sets a file's time back by whole days, as if it had last changed then. */
    protected static void age(Path file, int days) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(days))));
    }

    @Test
    void browsingGoesOnDuringALongDownload() throws Exception {
        byte[] content = random(2_000_000);
        Files.write(disk.resolve("long.bin"), content);
        serverMayWrite(disk);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch listed = new java.util.concurrent.CountDownLatch(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicBoolean waitedInVain = new java.util.concurrent.atomic.AtomicBoolean();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                received.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                received.write(b, off, len);
                started.countDown();
                try {
                    // The receiver stalls until the session has listed a folder meanwhile.
                    if (!listed.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        waitedInVain.set(true);
                    }
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        };
        Thread download = Thread.ofVirtual().start(() ->
                files.download(context, folder + "/long.bin", TransferType.BINARY, null, (f, o, l) -> slow));
        assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(files.list(context, folder).entries()).extracting(RemoteEntry::name).containsExactly("long.bin");
        listed.countDown();
        download.join(60_000);

        assertThat(waitedInVain).isFalse();
        assertThat(received.toByteArray()).isEqualTo(content);
    }

    @Test
    void aDownloadTheReceiverLeftIsAuditedAsInterrupted() throws Exception {
        Files.write(disk.resolve("left.bin"), random(1_000_000));
        serverMayWrite(disk);
        OutputStream leaving = leavingAfter(100_000);

        assertThatThrownBy(() -> files.download(context, folder + "/left.bin", TransferType.BINARY, null,
                (f, o, l) -> leaving)).isInstanceOf(TransferBroken.class);

        AuditEvent event = events(FtpActions.DOWNLOADED).getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.detail()).containsEntry("interrupted", true);
        assertThat(event.bytes()).isGreaterThanOrEqualTo(100_000).isLessThan(1_000_000);
        // The session's connections still serve.
        assertThat(download(folder + "/left.bin", new ByteRange(0, 9L))).hasSize(10);
    }

    @Test
    void refusesControlCharactersAndWaysOutOfTheRoot() throws IOException {
        byte[] content = {1};
        assertThatThrownBy(() -> files.list(context, folder + "\r\nDELE x")).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> files.list(context, "/../etc")).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> files.download(context, folder + "/../../x", TransferType.BINARY, null,
                (f, o, l) -> OutputStream.nullOutputStream())).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> upload("a\nb.txt", content, 0, 1, false)).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> upload("..", content, 0, 1, false)).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> files.createFolder(context, folder, "x\u0000y")).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> files.rename(context, folder, "/..")).isInstanceOf(InvalidPath.class);
        // An offset outside the file is refused by the facade itself, whatever the caller checked before.
        assertThatThrownBy(() -> files.upload(context, request("a.bin", 1, 2, false), new ByteArrayInputStream(content)))
                .isInstanceOfSatisfying(InvalidPath.class, e -> assertThat(e.messageKey()).isEqualTo("files.upload.range"));
        assertThatThrownBy(() -> files.upload(context, request("a.bin", 1, -1, false), new ByteArrayInputStream(content)))
                .isInstanceOfSatisfying(InvalidPath.class, e -> assertThat(e.messageKey()).isEqualTo("files.upload.range"));
        assertThat(onDisk()).isEmpty();
    }

    // --- helpers

    protected UploadRequest request(String name, long size, long offset, boolean overwrite) {
        return new UploadRequest(folder, name, size, "k" + size, offset, overwrite, TransferType.BINARY);
    }

    protected UploadResult upload(String name, byte[] content, long offset, long size, boolean overwrite) {
        return files.upload(context, request(name, size, offset, overwrite),
                new ByteArrayInputStream(content, (int) offset, content.length - (int) offset));
    }

    protected byte[] download(String path, ByteRange range) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.download(context, path, TransferType.BINARY, range, (file, offset, length) -> out);
        return out.toByteArray();
    }

    /** The test folder's entries on the server's disk, hidden partial files included. */
    protected List<String> onDisk() throws IOException {
        try (Stream<Path> entries = Files.list(disk)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** This user's audit events of the action, newest first. */
    protected List<AuditEvent> events(String action) {
        return audit.search(new AuditQuery(user.username(), action, null, null, null, 0, 100)).events();
    }

    protected static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A request body whose connection breaks after some bytes: reading on throws, as Tomcat does. */
    protected static final class BreakingStream extends ChunkInputStream {

        private final byte[] content;
        private final int breakAt;
        private int position;

        public BreakingStream(byte[] content, int breakAt) {
            this.content = content;
            this.breakAt = breakAt;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= breakAt) {
                throw new IOException("Connection reset by peer");
            }
            int count = Math.min(length, breakAt - position);
            System.arraycopy(content, position, buffer, offset, count);
            position += count;
            return count;
        }
    }

    /** A receiver that goes away (a broken pipe) once it has taken {@code bytes}. */
    private static OutputStream leavingAfter(long bytes) {
        return new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written >= bytes) {
                    throw new IOException("Broken pipe");
                }
                written += len;
            }
        };
    }
}
