package dev.postern.upstream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.postern.platform.InvalidSetting;
import dev.postern.platform.Storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialVaultTests {

    static final String KEY_A = "q0JXb4hmV8kK4Gq3b6Rk9yq2u1tQe0vY8w7XpZ5sNcM=";
    static final String KEY_B = "3vJ0m5l8QZ2gq7TtYb1nR4cW6xE9uA0sD2fG5hJ8kLo=";

    @TempDir
    Path dataDir;

    private CredentialVault vault(String key, String... previous) {
        return new CredentialVault(new UpstreamProperties(key, "", List.of(previous), true,
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5)), new Storage(dataDir, false));
    }

    @Test
    void encryptsSoThatThePasswordIsNotInTheCiphertextAndDecryptsIt() {
        CredentialVault vault = vault(KEY_A);
        String password = "비밀번호-Secret-123";
        byte[] sealed = vault.encrypt(password, "connection:1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Secret");
        assertThat(vault.decrypt(sealed, "connection:1")).isEqualTo(password);
        assertThat(vault.encrypt(password, "connection:1")).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aCiphertextBelongsToItsContext() {
        CredentialVault vault = vault(KEY_A);
        byte[] sealed = vault.encrypt("hunter2hunter2", "connection:1");
        assertThatThrownBy(() -> vault.decrypt(sealed, "connection:2")).isInstanceOf(CredentialVault.UnreadableSecret.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.decrypt(sealed, "connection:1")).isInstanceOf(CredentialVault.UnreadableSecret.class);
    }

    @Test
    void previousKeysStillDecryptAndTheCurrentKeyEncrypts() {
        byte[] old = vault(KEY_B).encrypt("old-password", "c");
        CredentialVault rotated = vault(KEY_A, KEY_B);
        assertThat(rotated.decrypt(old, "c")).isEqualTo("old-password");
        assertThat(CredentialVault.keyId(old)).isNotEqualTo(rotated.currentKeyId());
        assertThat(CredentialVault.keyId(rotated.encrypt("x", "c"))).isEqualTo(rotated.currentKeyId());
        assertThatThrownBy(() -> vault(KEY_A).decrypt(old, "c")).isInstanceOf(CredentialVault.UnreadableSecret.class)
                .hasMessageContaining("unknown master key");
    }

    @Test
    void refusesAMalformedKeyNamingTheSetting() {
        assertThatThrownBy(() -> vault("c2hvcnQ=")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("POSTERN_MASTER_KEY").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> vault("not base64 at all!")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("POSTERN_MASTER_KEY");
        assertThatThrownBy(() -> vault(KEY_A, "short")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("POSTERN_PREVIOUS_MASTER_KEYS");
    }

    @Test
    void withAnExternalDatabaseAMissingKeyStopsStartup() {
        assertThatThrownBy(() -> vault("")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("POSTERN_MASTER_KEY").hasMessageContaining("external database");
    }

    @Test
    void withTheEmbeddedDatabaseAKeyIsGeneratedOnceReadableByTheOwnerOnly() throws Exception {
        UpstreamProperties noKey = new UpstreamProperties("", "", List.of(), true, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(5));
        CredentialVault first = new CredentialVault(noKey, new Storage(dataDir, true));
        byte[] sealed = first.encrypt("kept", "c");
        Path keyFile = dataDir.resolve("master.key");
        assertThat(Files.getPosixFilePermissions(keyFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        CredentialVault second = new CredentialVault(noKey, new Storage(dataDir, true));
        assertThat(second.decrypt(sealed, "c")).isEqualTo("kept");
        assertThat(Set.of(first.currentKeyId())).containsExactly(second.currentKeyId());
    }
}
