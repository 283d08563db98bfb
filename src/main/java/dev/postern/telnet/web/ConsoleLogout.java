package dev.postern.telnet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

import dev.postern.telnet.ConsoleSessions;

/** Signing out ends the console sessions opened in that sign-in session. */
@Component
class ConsoleLogout implements LogoutHandler {

    private final ConsoleSessions consoles;

    ConsoleLogout(ConsoleSessions consoles) {
        this.consoles = consoles;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            consoles.closeSession(session.getId());
        }
    }
}
