package dev.postern.mail.internal;

import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;

import org.junit.jupiter.api.Test;

import dev.postern.platform.InvalidInput;
import dev.postern.testing.mail.GreenMailServer;
import dev.postern.testing.mail.MailUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What POP3 cannot do is refused with a message for the user, never a programmer's error. */
class Pop3RetrievalTests {

    @Test
    void refusesWhatPop3CannotDoWithAClearMessage() throws Exception {
        try (GreenMailServer server = GreenMailServer.start()) {
            MailUser user = server.addUser("pop", "Pop-Password-1");
            try (Pop3Retrieval pop3 = Pop3Retrieval.connect(Session.getInstance(new Properties()), server.host(),
                    server.pop3Port(), user.name(), user.password())) {
                assertThat(pop3.hasFolders()).isFalse();
                assertRefused(() -> pop3.search("INBOX", null, 0, 50), "mail.pop3.noSearch");
                assertRefused(() -> pop3.conversations("INBOX", 0, 50, 100), "mail.pop3.noConversations");
                assertRefused(() -> pop3.markFlagged("INBOX", List.of("1"), true), "mail.pop3.noFlags");
                assertRefused(() -> pop3.move("INBOX", List.of("1"), "Archive"), "mail.pop3.noFolders");
                assertRefused(() -> pop3.copy("INBOX", List.of("1"), "Archive"), "mail.pop3.noFolders");
            }
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String key) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.getMessage() + " " + e.problems()).contains(key));
    }
}
