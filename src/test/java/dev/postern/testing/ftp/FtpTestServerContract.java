package dev.postern.testing.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.postern.upstream.Security;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link FtpTestServer} does, checked with Commons Net directly: under each protection, log in, list,
 * upload a file with a Korean name, download it again, and find its bytes on disk under {@link FtpTestServer#root()}.
 */
interface FtpTestServerContract {

    /** A server with the given protection; closed by the test ({@link FtpTestServer#close()}). */
    FtpTestServer server(Security security);

    @ParameterizedTest
    @EnumSource(Security.class)
    default void koreanNamedFileGoesUpAndComesBackIntact(Security security) throws Exception {
        try (FtpTestServer server = server(security)) {
            // A directory of its own, since a shared server's root serves other tests too.
            String folder = "contract-" + UUID.randomUUID();
            server.write(folder + "/있던파일.bin", new byte[] {1, 2, 3});
            byte[] content = ("입금내역 " + security + "\n").repeat(20_000).getBytes(StandardCharsets.UTF_8);
            FTPClient client = FtpClients.login(server);
            try {
                assertThat(client.changeWorkingDirectory(folder)).as(client.getReplyString()).isTrue();
                assertThat(client.listFiles()).extracting(FTPFile::getName).containsExactly("있던파일.bin");

                // Not Commons Net's storeFile: see TlsDataConnectionTests.
                assertThat(FtpClients.storeWithOrderlyClose(client, "입금내역.txt", content))
                        .as(client.getReplyString()).isTrue();
                ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
                assertThat(client.retrieveFile("입금내역.txt", downloaded)).as(client.getReplyString()).isTrue();

                assertThat(downloaded.toByteArray()).isEqualTo(content);
                assertThat(client.listNames()).containsExactlyInAnyOrder("있던파일.bin", "입금내역.txt");
                Path onDisk = server.root().resolve(folder).resolve("입금내역.txt");
                assertThat(Files.readAllBytes(onDisk)).isEqualTo(content);
                assertThat(client.rename("있던파일.bin", "바뀐이름.bin")).as(client.getReplyString()).isTrue();
                assertThat(client.deleteFile("바뀐이름.bin")).as(client.getReplyString()).isTrue();
                assertThat(server.root().resolve(folder)).isDirectoryNotContaining("glob:**.bin");
            } finally {
                FtpClients.logout(client);
            }
        }
    }
}
