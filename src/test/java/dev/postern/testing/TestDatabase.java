package dev.postern.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL for the whole test run, with a fresh database in it: an embedded server (real PostgreSQL
 * binaries) by default, or the server named by {@code POSTERN_TEST_DB_URL} (with {@code POSTERN_TEST_DB_USERNAME} and
 * {@code POSTERN_TEST_DB_PASSWORD}), where the run creates its own database (the user needs CREATEDB).
 */
public final class TestDatabase {

    public record Coordinates(String url, String username, String password) {
    }

    private static Coordinates coordinates;
    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

    public static synchronized Coordinates get() {
        if (coordinates == null) {
            coordinates = start();
        }
        return coordinates;
    }

    private static Coordinates start() {
        String database = "postern_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String external = System.getenv("POSTERN_TEST_DB_URL");
        try {
            if (external != null && !external.isBlank()) {
                String user = env("POSTERN_TEST_DB_USERNAME");
                String password = env("POSTERN_TEST_DB_PASSWORD");
                try (Connection connection = DriverManager.getConnection(external, user, password);
                     Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                }
                return new Coordinates(replaceDatabase(external, database), user, password);
            }
            Path dir = Files.createTempDirectory("postern-test-pg");
            embedded = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // The JVM is going away.
                }
            }));
            try (Connection connection = embedded.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
            return new Coordinates("jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/" + database, "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the test database: " + e.getMessage(), e);
        }
    }

    /** The same server with another database, for tests that need an empty one. */
    public static Coordinates freshDatabase() {
        Coordinates base = get();
        String database = "postern_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(base.url(), base.username(), base.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Coordinates(replaceDatabase(base.url(), database), base.username(), base.password());
    }

    private static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String rest = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + rest;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
