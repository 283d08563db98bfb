package dev.postern.testing;

import java.nio.file.Path;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;

/** An in-process Apache FtpServer on a free loopback port with one user, for tests that need a real FTP server. */
public final class TestFtpServer implements AutoCloseable {

    private final FtpServer server;
    private final int port;

    private TestFtpServer(FtpServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static TestFtpServer start(String username, String password, Path home) throws FtpException {
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        factory.addListener("default", listener.createListener());
        BaseUser user = new BaseUser();
        user.setName(username);
        user.setPassword(password);
        user.setHomeDirectory(home.toString());
        factory.getUserManager().save(user);
        FtpServer server = factory.createServer();
        server.start();
        int port = factory.getListener("default").getPort();
        return new TestFtpServer(server, port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
    }
}
