package dev.postern.ftp;

import org.junit.jupiter.api.Tag;

import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.ftp.Vsftpd;
import dev.postern.testing.ftp.FtpTestServer;
import dev.postern.upstream.Security;

/** The file manager's contract against Debian's vsftpd on loopback, security STARTTLS. */
@PosternIntegrationTest
@Tag("system")
class FileTransfersVsftpdExplicitTlsIntegrationTests extends FileTransfersContract {

    @Override
    protected FtpTestServer startServer() {
        return Vsftpd.shared(Security.STARTTLS);
    }
}
