package dev.postern.testing.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import dev.postern.upstream.Security;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protected uploads and downloads, many of them and of several sizes, against the real daemons under TLS 1.3 and 1.2.
 *
 * <p>What this shows (and what Postern's FTP client must do): under TLS 1.3 the server sends session tickets on each
 * data connection after the handshake. An upload never reads them, so when the client closes the socket at once (as
 * Commons Net's {@code storeFile} does) they are still unread, and Linux answers the close with a TCP reset instead of
 * a FIN; data still on its way is dropped. vsftpd then fails the upload with {@code 426 Failure reading network
 * stream.} having stored only part of the file (seen only for 1 MB uploads: one to two in ten, under explicit and
 * implicit TLS alike; ProFTPD showed no failure in a hundred); under TLS 1.2 there are no tickets and no failures. A client that ends an upload with {@code shutdownOutput()}
 * (TLS close_notify), reads the data connection to its end, and only then closes it
 * ({@link FtpClients#storeWithOrderlyClose}) never fails.
 *
 * <p>The servers require each data connection to resume the control connection's TLS session; under TLS 1.3 that
 * uses up a session ticket, and a client out of them logs in again ({@link FtpClients#ready}).
 */
@Tag("system")
class TlsDataConnectionTests {

    private static final int[] SIZES = {0, 1, 1000, 70_000, 1_000_000};
    private static final int ROUNDS = 10;

    @ParameterizedTest(name = "{0} {1} {2}, orderly close: {3}")
    @CsvSource({
        "vsftpd, STARTTLS, TLSv1.3, true", "vsftpd, TLS, TLSv1.3, true",
        "vsftpd, STARTTLS, TLSv1.2, false", "vsftpd, TLS, TLSv1.2, false",
        "proftpd, STARTTLS, TLSv1.3, true", "proftpd, TLS, TLSv1.3, true",
        "proftpd, STARTTLS, TLSv1.2, false", "proftpd, TLS, TLSv1.2, false"})
    void everyProtectedTransferCompletes(String daemon, Security security, String protocol, boolean orderlyClose)
            throws Exception {
        Map<String, Integer> replies = transfer(server(daemon, security), protocol, orderlyClose);

        assertThat(replies).containsOnlyKeys("STOR 226", "RETR 226");
    }

    /** Commons Net's own way under TLS 1.3: not asserted, since it fails only now and then; printed for the record. */
    @ParameterizedTest(name = "{0} {1} TLSv1.3, closing at once")
    @CsvSource({"vsftpd, STARTTLS", "vsftpd, TLS", "proftpd, STARTTLS", "proftpd, TLS"})
    void uploadsClosedAtOnceUnderTls13(String daemon, Security security) throws Exception {
        transfer(server(daemon, security), "TLSv1.3", false);
    }

    private static FtpTestServer server(String daemon, Security security) {
        return daemon.equals("vsftpd") ? Vsftpd.shared(security) : Proftpd.shared(security);
    }

    private static Map<String, Integer> transfer(FtpTestServer server, String protocol, boolean orderlyClose)
            throws Exception {
        String folder = "tls-" + UUID.randomUUID();
        server.createDirectories(folder);
        Map<String, Integer> replies = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        FTPClient client = FtpClients.login(server, protocol);
        try {
            assertThat(client.changeWorkingDirectory(folder)).isTrue();
            for (int round = 0; round < ROUNDS; round++) {
                for (int size : SIZES) {
                    byte[] content = new byte[size];
                    new Random(round * 31L + size).nextBytes(content);
                    String name = "파일-" + round + "-" + size + ".bin";
                    client = FtpClients.ready(client, server, protocol);
                    boolean stored = orderlyClose ? FtpClients.storeWithOrderlyClose(client, name, content)
                            : client.storeFile(name, new ByteArrayInputStream(content));
                    replies.merge("STOR " + client.getReplyCode(), 1, Integer::sum);
                    if (!stored) {
                        failures.add("STOR " + size + " B: " + client.getReplyString().strip() + " (stored "
                                + Files.size(server.root().resolve(folder).resolve(name)) + " B)");
                        continue;
                    }
                    assertThat(server.root().resolve(folder).resolve(name)).hasBinaryContent(content);
                    ByteArrayOutputStream back = new ByteArrayOutputStream();
                    client = FtpClients.ready(client, server, protocol);
                    client.retrieveFile(name, back);
                    replies.merge("RETR " + client.getReplyCode(), 1, Integer::sum);
                    assertThat(Arrays.equals(back.toByteArray(), content)).as("RETR " + name).isTrue();
                }
            }
        } finally {
            FtpClients.logout(client);
        }
        System.out.println(server.name() + " " + server.security() + " " + protocol + (orderlyClose
                ? ", orderly close" : ", closing at once") + ": replies " + replies + ", failures " + failures);
        return replies;
    }
}
