package dev.postern.ftp;

import java.util.List;

/**
 * A directory's entries, as the server listed them (directories first, then by name).
 *
 * @param path the directory, below the connection's root
 * @param entries its entries; uploads in progress (Postern's temporary files) are left out
 * @param machineReadable whether the server listed with MLSD (exact sizes, times in UTC), not LIST
 */
public record Listing(String path, List<RemoteEntry> entries, boolean machineReadable) {
}
