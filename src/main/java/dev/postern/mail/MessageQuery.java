package dev.postern.mail;

import java.time.LocalDate;

/**
 * A search in one folder, done by the server (IMAP SEARCH). Blank fields match everything.
 *
 * @param text words to find in the sender, the subject or the body
 * @param since messages on or after this day
 * @param before messages before this day
 */
public record MessageQuery(String text, String from, String to, String subject, String body, LocalDate since,
                           LocalDate before, boolean unreadOnly, boolean flaggedOnly) {

    public static final MessageQuery ALL = new MessageQuery(null, null, null, null, null, null, null, false, false);

    public boolean matchesEverything() {
        return blank(text) && blank(from) && blank(to) && blank(subject) && blank(body) && since == null
                && before == null && !unreadOnly && !flaggedOnly;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
