package dev.postern.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Sign-in and what every response carries: CSRF tokens on every form, a strict Content-Security-Policy (no inline
 * script or style anywhere), no framing, no MIME sniffing, a same-origin referrer, and a fresh session id at sign-in.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    static final RequestMatcher MAIL_BODY_FRAME = PathPatternRequestMatcher.withDefaults().matcher("/mail/*/body");
    /** The console recording player: its terminal emulator is WebAssembly, which needs 'wasm-unsafe-eval'. */
    static final RequestMatcher RECORDING_PLAYER = PathPatternRequestMatcher.withDefaults()
            .matcher(org.springframework.http.HttpMethod.GET, "/console/sessions/*");

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /**
     * No observation of Spring Security's own steps: with an observation registry present (for the Prometheus
     * metrics) Spring Security wraps each of its filters, and the authorization decision, in an observation of its
     * own, for tracing, which Postern does not do; on the mail list page that was a few percent of the CPU per request.
     * The request itself is still observed (`http.server.requests`).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationProvider accounts,
                                            List<LogoutHandler> logoutHandlers, LoginOutcomes outcomes,
                                            WebProperties properties)
            throws Exception {
        http
                // One provider, no parent manager: a failed sign-in must be checked (and counted) once.
                .authenticationManager(new ProviderManager(accounts))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/images/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/prometheus").access(metricsAccess(properties.metricsToken()))
                        .requestMatchers("/actuator/**", "/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/login")
                        .successHandler(outcomes)
                        .failureHandler(outcomes)
                        .permitAll())
                .logout(logout -> {
                    logoutHandlers.forEach(logout::addLogoutHandler);
                    logout.logoutSuccessUrl("/login?logout");
                })
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(RECORDING_PLAYER),
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                        // Compiling WebAssembly only, not JavaScript eval.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(RECORDING_PLAYER,
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY.replace(
                                        "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"))))
                        // Only a mail body may be framed, and only by Postern's own reading page.
                        .frameOptions(frame -> frame.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(MAIL_BODY_FRAME,
                                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.SAMEORIGIN)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(MAIL_BODY_FRAME),
                                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .httpStrictTransportSecurity(hsts -> {
                            if (!properties.hsts()) {
                                hsts.disable();
                            }
                        }))
                .addFilterAfter(new MustChangePasswordFilter(), AuthorizationFilter.class);
        return http.build();
    }

    /** A scraper may present the configured bearer token; otherwise only a signed-in admin gets the metrics. */
    private static AuthorizationManager<RequestAuthorizationContext> metricsAccess(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return (authentication, context) -> {
            HttpServletRequest request = context.getRequest();
            String header = request.getHeader("Authorization");
            if (!token.isEmpty() && header != null
                    && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
                return new AuthorizationDecision(true);
            }
            var auth = authentication.get();
            boolean admin = auth != null && auth.isAuthenticated() && auth.getAuthorities().stream()
                    .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
            return new AuthorizationDecision(admin);
        };
    }
}
