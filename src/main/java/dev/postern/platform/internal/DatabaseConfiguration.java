package dev.postern.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.postern.platform.PlatformProperties;
import dev.postern.platform.Storage;

/**
 * One pooled {@link DataSource}: to the external PostgreSQL named by {@code postern.db.url}, or to the embedded one.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    Storage storage(PlatformProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the data directory " + properties.dataDir()
                    + " (setting postern.data-dir): " + e.getMessage(), e);
        }
        return new Storage(properties.dataDir().toAbsolutePath().normalize(), !properties.db().external());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(PlatformProperties properties, Storage storage) {
        PlatformProperties.Db db = properties.db();
        PooledDataSource dataSource;
        if (db.external()) {
            log.info("Using the external PostgreSQL at {}", withoutCredentials(db.url()));
            dataSource = new PooledDataSource(null);
            dataSource.setJdbcUrl(db.url());
            dataSource.setUsername(db.username());
            dataSource.setPassword(db.passwordFile().isBlank() ? db.password() : readPasswordFile(db.passwordFile()));
        } else {
            EmbeddedDatabase database = EmbeddedDatabase.start(storage.dataDir(), db.embeddedPort());
            dataSource = new PooledDataSource(database);
            dataSource.setJdbcUrl(database.jdbcUrl());
            dataSource.setUsername(database.username());
            dataSource.setPassword(database.password());
        }
        dataSource.setPoolName("postern");
        dataSource.setMaximumPoolSize(db.poolSize());
        dataSource.setConnectionTimeout(db.connectTimeout().toMillis());
        return dataSource;
    }

    /** The pool, which stops the embedded server (if any) once its own connections are closed. */
    static final class PooledDataSource extends HikariDataSource {

        private final EmbeddedDatabase embedded;

        PooledDataSource(EmbeddedDatabase embedded) {
            this.embedded = embedded;
        }

        @Override
        public void close() {
            super.close();
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    log.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
                }
            }
        }
    }

    private static String readPasswordFile(String file) {
        try {
            return Files.readString(java.nio.file.Path.of(file)).strip();
        } catch (IOException e) {
            throw new dev.postern.platform.InvalidSetting("POSTERN_DB_PASSWORD_FILE (postern.db.password-file)",
                    "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
