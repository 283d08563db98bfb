package dev.postern;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.NewUser;
import dev.postern.account.Role;
import dev.postern.account.UserAccount;
import dev.postern.platform.InvalidSetting;
import dev.postern.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Postern started as its jar starts it: settings checked, database chosen, data kept. */
@Timeout(180)
@ExtendWith(OutputCaptureExtension.class)
class StartupIntegrationTests {

    static final String ADMIN_PASSWORD = "Startup-Test-Passphrase-1";

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>();
        all.put("server.port", "0");
        all.put("postern.data-dir", dataDir.toString());
        all.putAll(settings);
        // As command-line arguments: they outrank application.yml, as the environment variables do in production.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(PosternApplication.class).run(args);
    }

    private Map<String, Object> externalDatabase() {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        return new HashMap<>(Map.of("postern.db.url", db.url(), "postern.db.username", db.username(),
                "postern.db.password", db.password(), "postern.account.admin.username", "root-admin",
                "postern.account.admin.password", ADMIN_PASSWORD));
    }

    @Test
    void aMissingMasterKeyWithAnExternalDatabaseStopsStartupNamingTheSetting(CapturedOutput output) {
        assertThatThrownBy(() -> start(externalDatabase()));
        assertThat(output).contains("Postern cannot start: the setting POSTERN_MASTER_KEY (postern.upstream.master-key)"
                + " is invalid: must be set when an external database is used");
    }

    @Test
    void aMalformedMasterKeyStopsStartupNamingTheSetting(CapturedOutput output) {
        Map<String, Object> settings = externalDatabase();
        settings.put("postern.upstream.master-key", "dG9vLXNob3J0");
        assertThatThrownBy(() -> start(settings));
        assertThat(output).contains("the setting POSTERN_MASTER_KEY (postern.upstream.master-key) is invalid: "
                + "must be 32 bytes");
    }

    @Test
    void aWeakAdminPasswordStopsStartupNamingTheSetting(CapturedOutput output) {
        Map<String, Object> settings = externalDatabase();
        settings.put("postern.upstream.master-key", "q0JXb4hmV8kK4Gq3b6Rk9yq2u1tQe0vY8w7XpZ5sNcM=");
        settings.put("postern.account.admin.password", "short");
        assertThatThrownBy(() -> start(settings)).isInstanceOf(InvalidSetting.class);
        assertThat(output).contains("the setting POSTERN_ADMIN_PASSWORD (postern.account.admin.password) is invalid: "
                + "Use at least 12 characters.");
    }

    @Test
    void readsTheMasterKeyAndDatabasePasswordFromFilesAsContainerSecretsProvideThem() throws Exception {
        Path keyFile = Files.writeString(dataDir.resolve("key"), "q0JXb4hmV8kK4Gq3b6Rk9yq2u1tQe0vY8w7XpZ5sNcM=\n");
        Path passwordFile = Files.writeString(dataDir.resolve("db-secret"), "not-checked-by-the-test-server\n");
        Map<String, Object> settings = externalDatabase();
        settings.put("postern.upstream.master-key-file", keyFile.toString());
        settings.put("postern.db.password-file", passwordFile.toString());
        try (ConfigurableApplicationContext context = start(settings)) {
            assertThat(context.getBean(dev.postern.upstream.CredentialVault.class).currentKeyId()).hasSize(16);
        }
        settings = externalDatabase();
        settings.put("postern.upstream.master-key-file", dataDir.resolve("missing").toString());
        Map<String, Object> missing = settings;
        assertThatThrownBy(() -> start(missing)).rootCause().isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("POSTERN_MASTER_KEY_FILE").hasMessageContaining("cannot read");
    }

    @Test
    void theReencryptCommandMovesEveryPasswordToTheNewKey() {
        String oldKey = "3vJ0m5l8QZ2gq7TtYb1nR4cW6xE9uA0sD2fG5hJ8kLo=";
        String newKey = "q0JXb4hmV8kK4Gq3b6Rk9yq2u1tQe0vY8w7XpZ5sNcM=";
        Map<String, Object> settings = externalDatabase();
        settings.put("postern.upstream.master-key", oldKey);
        java.util.UUID id;
        try (ConfigurableApplicationContext context = start(settings)) {
            AccountManagement accounts = context.getBean(AccountManagement.class);
            UserAccount admin = accounts.findByUsername("root-admin").orElseThrow();
            CurrentUser by = new CurrentUser(admin.id(), admin.username(), true, null);
            id = context.getBean(dev.postern.upstream.Connections.class).create(new dev.postern.upstream.ConnectionDraft(
                    dev.postern.upstream.ConnectionKind.FTP, "Files", "ftp.example.com", 21,
                    dev.postern.upstream.Security.NONE, "me", "Ftp-Secret-1", false,
                    new dev.postern.upstream.ConnectionOptions.Ftp(true, "UTF-8")), by).id();
        }
        settings.put("postern.upstream.master-key", newKey);
        settings.put("postern.upstream.previous-master-keys", oldKey);
        settings.put("server.port", "0");
        settings.put("postern.data-dir", dataDir.toString());
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--reencrypt-secrets"),
                settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())).toArray(String[]::new);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int status = ReencryptSecretsCommand.run(args, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("Re-encrypted 1 stored password(s)");

        settings.remove("postern.upstream.previous-master-keys");
        try (ConfigurableApplicationContext context = start(settings)) {
            AccountManagement accounts = context.getBean(AccountManagement.class);
            UserAccount admin = accounts.findByUsername("root-admin").orElseThrow();
            CurrentUser by = new CurrentUser(admin.id(), admin.username(), true, null);
            assertThat(context.getBean(dev.postern.upstream.Connections.class).use(id, by).password())
                    .isEqualTo("Ftp-Secret-1");
        }
    }

    @Test
    void anOutOfRangeSettingStopsStartupNamingIt(CapturedOutput output) {
        Map<String, Object> settings = externalDatabase();
        settings.put("postern.upstream.master-key", "q0JXb4hmV8kK4Gq3b6Rk9yq2u1tQe0vY8w7XpZ5sNcM=");
        settings.put("postern.account.lockout.max-failures", "0");
        assertThatThrownBy(() -> start(settings));
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Property: postern.account.lockout.maxFailures")
                .contains("must be greater than or equal to 1");
    }

    @Test
    void theEmbeddedDatabaseKeepsItsDataAcrossARestart() throws Exception {
        Map<String, Object> settings = Map.of("postern.account.admin.username", "root-admin",
                "postern.account.admin.password", ADMIN_PASSWORD);
        String username = "kept-user";
        try (ConfigurableApplicationContext first = start(settings)) {
            AccountManagement accounts = first.getBean(AccountManagement.class);
            UserAccount admin = accounts.findByUsername("root-admin").orElseThrow();
            accounts.create(new NewUser(username, "Kept", "Restart-Survivor-Phrase-9", EnumSet.of(Role.USER)),
                    new CurrentUser(admin.id(), admin.username(), true, null));
            // Migrations ran on the empty embedded database.
            assertThat(first.getBean(JdbcClient.class).sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                    .query(Long.class).single()).isGreaterThanOrEqualTo(5L);
        }
        Path pgData = dataDir.resolve("postgres");
        assertThat(pgData.resolve("PG_VERSION")).exists();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("master.key")))
                .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("db-password")))
                .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(pgData.resolve("pg_hba.conf"))).contains("scram-sha-256").doesNotContain("trust");

        try (ConfigurableApplicationContext second = start(settings)) {
            assertThat(second.getBean(AccountManagement.class).findByUsername(username)).isPresent()
                    .get().extracting(UserAccount::displayName).isEqualTo("Kept");
        }
    }

    @Test
    void withNothingConfiguredTheFirstStartCreatesAnAdminWithARandomPassword() {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            UserAccount admin = context.getBean(AccountManagement.class).findByUsername("admin").orElseThrow();
            assertThat(admin.admin()).isTrue();
            assertThat(admin.mustChangePassword()).isTrue();
        }
    }
}
