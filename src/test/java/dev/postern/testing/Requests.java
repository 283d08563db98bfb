package dev.postern.testing;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Helpers for MockMvc requests. */
public final class Requests {

    private static final AtomicInteger nextAddress = new AtomicInteger(1);

    private Requests() {
    }

    /**
     * A client address no other test uses, so that the per-address sign-in throttle of one test never slows another.
     */
    public static String uniqueClientIp() {
        int n = nextAddress.getAndIncrement();
        return "198.51." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

    /** A sign-in form post, with its CSRF token, from the given client address. */
    public static MockHttpServletRequestBuilder login(String username, String password, String clientIp) {
        return MockMvcRequestBuilders.post("/login").param("username", username).param("password", password)
                .with(SecurityMockMvcRequestPostProcessors.csrf()).with(from(clientIp));
    }

    /** The session cookie a response set (Spring Session writes it as a header, which MockMvc does not parse). */
    public static Cookie sessionCookie(MvcResult result) {
        for (String header : result.getResponse().getHeaders("Set-Cookie")) {
            if (header.startsWith(SESSION_COOKIE + "=")) {
                String value = header.substring(SESSION_COOKIE.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
                return new Cookie(SESSION_COOKIE, value);
            }
        }
        return null;
    }

    public static final String SESSION_COOKIE = "POSTERN_SESSION";

    /** Signs in through the real login form and returns the session cookie. */
    public static Cookie signIn(MockMvc mvc, String username, String password) throws Exception {
        MvcResult result = mvc.perform(login(username, password, uniqueClientIp())).andReturn();
        String target = result.getResponse().getRedirectedUrl();
        if (target == null || target.startsWith("/login")) {
            throw new AssertionError("sign-in of " + username + " failed: " + target);
        }
        return sessionCookie(result);
    }

    public static RequestPostProcessor from(String clientIp) {
        return request -> {
            request.setRemoteAddr(clientIp);
            return request;
        };
    }
}
