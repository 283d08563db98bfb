package dev.postern.mail.internal;

import java.net.SocketException;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;

import dev.postern.mail.MailUnavailable;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamStatus;

/** Turns what Angus Mail throws into the gateway's status vocabulary and the server's own words. */
final class MailFailures {

    /** Angus's words when STARTTLS is required and the server does not offer it (IMAP and SMTP; POP3 says STLS). */
    private static final Pattern STARTTLS_MISSING = Pattern.compile(
            "(STARTTLS is required but|STARTTLS required but|STLS required but)", Pattern.CASE_INSENSITIVE);

    private MailFailures() {
    }

    /**
     * Network failures are told by their cause; the rest by what Angus was doing. Angus reports a missing STARTTLS
     * as a plain {@link MessagingException} (IMAP, SMTP) or even as an {@link AuthenticationFailedException} (POP3),
     * so that case is recognised by its words and reported as {@link UpstreamStatus#TLS_FAILED}, like a failed
     * handshake: either way the connection could not be protected as configured.
     *
     * @param authenticationReached whether the conversation got as far as logging in (a POP3 server that hangs up
     *                              before that is reported by Angus as an authentication failure too)
     */
    static UpstreamStatus classify(MessagingException failure, boolean authenticationReached, Security security) {
        UpstreamStatus network = UpstreamStatus.classify(failure);
        if (network != null) {
            return network;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (security == Security.STARTTLS && STARTTLS_MISSING.matcher(message).find()) {
            return UpstreamStatus.TLS_FAILED;
        }
        if (failure instanceof AuthenticationFailedException) {
            return authenticationReached ? UpstreamStatus.AUTH_FAILED : UpstreamStatus.PROTOCOL_ERROR;
        }
        return UpstreamStatus.SERVER_SAID_NO;
    }

    static String describe(Throwable failure) {
        return UpstreamStatus.describe(failure);
    }

    /** Whether the failure means the connection is gone (and a fresh one may succeed), not that the server said no. */
    static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreClosedException || t instanceof FolderClosedException || t instanceof SocketException
                    || t instanceof java.io.EOFException
                    || t instanceof org.eclipse.angus.mail.iap.ConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** The failure as the facade reports it. */
    static RuntimeException unavailable(MessagingException failure, Security security) {
        if (failure instanceof FolderNotFoundException) {
            return new dev.postern.mail.MessageNotFound(describe(failure));
        }
        return new MailUnavailable(classify(failure, true, security), describe(failure), failure);
    }
}
