package dev.postern.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;

/** What every booted test context shares: the test database, a movable clock, a fixed master key and admin. */
@TestConfiguration(proxyBeanMethods = false)
public class PosternTestConfiguration {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "Sturdy-Gate-Passphrase-42";
    /** A fixed master key, so that tests can check what is stored. */
    public static final String MASTER_KEY = "q0JXb4hmV8kK4Gq3b6Rk9yq2u1tQe0vY8w7XpZ5sNcM=";
    /** A key that the tests treat as the one used before the current key. */
    public static final String PREVIOUS_MASTER_KEY = "3vJ0m5l8QZ2gq7TtYb1nR4cW6xE9uA0sD2fG5hJ8kLo=";
    public static final String METRICS_TOKEN = "test-metrics-token-0123456789abcdef";

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }

    @Bean
    @Primary
    TestHosts testHosts() {
        return new TestHosts();
    }

    /** Points the context at the test database, before any bean is made. */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase.Coordinates db = TestDatabase.get();
            String dataDir;
            try {
                dataDir = Files.createTempDirectory("postern-test-data").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postern-test", Map.of(
                    "postern.db.url", db.url(),
                    "postern.db.username", db.username(),
                    "postern.db.password", db.password(),
                    "postern.data-dir", dataDir,
                    "postern.upstream.master-key", MASTER_KEY,
                    "postern.upstream.previous-master-keys", PREVIOUS_MASTER_KEY,
                    "postern.web.metrics-token", METRICS_TOKEN,
                    "postern.account.admin.username", ADMIN,
                    "postern.account.admin.password", ADMIN_PASSWORD,
                    // New mail is noticed within seconds even where IDLE misses a delivery.
                    "postern.mail.poll-interval", "3s")));
        }
    }
}
