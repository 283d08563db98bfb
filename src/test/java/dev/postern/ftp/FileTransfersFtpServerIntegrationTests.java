package dev.postern.ftp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.Test;

import dev.postern.ftp.internal.ListingReader;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.testing.ftp.ApacheFtpTestServer;
import dev.postern.testing.ftp.FtpTestServer;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file manager's contract against an in-process Apache FtpServer, plain FTP; and what needs that server's knobs. */
@PosternIntegrationTest
class FileTransfersFtpServerIntegrationTests extends FileTransfersContract {

    @Override
    protected FtpTestServer startServer() {
        return ApacheFtpTestServer.start(Security.NONE);
    }

    @Test
    void aPassiveReplyPointingElsewhereIsRefused() {
        try (ApacheFtpTestServer elsewhere = ApacheFtpTestServer.startAnnouncingPassiveAddress("10.255.0.1")) {
            using(elsewhere, pasv -> {
                assertThatThrownBy(() -> files.list(pasv, "/"))
                        .isInstanceOfSatisfying(FtpUnavailable.class, e -> {
                            assertThat(e.status()).isEqualTo(UpstreamStatus.POLICY_REFUSED);
                            assertThat(e.detail()).contains("10.255.0.1");
                        });
                assertThat(audit.search(new dev.postern.audit.AuditQuery(user.username(), "upstream.policy_refused",
                        null, null, null, 0, 10)).events()).isNotEmpty();
                // A download's data connection is checked the same way.
                elsewhere.write("file.bin", new byte[]{1, 2, 3});
                assertThatThrownBy(() -> files.download(pasv, "/file.bin", TransferType.BINARY, null,
                        (file, offset, length) -> java.io.OutputStream.nullOutputStream()))
                        .isInstanceOfSatisfying(FtpUnavailable.class, e -> {
                            assertThat(e.status()).isEqualTo(UpstreamStatus.POLICY_REFUSED);
                            assertThat(e.detail()).contains("10.255.0.1");
                        });
            });
        }
    }

    @Test
    void aServerWithoutMlsdIsAskedForHiddenEntriesAndOneThatRefusesThatIsListedPlainlyFromThenOn() {
        for (boolean refuses : new boolean[]{false, true}) {
            ListOnly ftplet = new ListOnly(refuses);
            try (ApacheFtpTestServer listOnly = ApacheFtpTestServer.startWith(ftplet)) {
                listOnly.write("a/shown.txt", new byte[]{1});
                using(listOnly, list -> {
                    Listing first = files.list(list, "/a");
                    Listing second = files.list(list, "/a");

                    assertThat(first.machineReadable()).isFalse();
                    assertThat(first.entries()).extracting(RemoteEntry::name).containsExactly("shown.txt");
                    assertThat(second.entries()).isEqualTo(first.entries());
                    assertThat(ftplet.lists).as(refuses ? "refused" : "taken")
                            .containsExactly(refuses ? new String[]{"-a", "", ""} : new String[]{"-a", "-a"});
                });
            }
        }
    }

    @Test
    void aNewUploadAndACopyBeginTheirTemporaryFilesWithAppendNotStore() {
        Commands commands = new Commands(true, false);
        try (ApacheFtpTestServer server = ApacheFtpTestServer.startWith(commands)) {
            byte[] content = random(70_000);
            using(server, context -> {
                files.upload(context, new UploadRequest("/", "new.bin", content.length, "k1", 0, false,
                        TransferType.BINARY), new ByteArrayInputStream(content));
                files.copy(context, "/new.bin", "/copy.bin");
            });

            // STOR would have the server truncate the file, which ext4 pays for on close (FtpConnection.storeNew).
            assertThat(commands.writes()).hasSize(2).allMatch(write -> write.startsWith("APPE ")
                    && write.contains(ListingReader.UPLOAD_PREFIX) && write.endsWith(".part"));
            assertThat(server.root().resolve("new.bin")).hasBinaryContent(content);
            assertThat(server.root().resolve("copy.bin")).hasBinaryContent(content);
        }
    }

    @Test
    void aServerThatRefusesAppendIsSentANewUploadWithStore() {
        Commands commands = new Commands(true, true);
        try (ApacheFtpTestServer server = ApacheFtpTestServer.startWith(commands)) {
            byte[] content = random(70_000);
            using(server, context -> files.upload(context, new UploadRequest("/", "new.bin", content.length, "k1", 0,
                    false, TransferType.BINARY), new ByteArrayInputStream(content)));

            assertThat(commands.writes()).extracting(write -> write.substring(0, 4)).containsExactly("APPE", "STOR");
            assertThat(server.root().resolve("new.bin")).hasBinaryContent(content);
        }
    }

