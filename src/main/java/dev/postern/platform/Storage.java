package dev.postern.platform;

import java.nio.file.Path;

/**
 * What other modules may know about where state lives.
 *
 * @param dataDir the data directory, created at start-up
 * @param embeddedDatabase whether the database is the embedded PostgreSQL in the data directory
 */
public record Storage(Path dataDir, boolean embeddedDatabase) {
}
