package dev.postern.telnet.web;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;

/**
 * Checks a console WebSocket upgrade and keeps what the socket needs: the signed-in user (Spring Security already
 * refused anyone else), the HTTP session (so that sign-out ends its consoles), the connection from the path
 * ({@code /console/{connection}/socket}), and from the query the session to reattach to or the terminal's size.
 * The Origin is checked by Spring's same-origin rule (no cross-site WebSocket hijacking).
 */
final class ConsoleHandshake implements HandshakeInterceptor {

    static final String USER = "postern.console.user";
    static final String HTTP_SESSION = "postern.console.httpSession";
    static final String CONNECTION = "postern.console.connection";
    static final String SESSION = "postern.console.session";
    static final String COLUMNS = "postern.console.columns";
    static final String ROWS = "postern.console.rows";
    static final String LOCALE = "postern.console.locale";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            return false;
        }
        HttpServletRequest http = servlet.getServletRequest();
        HttpSession session = http.getSession(false);
        CurrentUser user = AccountManagement.currentUser(SecurityContextHolder.getContext().getAuthentication(),
                http.getRemoteAddr()).orElse(null);
        UriComponents uri = UriComponentsBuilder.fromUri(request.getURI()).build();
        UUID connection = connection(uri.getPath());
        if (session == null || user == null || connection == null) {
            response.setStatusCode(org.springframework.http.HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(USER, user);
        attributes.put(HTTP_SESSION, session.getId());
        attributes.put(CONNECTION, connection);
        attributes.put(LOCALE, LocaleContextHolder.getLocale());
        attributes.put(COLUMNS, size(uri.getQueryParams().getFirst("cols"), 80));
        attributes.put(ROWS, size(uri.getQueryParams().getFirst("rows"), 24));
        String reattach = uri.getQueryParams().getFirst("session");
        if (reattach != null && !reattach.isBlank()) {
            try {
                attributes.put(SESSION, UUID.fromString(reattach));
            } catch (IllegalArgumentException malformed) {
                response.setStatusCode(org.springframework.http.HttpStatus.BAD_REQUEST);
                return false;
            }
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
    }

    /** The connection id in {@code /console/{id}/socket}, or null. */
    static UUID connection(String path) {
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/");
        for (int i = 0; i + 2 < parts.length; i++) {
            if (parts[i].equals("console") && parts[i + 2].equals("socket")) {
                try {
                    return UUID.fromString(parts[i + 1]);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    private static int size(String value, int fallback) {
        try {
            int parsed = Integer.parseInt(value);
            return parsed >= 1 && parsed <= 1000 ? parsed : fallback;
        } catch (NumberFormatException | NullPointerException absent) {
            return fallback;
        }
    }
}
