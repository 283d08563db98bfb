package dev.postern.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.LoginThrottled;
import dev.postern.account.UserAccount;

/**
 * Where the browser goes after a sign-in attempt. Failures come back to the login page with a reason that never
 * tells whether the user name exists; a success takes the user's saved language, and a password that must be
 * changed sends the user to change it first.
 */
@Component
class LoginOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final AccountManagement accounts;
    private final SessionLocaleResolver locales;
    private final AuthenticationSuccessHandler savedRequest = new SavedRequestAwareAuthenticationSuccessHandler();

    LoginOutcomes(AccountManagement accounts, SessionLocaleResolver locales) {
        this.accounts = accounts;
        this.locales = locales;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, jakarta.servlet.ServletException {
        UserAccount user = AccountManagement.currentUser(authentication, request.getRemoteAddr())
                .map(CurrentUser::id).flatMap(accounts::find).orElseThrow();
        HttpSession session = request.getSession();
        if (user.locale() != null) {
            locales.setLocale(request, response, java.util.Locale.forLanguageTag(user.locale()));
        }
        if (user.mustChangePassword()) {
            session.setAttribute(AccountManagement.MUST_CHANGE_PASSWORD_SESSION, Boolean.TRUE);
            response.sendRedirect(request.getContextPath() + "/account/password");
            return;
        }
        savedRequest.onAuthenticationSuccess(request, response, authentication);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String query = switch (exception) {
            case LoginThrottled throttled -> "throttled&wait=" + throttled.retryAfterSeconds();
            case LockedException locked -> "locked";
            case DisabledException disabled -> "disabled";
            default -> "bad";
        };
        response.sendRedirect(request.getContextPath() + "/login?error=" + query);
    }
}
