package dev.postern.mail.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.postern.mail.MailAddress;

/** The addresses each user has written to, most used and most recent first, for completing To/Cc/Bcc. */
@Repository
public class Recipients {

    static final int KEEP_PER_USER = 2000;

    private final JdbcClient jdbc;

    Recipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void remember(long userId, List<MailAddress> addresses) {
        for (MailAddress address : addresses) {
            String email = address.address().strip().toLowerCase(Locale.ROOT);
            if (email.length() < 3 || email.length() > 254) {
                continue;
            }
            String name = address.name().length() > 200 ? address.name().substring(0, 200) : address.name();
            jdbc.sql("""
                            INSERT INTO mail_recipient (user_id, address, name) VALUES (?, ?, ?)
                            ON CONFLICT (user_id, address) DO UPDATE SET
                                uses = mail_recipient.uses + 1, last_used = now(),
                                name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE mail_recipient.name END""")
                    .params(userId, email, name).update();
        }
        // Keep the book bounded: drop what has not been used for longest beyond the limit.
        jdbc.sql("""
                        DELETE FROM mail_recipient WHERE user_id = ? AND address IN (
                            SELECT address FROM mail_recipient WHERE user_id = ?
                            ORDER BY last_used DESC OFFSET ?)""")
                .params(userId, userId, KEEP_PER_USER).update();
    }

    /** Up to {@code limit} addresses whose address or name contains the text (case-insensitive). */
    public List<MailAddress> complete(long userId, String text, int limit) {
        String pattern = "%" + text.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT name, address FROM mail_recipient
                        WHERE user_id = ? AND (address LIKE ? OR lower(name) LIKE ?)
                        ORDER BY uses DESC, last_used DESC LIMIT ?""")
                .params(userId, pattern, pattern, limit)
                .query((rs, n) -> new MailAddress(rs.getString("name"), rs.getString("address")))
                .list();
    }
}
