package dev.postern.testing.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;

import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mail server contract against Debian's Dovecot and Postfix, and what only they do: the IMAP extensions web-mail
 * relies on, STARTTLS with a certificate that names the host, submission that insists on AUTH.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DovecotServerContractTests implements MailServerContract {

    private static DovecotServer server;

    @BeforeAll
    static void start() {
        server = DovecotServer.start();
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

    @Test
    void imapAdvertisesTheExtensionsWebMailUses() throws MessagingException {
        MailUser user = newUser("caps");

        try (IMAPStore store = (IMAPStore) MailClients.imap(server, user)) {
            for (String capability : new String[] {"IMAP4rev1", "IDLE", "SORT", "THREAD=REFERENCES", "SPECIAL-USE",
                    "UIDPLUS", "MOVE", "CONDSTORE"}) {
                assertThat(store.hasCapability(capability)).as(capability).isTrue();
            }
        }
    }

    @Test
    void startTlsRefusesTheSelfSignedCertificateWithDefaultTrust() {
        MailUser user = newUser("starttls");

        assertThatThrownBy(() -> MailClients.imapStartTls(server, user, null).close())
                .isInstanceOf(MessagingException.class)
                .satisfies(failure -> assertThat(MailServerContract.causes(failure))
                        .hasAtLeastOneElementOfType(SSLHandshakeException.class));
    }

    @Test
    void startTlsAndImapsAcceptTheTrustedCertificateWhichNamesTheHost() throws MessagingException {
        MailUser user = newUser("hostname");

        try (Store store = MailClients.imapStartTls(server, user, server.certificate())) {
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
        try (Store store = MailClients.imaps(server, user, server.certificate(), true)) {
            assertThat(store.getFolder("Sent").exists()).isTrue();
        }
    }

    @Test
    void submissionAfterStartTlsDelivers() throws Exception {
        MailUser sender = newUser("tlssender");
        MailUser recipient = newUser("tlsrecipient");
        byte[] message = MailClients.textMessage(sender.address(), recipient.address(), "Over STARTTLS", "Hi\n");

        MailClients.submit(server, sender, message, server.certificate());

        Message arrived = awaitInInbox(recipient, MailClients.parse(message).getMessageID());
        assertThat(arrived.getSubject()).isEqualTo("Over STARTTLS");
    }

    @Test
    void submissionRefusesMailWithoutAuth() throws MessagingException {
        MailUser recipient = newUser("noauth");
        Session session = Session.getInstance(new java.util.Properties());
        byte[] message = MailClients.textMessage("someone@example.com", recipient.address(), "No AUTH", "x\n");

        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(server.host(), server.submissionPort(), null, null);
            assertThatThrownBy(() -> transport.sendMessage(MailClients.parse(message),
                    MailClients.parse(message).getAllRecipients()))
                    .isInstanceOf(SendFailedException.class)
                    .satisfies(failure -> assertThat(MailServerContract.causes(failure))
                            .anySatisfy(cause -> assertThat(cause).hasMessageContaining("Access denied")));
        }
    }

    @Test
    void nestedFoldersAreMaildirPlusPlusDirectoriesThatDoveadmSees() throws Exception {
        MailUser user = newUser("disk");
        server.folder(user.name(), "Work/Projects");
        server.deliver(user.name(), "Work/Projects",
                MailClients.textMessage("a@example.com", user.address(), "Nested", "n\n"));

        assertThat(server.servers().folders(user.name())).contains("Work/Projects", "Sent", "INBOX");
        assertThat(server.servers().doveadm(null, "mailbox", "status", "-u", user.name(), "messages",
                "Work/Projects")).contains("messages=1");
        assertThat(server.servers().maildir(user.name()).resolve(".Work.Projects")).isDirectory();
        assertThat(server.messages(user.name(), "Work/Projects")).hasSize(1);
        try (Store store = MailClients.imap(server, user)) {
            Folder nested = store.getFolder("Work/Projects");
            nested.open(Folder.READ_ONLY);
            assertThat(nested.getMessage(1).getSubject()).isEqualTo("Nested");
            nested.close(false);
        }
    }
}
