package dev.postern.mail.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import jakarta.mail.MessagingException;

import dev.postern.mail.ConversationPage;
import dev.postern.mail.Folder;
import dev.postern.mail.MessagePage;
import dev.postern.mail.MessageQuery;
import dev.postern.mail.MessageSort;

/**
 * One open connection to a user's mailbox, over IMAP or POP3. Not thread-safe: {@link MailSessions} lends it to
 * one request at a time.
 */
public interface Retrieval extends AutoCloseable {

    /** Whether the mailbox has folders (IMAP) or only an inbox (POP3). */
    boolean hasFolders();

    List<Folder> folders() throws MessagingException;

    MessagePage page(String folder, int page, int pageSize, MessageSort sort, boolean ascending)
            throws MessagingException;

    MessagePage search(String folder, MessageQuery query, int page, int pageSize) throws MessagingException;

    ConversationPage conversations(String folder, int page, int pageSize, int scanLimit) throws MessagingException;

    /** The message to read; its parts are fetched as they are read. */
    jakarta.mail.Message message(String folder, String id) throws MessagingException;

    /** Writes the message's raw RFC 822 source, streamed, without marking it read. */
    void writeSource(String folder, String id, OutputStream out) throws MessagingException, IOException;

    void markSeen(String folder, List<String> ids, boolean seen) throws MessagingException;

    void markFlagged(String folder, List<String> ids, boolean flagged) throws MessagingException;

    /** Marks messages answered (after a reply to them was sent); a no-op where the mailbox keeps no flags. */
    void markAnswered(String folder, List<String> ids) throws MessagingException;

    /** Deletes: moves to the trash folder, or removes for good when already there (or when there is none). */
    void delete(String folder, List<String> ids, String trash) throws MessagingException;

    void move(String folder, List<String> ids, String target) throws MessagingException;

    void copy(String folder, List<String> ids, String target) throws MessagingException;

    /**
     * Called each time {@link MailSessions} lends the connection to a request. {@code news} says that a watch of the
     * same session has heard of a change since the connection was last lent: what the request reads next must show it.
     */
    default void lent(boolean news) {
    }

    /** Cheap check that the connection still answers (NOOP). */
    void ping() throws MessagingException;

    @Override
    void close();
}
