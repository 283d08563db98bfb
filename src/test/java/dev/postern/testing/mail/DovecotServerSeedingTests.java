package dev.postern.testing.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.SortTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeding a large INBOX for benchmarks, against Dovecot. 5,000 messages by default; the benchmark's size with
 * {@code -Dpostern.seed.count=100000}.
 */
@Tag("system")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class DovecotServerSeedingTests {

    private static final int COUNT = Integer.getInteger("postern.seed.count", 5000);

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

    @Test
    void seededInboxHoldsEveryMessageInDateOrder() throws Exception {
        MailUser user = server.addUser("bench", "Bench-Pass-1");

        MailboxSeeder.Result result = server.seedInbox(user.name(), COUNT, 20260101L);
        System.out.println("Seeded Dovecot INBOX: " + result);

        assertThat(result.messages()).isEqualTo(COUNT);
        long started = System.nanoTime();
        try (Store store = MailClients.imap(server, user)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);

            assertThat(inbox.getMessageCount()).isEqualTo(COUNT);
            Message first = inbox.getMessage(1);
            Message last = inbox.getMessage(COUNT);
            assertThat(first.getReceivedDate()).isBefore(last.getReceivedDate());
            assertThat(inbox.getUnreadMessageCount()).isPositive().isLessThan(COUNT / 4);
            // A page of the newest, as web-mail asks for it: sorted by the server, envelopes only.
            Message[] newestFirst = inbox.getSortedMessages(new SortTerm[] {SortTerm.REVERSE, SortTerm.ARRIVAL});
            assertThat(newestFirst).hasSize(COUNT);
            Message[] page = Arrays.copyOf(newestFirst, 50);
            FetchProfile envelopes = new FetchProfile();
            envelopes.add(FetchProfile.Item.ENVELOPE);
            inbox.fetch(page, envelopes);
            assertThat(page[0].getReceivedDate()).isEqualTo(last.getReceivedDate());
            assertThat(page).allSatisfy(message -> assertThat(message.getSubject()).isNotBlank());
            inbox.close(false);
        }
        System.out.println("First IMAP session on it (SELECT, counts, SORT of all, a page of envelopes): "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
