package dev.postern.account.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

import dev.postern.account.AccountActions;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;

/** Records sign-outs. */
@Component
class LogoutAudit implements LogoutHandler {

    private final AuditLog audit;

    LogoutAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication != null) {
            audit.record(AuditEntry.of(authentication.getName(), request.getRemoteAddr(), AccountActions.LOGOUT,
                    authentication.getName(), Outcome.SUCCESS));
        }
    }
}
