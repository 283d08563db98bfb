package dev.postern.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The session cookie: HttpOnly, SameSite=Lax, and Secure whenever the request came over TLS (directly, or through a
 * proxy whose forwarded headers are trusted; see {@code server.forward-headers-strategy}).
 */
@Configuration(proxyBeanMethods = false)
class SessionCookieConfiguration {

    static final String NAME = "POSTERN_SESSION";

    @Bean
    CookieSerializer cookieSerializer() {
        DefaultCookieSerializer serializer = new DefaultCookieSerializer();
        serializer.setCookieName(NAME);
        serializer.setUseHttpOnlyCookie(true);
        serializer.setSameSite("Lax");
        serializer.setCookiePath("/");
        return serializer;
    }
}
