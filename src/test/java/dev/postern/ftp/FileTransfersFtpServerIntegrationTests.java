package dev.postern.ftp;

import java.util.UUID;

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
                files.closeSession(pasv.sessionKey());
            } finally {
                policy.removeRule(rule, admin);
            }
        }
    }
}
