package dev.postern.testing.mail;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The mail server contract against in-process GreenMail. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GreenMailServerContractTests implements MailServerContract {

    private static GreenMailServer server;

    @BeforeAll
    static void start() {
        server = GreenMailServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public MailServer server() {
        return server;
    }
}
