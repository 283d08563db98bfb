package dev.postern.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The page language: the user's saved choice (put in the session at sign-in), else the one picked on the login
 * page (a cookie), else the browser's Accept-Language, else English. Only English and Korean are offered.
 */
@Component("localeResolver")
class SessionLocaleResolver implements LocaleResolver {

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.KOREAN);
    static final String SESSION_ATTRIBUTE = "postern.locale";
    static final String COOKIE = "postern-lang";
    /** The choice made during this request, which its own response must already show. */
    static final String REQUEST_ATTRIBUTE = SessionLocaleResolver.class.getName() + ".chosen";

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof Locale chosen) {
            return chosen;
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof Locale locale) {
            return locale;
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (COOKIE.equals(cookie.getName())) {
                    Locale chosen = supported(cookie.getValue());
                    if (chosen != null) {
                        return chosen;
                    }
                }
            }
        }
        String header = request.getHeader("Accept-Language");
        if (header != null && !header.isBlank()) {
            try {
                Locale match = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
                if (match != null) {
                    return match;
                }
            } catch (IllegalArgumentException malformed) {
                // A malformed header falls back to the default.
            }
        }
        return Locale.ENGLISH;
    }

    /** Remembers the choice in the session and a cookie; null forgets it (the browser's language applies again). */
    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Locale chosen = locale == null ? null : supported(locale.getLanguage());
        if (chosen == null) {
            request.removeAttribute(REQUEST_ATTRIBUTE);
        } else {
            request.setAttribute(REQUEST_ATTRIBUTE, chosen);
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            if (chosen == null) {
                session.removeAttribute(SESSION_ATTRIBUTE);
            } else {
                session.setAttribute(SESSION_ATTRIBUTE, chosen);
            }
        }
        if (response != null) {
            ResponseCookie cookie = ResponseCookie.from(COOKIE, chosen == null ? "" : chosen.getLanguage())
                    .path(request.getContextPath().isEmpty() ? "/" : request.getContextPath())
                    .maxAge(chosen == null ? Duration.ZERO : Duration.ofDays(365))
                    .httpOnly(true).sameSite("Lax").secure(request.isSecure()).build();
            response.addHeader("Set-Cookie", cookie.toString());
        }
    }

    static Locale supported(String language) {
        if (language == null) {
            return null;
        }
        return SUPPORTED.stream().filter(l -> l.getLanguage().equalsIgnoreCase(language.strip())).findFirst().orElse(null);
    }
}
