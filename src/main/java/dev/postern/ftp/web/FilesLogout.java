package dev.postern.ftp.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

import dev.postern.ftp.FileTransfers;

/** Signing out closes the session's FTP connections at once, rather than at their idle timeout. */
@Component
class FilesLogout implements LogoutHandler {

    private final FileTransfers files;

    FilesLogout(FileTransfers files) {
        this.files = files;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            files.closeSession(session.getId());
        }
    }
}
