package dev.postern.platform;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Postern keeps its state.
 *
 * @param dataDir directory for the embedded database and generated files (the master key)
 * @param db the database: external when {@code url} is set, embedded otherwise
 */
@Validated
@ConfigurationProperties("postern")
public record PlatformProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @Valid @NotNull @DefaultValue Db db) {

    /**
     * @param url JDBC URL of an external PostgreSQL; blank starts the embedded one
     * @param username user for the external database
     * @param password password for the external database
     * @param passwordFile a file holding that password instead, as container secrets are mounted
     * @param poolSize largest number of pooled connections
     * @param connectTimeout how long to wait for a pooled connection
     * @param embeddedPort port of the embedded server on loopback; 0 picks a free one
     */
    public record Db(
            @Pattern(regexp = "^$|^jdbc:postgresql:.*", message = "must be a jdbc:postgresql: URL") @DefaultValue("") String url,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("") String passwordFile,
            @Min(2) @Max(500) @DefaultValue("20") int poolSize,
            @NotNull @DefaultValue("10s") Duration connectTimeout,
            @Min(0) @Max(65535) @DefaultValue("0") int embeddedPort) {

        public boolean external() {
            return !url.isBlank();
        }
    }
}
