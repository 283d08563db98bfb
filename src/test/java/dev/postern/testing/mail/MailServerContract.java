package dev.postern.testing.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.net.ssl.SSLHandshakeException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MailServer} fixture must do, checked with plain Angus Mail clients: a test class implements this
 * with {@link #server()} and runs these tests against its server. These are tests of the fixtures, not of Postern.
 */
public interface MailServerContract {

    Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    MailServer server();

    @Test
    default void logsInOverImapAndListsFoldersWithTheirSpecialUse() throws MessagingException {
        MailUser user = newUser("list");
        server().folder(user.name(), "Projects");

        try (Store store = MailClients.imap(server(), user)) {
            Map<String, Set<String>> attributes = new HashMap<>();
            for (Folder folder : store.getDefaultFolder().list("*")) {
                attributes.put(folder.getFullName(), Set.of(((IMAPFolder) folder).getAttributes()));
            }

            assertThat(attributes.keySet()).contains("INBOX", "Projects")
                    .containsAll(server().specialUseFolders().keySet());
            server().specialUseFolders().forEach((name, use) -> assertThat(attributes.get(name)).as(name)
                    .contains(use));
        }
    }

    @Test
    default void readsADeliveredMessageOverImap() throws Exception {
        MailUser user = newUser("read");
        byte[] message = MailClients.textMessage("김민준 <minjun@example.com>", user.address(), "회의록: 3월 분기 보고",
                "안녕하세요,\n첨부한 회의록을 확인해 주세요.\nThanks!\n");
        server().deliver(user.name(), message);

        try (Store store = MailClients.imap(server(), user)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);

            assertThat(inbox.getMessageCount()).isEqualTo(1);
            Message read = inbox.getMessage(1);
            assertThat(read.getSubject()).isEqualTo("회의록: 3월 분기 보고");
            assertThat(read.getFrom()[0].toString()).contains("minjun@example.com");
            assertThat(((String) read.getContent()).replace("\r\n", "\n"))
                    .isEqualTo("안녕하세요,\n첨부한 회의록을 확인해 주세요.\nThanks!\n");
            inbox.close(false);
        }
    }

    @Test
    default void deliversIntoAFolderAndShowsWhatIsThere() throws Exception {
        MailUser user = newUser("folder");
        server().folder(user.name(), "Projects");
        byte[] message = MailClients.textMessage("alice@example.com", user.address(), "Filed away", "In a folder.\n");
        String messageId = MailClients.parse(message).getMessageID();
        server().deliver(user.name(), "Projects", message);

        try (Store store = MailClients.imap(server(), user)) {
            Folder projects = store.getFolder("Projects");
            projects.open(Folder.READ_ONLY);
            assertThat(projects.getMessageCount()).isEqualTo(1);
            assertThat(projects.getMessage(1).getSubject()).isEqualTo("Filed away");
            projects.close(false);
        }
        assertThat(server().messages(user.name(), "Projects")).singleElement()
                .satisfies(stored -> assertThat(MailClients.parse(stored).getMessageID()).isEqualTo(messageId));
        assertThat(server().messages(user.name(), "INBOX")).isEmpty();
    }

    @Test
    default void mailSubmittedWithAuthArrivesInTheRecipientsInbox() throws Exception {
        MailUser sender = newUser("sender");
        MailUser recipient = newUser("recipient");
        byte[] message = MailClients.textMessage(sender.address(), recipient.address(), "Über SMTP gesendet 전송",
                "Sent through submission.\n");
        String messageId = MailClients.parse(message).getMessageID();

        MailClients.submit(server(), sender, message);

        Message arrived = awaitInInbox(recipient, messageId);
        assertThat(arrived.getSubject()).isEqualTo("Über SMTP gesendet 전송");
        assertThat(server().messages(recipient.name(), "INBOX"))
                .anySatisfy(stored -> assertThat(MailClients.parse(stored).getMessageID()).isEqualTo(messageId));
    }

    @Test
    default void pop3ListsAndRetrievesMessages() throws Exception {
        MailUser user = newUser("pop");
        server().deliver(user.name(), MailClients.textMessage("a@example.com", user.address(), "First", "one\n"));
        server().deliver(user.name(), MailClients.textMessage("b@example.com", user.address(), "Second", "two\n"));

        try (Store store = MailClients.pop3(server(), user)) {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);

            assertThat(inbox.getMessageCount()).isEqualTo(2);
            List<String> subjects = new ArrayList<>();
            List<String> uids = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
                uids.add(inbox.getUID(message));
            }
            assertThat(subjects).containsExactlyInAnyOrder("First", "Second");
            assertThat(uids).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(((String) inbox.getMessage(1).getContent()).strip()).isIn("one", "two");
            inbox.close(false);
        }
    }

    @Test
    default void wrongPasswordIsRefusedOverImapPop3AndSubmission() {
        MailUser user = newUser("wrong");
        MailUser impostor = new MailUser(user.name(), user.password() + "-wrong", user.address());

        assertThatThrownBy(() -> MailClients.imap(server(), impostor).close())
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> MailClients.pop3(server(), impostor).close())
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> MailClients.submit(server(), impostor,
                MailClients.textMessage(user.address(), user.address(), "Nope", "x\n")))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    default void imapsRefusesTheSelfSignedCertificateWithDefaultTrust() {
        MailUser user = newUser("tls");

        assertThatThrownBy(() -> MailClients.imaps(server(), user, null, false).close())
                .isInstanceOf(MessagingException.class)
                .satisfies(failure -> assertThat(causes(failure)).hasAtLeastOneElementOfType(
                        SSLHandshakeException.class));
    }

    @Test
    default void imapsLogsInWhenTheCertificateIsTrusted() throws MessagingException {
        MailUser user = newUser("trust");

        try (Store store = MailClients.imaps(server(), user, server().certificate(), false)) {
            assertThat(store.isConnected()).isTrue();
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
    }

    /** A user no other test of this server uses. */
    default MailUser newUser(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return server().addUser(name, "Pw-" + UUID.randomUUID());
    }

    /** Polls the user's INBOX over IMAP until the message with this Message-ID is there. */
    default Message awaitInInbox(MailUser user, String messageId) throws MessagingException, InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (true) {
            try (Store store = MailClients.imap(server(), user)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Message[] found = inbox.search(new HeaderTerm("Message-ID", messageId));
                if (found.length > 0) {
                    // Detach from the connection that is about to close.
                    MimeMessage copy = new MimeMessage((MimeMessage) found[0]);
                    inbox.close(false);
                    return copy;
                }
                inbox.close(false);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message " + messageId + " did not reach " + user.address() + " within "
                        + DELIVERY_TIMEOUT.toSeconds() + " s; server: " + server());
            }
            Thread.sleep(200);
        }
    }

    static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
