package dev.postern.telnet;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the browser console ({@code postern.console.*}).
 *
 * @param idleTimeout a session with nothing typed or printed for this long ends
 * @param grace how long a session whose browser went away (reload, sleep, a lost network) waits to be reattached
 * @param maxSessionsPerUser live sessions a user may have at once
 * @param maxSessions live sessions on this instance at once, all users together
 * @param window output sent to the browser and not yet acknowledged as drawn, at most; past it Postern stops reading
 *               from the host until the browser catches up
 * @param replay how much recent output is kept to redraw the screen of a reattached browser
 */
@Validated
@ConfigurationProperties("postern.console")
public record ConsoleProperties(
        @NotNull @DefaultValue("30m") Duration idleTimeout,
        @NotNull @DefaultValue("2m") Duration grace,
        @Min(1) @Max(100) @DefaultValue("5") int maxSessionsPerUser,
        @Min(1) @Max(100_000) @DefaultValue("2000") int maxSessions,
        @NotNull @DefaultValue("1MB") DataSize window,
        @NotNull @DefaultValue("128KB") DataSize replay) {
}
