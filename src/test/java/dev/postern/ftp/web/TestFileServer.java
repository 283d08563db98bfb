package dev.postern.ftp.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.testing.Browser;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;

/**
 * What each file manager browser test starts from: an in-process Apache FtpServer of its own whose user may write
 * (unlike {@code TestFtpServer}'s), over a fresh home folder; the upstream policy allowing its control port and its
 * passive data ports for as long as it runs; and a new Postern user with an FTP connection to it. Close it after the
 * test.
 */
final class TestFileServer implements AutoCloseable {

    static final String LOGIN = "files";
    static final String PASSWORD = "Ftp-Files-Secret-31";
    static final String CONNECTION_NAME = "Team files";

    final Path home;
    final String username;
    final CurrentUser user;
    final ConnectionProfile connection;
    private final FtpServer server;
    private final UpstreamPolicy policy;
    private final CurrentUser admin;
    private final List<Long> rules;

    TestFileServer(UpstreamPolicy policy, AccountManagement accounts, Connections connections, String prefix)
            throws Exception {
        this.policy = policy;
        this.admin = TestUsers.admin(accounts);
        home = Files.createTempDirectory("postern-ftp-home");
        int port = freePort();
        int passive = freePort();
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        // A few ports from a free one on: the policy below allows exactly these.
        data.setPassivePorts(passive + "-" + (passive + 20));
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        BaseUser account = new BaseUser();
        account.setName(LOGIN);
        account.setPassword(PASSWORD);
        account.setHomeDirectory(home.toString());
        account.setAuthorities(List.<Authority>of(new WritePermission(), new ConcurrentLoginPermission(0, 0)));
        factory.getUserManager().save(account);
        server = factory.createServer();
        server.start();
        rules = List.of(
                policy.addRule(Protocol.FTP, "127.0.0.1", port, port, "file manager test", admin).id(),
                policy.addRule(Protocol.FTP, "127.0.0.1", passive, passive + 20, "file manager test data", admin).id());
        username = TestUsers.create(accounts, prefix);
        user = TestUsers.as(accounts, username);
        connection = connections.create(new ConnectionDraft(ConnectionKind.FTP, CONNECTION_NAME, "127.0.0.1", port,
                Security.NONE, LOGIN, PASSWORD, false, new ConnectionOptions.Ftp(true, "UTF-8")), user);
    }

    /** The connection's root folder page. */
    String path() {
        return "/files/" + connection.id();
    }

    /** Signs in and opens the files the way a user does: "Open files" on the start page. */
    void signInAndOpen(Browser browser) {
        browser.signIn(username, TestUsers.PASSWORD);
        browser.followLink(browser.message(Locale.ENGLISH, "files.open"));
    }

    /** How many control connections the server has taken since it started: whether anything reached it. */
    int connectionsMade() {
        return ((DefaultFtpServer) server).getServerContext().getFtpStatistics().getTotalConnectionNumber();
    }

    /** Writes a file below the home folder (making its folders), as if someone had put it on the server. */
    Path put(String relative, byte[] content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    @Override
    public void close() throws IOException {
        rules.forEach(id -> policy.removeRule(id, admin));
        server.stop();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
