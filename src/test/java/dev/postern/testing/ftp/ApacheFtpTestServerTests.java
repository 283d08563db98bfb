package dev.postern.testing.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;

import dev.postern.upstream.Security;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;

class ApacheFtpTestServerTests implements FtpTestServerContract {

    @Override
    public FtpTestServer server(Security security) {
        return ApacheFtpTestServer.start(security);
    }

    @Test
    void passiveReplyAnnouncesTheAddressAskedFor() throws Exception {
        try (ApacheFtpTestServer server = ApacheFtpTestServer.startAnnouncingPassiveAddress("192.0.2.1")) {
            FTPClient client = FtpClients.login(server);
            try {
                assertThat(client.pasv()).isEqualTo(227);
                assertThat(client.getReplyString()).contains("(192,0,2,1,");

                // A client that does not follow the announcement still reaches the server's passive port.
                client.setPassiveNatWorkaroundStrategy(host -> InetAddress.getLoopbackAddress().getHostAddress());
                assertThat(client.storeFile("a.txt", new ByteArrayInputStream(new byte[] {42})))
                        .as(client.getReplyString()).isTrue();
            } finally {
                FtpClients.logout(client);
            }
            assertThat(server.root().resolve("a.txt")).hasBinaryContent(new byte[] {42});
        }
    }
}
