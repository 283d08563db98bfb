package dev.postern.ftp;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.postern.ftp.internal.FtpTls;
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

/**
 * The file manager's contract over explicit FTPS (AUTH TLS, PROT P) against an in-process Apache FtpServer with a
 * self-signed certificate, trusted by its pinned fingerprint; and that certificate refused until it is pinned.
 */
@PosternIntegrationTest
class FileTransfersFtpsIntegrationTests extends FileTransfersContract {

    @Override
    protected FtpTestServer startServer() {
        return ApacheFtpTestServer.start(Security.STARTTLS);
    }

    @Test
    void aSelfSignedCertificateIsRefusedUntilPinned() {
        ConnectionProfile unpinned = connections.create(new ConnectionDraft(ConnectionKind.FTP, "unpinned",
                server.host(), server.port(), Security.STARTTLS, server.username(), server.password(), false,
                new ConnectionOptions.Ftp(true, "UTF-8")), user);
        FtpContext refused = new FtpContext(user, "unpinned-" + UUID.randomUUID(), unpinned.id());
        String fingerprint = FtpTls.fingerprint(server.certificate());

        assertThatThrownBy(() -> files.list(refused, "/"))
                .isInstanceOfSatisfying(FtpUnavailable.class, e -> {
                    assertThat(e.status()).isEqualTo(UpstreamStatus.TLS_FAILED);
                    assertThat(e.detail()).contains(fingerprint);
                });

        ConnectionProfile wrongPin = connections.create(new ConnectionDraft(ConnectionKind.FTP, "wrong pin",
                server.host(), server.port(), Security.STARTTLS, server.username(), server.password(), false,
                new ConnectionOptions.Ftp(true, "UTF-8", "", "00" + fingerprint.substring(2))), user);
        assertThatThrownBy(() -> files.list(new FtpContext(user, "wrong-" + UUID.randomUUID(), wrongPin.id()), "/"))
                .isInstanceOfSatisfying(FtpUnavailable.class,
                        e -> assertThat(e.status()).isEqualTo(UpstreamStatus.TLS_FAILED));

        // The contract's own connection pins the certificate, and lists.
        assertThat(files.list(context, "/").path()).isEqualTo("/");
    }

    /** Protected data connections go through the upstream policy too, TLS being layered on the checked socket. */
    @Test
    void aPassiveReplyPointingElsewhereIsRefused() {
        try (ApacheFtpTestServer elsewhere = ApacheFtpTestServer.start(Security.STARTTLS, "10.255.0.1")) {
            var admin = TestUsers.admin(accounts);
            long rule = policy.addRule(Protocol.FTP, elsewhere.host(), elsewhere.port(), elsewhere.port(), "pasv",
                    admin).id();
            try {
                ConnectionProfile profile = connections.create(new ConnectionDraft(ConnectionKind.FTP, "pasv",
                        elsewhere.host(), elsewhere.port(), Security.STARTTLS, elsewhere.username(),
                        elsewhere.password(), false, new ConnectionOptions.Ftp(true, "UTF-8", "",
                        FtpTls.fingerprint(elsewhere.certificate()))), user);
                FtpContext pasv = new FtpContext(user, "pasv-" + UUID.randomUUID(), profile.id());

                assertThatThrownBy(() -> files.list(pasv, "/"))
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
}
