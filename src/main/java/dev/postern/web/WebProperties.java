package dev.postern.web;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the web layer ({@code postern.web.*}).
 *
 * @param metricsToken bearer token that lets a Prometheus scraper read {@code /actuator/prometheus} without
 *                     signing in; blank leaves the endpoint to signed-in admins
 * @param hsts whether to send Strict-Transport-Security on HTTPS responses
 * @param sessionTimeout how long an idle session lives
 */
@Validated
@ConfigurationProperties("postern.web")
public record WebProperties(
        @Pattern(regexp = "^$|^[A-Za-z0-9._~+/=-]{24,200}$",
                message = "must be 24 to 200 characters of letters, digits and ._~+/=-") @DefaultValue("") String metricsToken,
        @DefaultValue("true") boolean hsts,
        @NotNull @DefaultValue("30m") Duration sessionTimeout) {

    @Override
    public String toString() {
        return "WebProperties[metricsToken=" + (metricsToken.isEmpty() ? "" : "******") + ", hsts=" + hsts
                + ", sessionTimeout=" + sessionTimeout + "]";
    }
}
