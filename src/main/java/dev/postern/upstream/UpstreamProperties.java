package dev.postern.upstream;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the upstream module ({@code postern.upstream.*}).
 *
 * @param masterKey base64 of the 32-byte AES key that encrypts stored passwords ({@code POSTERN_MASTER_KEY})
 * @param masterKeyFile a file holding that key instead, as container secrets are mounted
 *                      ({@code POSTERN_MASTER_KEY_FILE})
 * @param previousMasterKeys keys that encrypted passwords before the current one, still accepted for reading until
 *                           the secrets are re-encrypted ({@code POSTERN_PREVIOUS_MASTER_KEYS})
 * @param allowPublicHosts whether public addresses may be reached without a rule; internal ones always need a rule
 * @param connectTimeout how long to wait for an upstream connection to open
 * @param readTimeout how long to wait for an upstream server's answer
 */
@Validated
@ConfigurationProperties("postern.upstream")
public record UpstreamProperties(
        @DefaultValue("") String masterKey,
        @DefaultValue("") String masterKeyFile,
        @DefaultValue List<String> previousMasterKeys,
        @DefaultValue("true") boolean allowPublicHosts,
        @NotNull @DefaultValue("10s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration readTimeout) {

    @Override
    public String toString() {
        return "UpstreamProperties[masterKey=" + (masterKey.isEmpty() ? "" : "******") + ", masterKeyFile="
                + masterKeyFile + ", previousMasterKeys="
                + previousMasterKeys.size() + ", allowPublicHosts=" + allowPublicHosts + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
