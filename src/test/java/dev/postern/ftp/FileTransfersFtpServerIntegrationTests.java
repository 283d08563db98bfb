package dev.postern.ftp;

import java.io.IOException;
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
            var admin = TestUsers.admin(accounts);
            long rule = policy.addRule(Protocol.FTP, elsewhere.host(), elsewhere.port(), elsewhere.port(), "pasv",
                    admin).id();
            try {
                ConnectionProfile profile = connections.create(new ConnectionDraft(ConnectionKind.FTP, "pasv",
                        elsewhere.host(), elsewhere.port(), Security.NONE, elsewhere.username(), elsewhere.password(),
                        false, new ConnectionOptions.Ftp(true, "UTF-8")), user);
                FtpContext pasv = new FtpContext(user, "pasv-" + UUID.randomUUID(), profile.id());

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
                files.closeSession(pasv.sessionKey());
            } finally {
                policy.removeRule(rule, admin);
            }
        }
    }

    @Test
    void aServerWithoutMlsdIsAskedForHiddenEntriesAndOneThatRefusesThatIsListedPlainlyFromThenOn() {
        for (boolean refuses : new boolean[]{false, true}) {
            ListOnly ftplet = new ListOnly(refuses);
            try (ApacheFtpTestServer listOnly = ApacheFtpTestServer.startWith(ftplet)) {
                listOnly.write("a/shown.txt", new byte[]{1});
                var admin = TestUsers.admin(accounts);
                long rule = policy.addRule(Protocol.FTP, listOnly.host(), listOnly.port(), listOnly.port(), "list",
                        admin).id();
                try {
                    ConnectionProfile profile = connections.create(new ConnectionDraft(ConnectionKind.FTP, "list",
                            listOnly.host(), listOnly.port(), Security.NONE, listOnly.username(), listOnly.password(),
                            false, new ConnectionOptions.Ftp(true, "UTF-8")), user);
                    FtpContext list = new FtpContext(user, "list-" + UUID.randomUUID(), profile.id());

                    Listing first = files.list(list, "/a");
                    Listing second = files.list(list, "/a");

                    assertThat(first.machineReadable()).isFalse();
                    assertThat(first.entries()).extracting(RemoteEntry::name).containsExactly("shown.txt");
                    assertThat(second.entries()).isEqualTo(first.entries());
                    assertThat(ftplet.lists).as(refuses ? "refused" : "taken")
                            .containsExactly(refuses ? new String[]{"-a", "", ""} : new String[]{"-a", "-a"});
                    files.closeSession(list.sessionKey());
                } finally {
                    policy.removeRule(rule, admin);
                }
            }
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
