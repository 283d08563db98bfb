package dev.postern.ftp;

import java.time.Instant;

/**
 * One entry of a directory on the server.
 *
 * @param name the entry's name (for {@link EntryType#OTHER}, the raw line)
 * @param path its path below the connection's root, starting with {@code /}; null for {@link EntryType#OTHER}
 * @param size bytes, or -1 when the listing does not say
 * @param modified when it last changed, or null when the listing does not say
 * @param permissions as the server wrote them ({@code rwxr-xr-x}, or an MLSD {@code perm} fact), or null
 * @param linkTarget where a symbolic link points, or null
 * @param raw the listing line as the server sent it
 */
public record RemoteEntry(String name, String path, EntryType type, long size, Instant modified, String permissions,
                          String linkTarget, String raw) {

    public boolean directory() {
        return type == EntryType.DIRECTORY;
    }

    public boolean file() {
        return type == EntryType.FILE;
    }
}