    @Test
    void withoutSizeAnUploadStartedAgainReplacesWhatACutOneLeftRatherThanAppendingToIt() throws IOException {
        Commands commands = new Commands(false, false);
        try (ApacheFtpTestServer server = ApacheFtpTestServer.startWith(commands)) {
            byte[] content = random(70_000);
            UploadRequest request = new UploadRequest("/", "again.bin", content.length, "k1", 0, false,
                    TransferType.BINARY);
            using(server, context -> {
                files.upload(context, request, new BreakingStream(content, 30_000));
                // Without SIZE the server cannot say what it holds: the browser starts over from the first byte.
                assertThat(files.uploaded(context, request)).isZero();
                files.upload(context, request, new ByteArrayInputStream(content));
            });

            assertThat(commands.writes()).extracting(write -> write.substring(0, 4)).containsExactly("STOR", "STOR");
            assertThat(server.root().resolve("again.bin")).hasBinaryContent(content);
            try (var left = Files.list(server.root())) {
                assertThat(left).extracting(path -> path.getFileName().toString()).containsExactly("again.bin");
            }
        }
    }

    /** Runs the work on a connection to the server, in a session of its own that ends with it. */
    private void using(ApacheFtpTestServer server, java.util.function.Consumer<FtpContext> work) {
        var admin = TestUsers.admin(accounts);
        long rule = policy.addRule(Protocol.FTP, server.host(), server.port(), server.port(), "ftplet", admin).id();
        try {
            ConnectionProfile profile = connections.create(new ConnectionDraft(ConnectionKind.FTP, "ftplet",
                    server.host(), server.port(), Security.NONE, server.username(), server.password(), false,
                    new ConnectionOptions.Ftp(true, "UTF-8")), user);
            FtpContext context = new FtpContext(user, "ftplet-" + UUID.randomUUID(), profile.id());
            try {
                work.accept(context);
            } finally {
                files.closeSession(context.sessionKey());
            }
        } finally {
            policy.removeRule(rule, admin);
        }
    }

    /**
     * Notes each command that writes a file (STOR, APPE) with its argument; told to, it names no SIZE in FEAT and
     * does not implement it, or does not implement APPE.
     */
    static final class Commands extends DefaultFtplet {

        private final List<String> writes = new CopyOnWriteArrayList<>();
        private final boolean size;
        private final boolean refusesAppend;

        Commands(boolean size, boolean refusesAppend) {
            this.size = size;
            this.refusesAppend = refusesAppend;
        }

        List<String> writes() {
            return List.copyOf(writes);
        }

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            String command = request.getCommand();
            if (command.equals("STOR") || command.equals("APPE")) {
                writes.add(command + " " + request.getArgument());
            }
            if (!size && command.equals("FEAT")) {
                session.write(new DefaultFtpReply(211, "Extensions supported\n MDTM\n MLST type*;size*;modify*;\n"
                        + " REST STREAM\n UTF8\nEnd"));
                return FtpletResult.SKIP;
            }
            if (!size && command.equals("SIZE") || refusesAppend && command.equals("APPE")) {
                session.write(new DefaultFtpReply(502, "Command " + command + " not implemented"));
                return FtpletResult.SKIP;
            }
            return super.beforeCommand(session, request);
        }
    }

    /** A server that offers no MLSD (its FEAT says so) and counts what LIST is asked; told to, it refuses options. */
    static final class ListOnly extends DefaultFtplet {

        final List<String> lists = new CopyOnWriteArrayList<>();
        private final boolean refusesOptions;

        ListOnly(boolean refusesOptions) {
            this.refusesOptions = refusesOptions;
        }

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            if (request.getCommand().equals("FEAT")) {
                session.write(new DefaultFtpReply(211, "Extensions supported\n SIZE\n MDTM\n REST STREAM\n UTF8\nEnd"));
                return FtpletResult.SKIP;
            }
            if (request.getCommand().equals("LIST")) {
                String argument = request.hasArgument() ? request.getArgument() : "";
                lists.add(argument);
                if (refusesOptions && argument.startsWith("-")) {
                    session.write(new DefaultFtpReply(550, argument + ": No such file or directory"));
                    return FtpletResult.SKIP;
                }
            }
            return super.beforeCommand(session, request);
        }
    }
}
