package dev.postern.mail.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

import dev.postern.mail.Mailboxes;
import dev.postern.mail.Submission;

/**
 * Signing out closes the session's mailbox connections at once, rather than at their idle timeout, and forgets its
 * compose windows.
 */
@Component
class MailLogout implements LogoutHandler {

    private final Mailboxes mailboxes;
    private final Submission submission;

    MailLogout(Mailboxes mailboxes, Submission submission) {
        this.mailboxes = mailboxes;
        this.submission = submission;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            mailboxes.closeSession(session.getId());
            submission.closeSession(session.getId());
        }
    }
}
