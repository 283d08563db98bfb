package dev.postern.ftp;

import org.junit.jupiter.api.Tag;

import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.ftp.Proftpd;
import dev.postern.testing.ftp.FtpTestServer;
import dev.postern.upstream.Security;

/** The file manager's contract against Debian's proftpd on loopback, security TLS. */
@PosternIntegrationTest
@Tag("system")
class FileTransfersProftpdImplicitTlsIntegrationTests extends FileTransfersContract {

    @Override
    protected FtpTestServer startServer() {
        return Proftpd.shared(Security.TLS);
    }
}
