package dev.postern.ftp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.ftp.parser.MacOsPeterFTPEntryParser;
import org.apache.commons.net.ftp.parser.NTFTPEntryParser;
import org.apache.commons.net.ftp.parser.NetwareFTPEntryParser;
import org.apache.commons.net.ftp.parser.OS2FTPEntryParser;
import org.apache.commons.net.ftp.parser.OS400FTPEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.apache.commons.net.ftp.parser.VMSFTPEntryParser;

import dev.postern.ftp.EntryType;
import dev.postern.ftp.RemoteEntry;

/**
 * Turns what the server listed into {@link RemoteEntry} records. The parser Commons Net chose from the server's
 * system type reads most lines; a line it does not understand is tried with every other format Commons Net knows
 * (UNIX, Windows/IIS, MLSx, Netware, OS/2, OS/400, VMS, MacOS Peter), since servers do not always list in the format
 * their SYST reply suggests, and failing those it is kept as it came ({@link EntryType#OTHER}), never dropped.
 */
public final class ListingReader {

    /** What Postern names the partial files of uploads in progress; never shown in a listing. */
    public static final String UPLOAD_PREFIX = ".postern-upload-";
    /**
     * The exact names of Postern's partial files: an upload's ({@code .postern-upload-<hash>.part}) or a copy's
     * ({@code .postern-upload-copy-<hash>.part}), the hash 24 lower-case hex digits. Only these are ever swept.
     */
    public static final Pattern PARTIAL_FILE = Pattern.compile("\\.postern-upload-(?:copy-)?[0-9a-f]{24}\\.part");

    private static final Pattern UNIX_MODE = Pattern.compile("^[-dlbcpsD]([-rwxsStTl]{9})[+@.]?\\s");
    private static final Pattern PERM_FACT = Pattern.compile("(?i)(?:^|;)perm=([^;]*);");
    private static final Pattern UNIX_MODE_FACT = Pattern.compile("(?i)(?:^|;)unix\\.mode=0?([0-7]{3,4});");
    private static final Pattern TOTAL = Pattern.compile("^total \\d+\\s*$", Pattern.CASE_INSENSITIVE);

    private ListingReader() {
    }

    /**
     * A partial file of Postern's (its name matches {@link #PARTIAL_FILE}) as a listing showed it.
     *
     * @param path its path below the root
     * @param listed when it last changed, as the listing said (exact with MLSD; with LIST, local to the server and
     *               perhaps only to the day), or null
     */
    public record PartialFile(String path, Instant listed) {
    }

    /** A directory as listed: the entries to show, and Postern's partial files among what was left out. */
    public record Read(List<RemoteEntry> entries, List<PartialFile> partialFiles) {
    }

    /** The entries of the directory at {@code path} (below the root), directories first, then by name. */
    public static List<RemoteEntry> entries(String path, List<FTPFile> files) {
        return read(path, files).entries();
    }

    /** The entries of the directory at {@code path} (as {@link #entries}), and the partial files found in it. */
    public static Read read(String path, List<FTPFile> files) {
        List<RemoteEntry> entries = new ArrayList<>(files.size());
        List<PartialFile> partials = List.of();
        for (FTPFile listed : files) {
            FTPFile file = listed.isValid() ? listed : reparse(listed.getRawListing());
            if (file == null) {
                String raw = listed.getRawListing();
                if (raw == null || raw.isBlank() || TOTAL.matcher(raw).matches()) {
                    continue;
                }
                entries.add(new RemoteEntry(raw.strip(), null, EntryType.OTHER, -1, null, null, null, raw));
                continue;
            }
            String name = file.getName();
            if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                continue;
            }
            if (name.startsWith(UPLOAD_PREFIX)) {
                if (file.isFile() && PARTIAL_FILE.matcher(name).matches()) {
                    if (partials.isEmpty()) {
                        partials = new ArrayList<>();
                    }
                    partials.add(new PartialFile(child(path, name), timestamp(file)));
                }
                continue;
            }
            entries.add(entry(path, file, name));
        }
        entries.sort(ORDER);
        return new Read(entries, partials);
    }

    /** Directories first, then by name (case folded, then exact). */
    public static final Comparator<RemoteEntry> ORDER = Comparator
            .comparing((RemoteEntry e) -> e.type() != EntryType.DIRECTORY)
            .thenComparing(e -> e.name().toLowerCase(Locale.ROOT))
            .thenComparing(RemoteEntry::name);

    private static RemoteEntry entry(String path, FTPFile file, String name) {
        EntryType type = file.isDirectory() ? EntryType.DIRECTORY
                : file.isSymbolicLink() ? EntryType.LINK
                : EntryType.FILE;
        long size = type == EntryType.DIRECTORY ? -1 : file.getSize();
        return new RemoteEntry(name, child(path, name), type, size, timestamp(file), permissions(file.getRawListing()),
                file.getLink(), file.getRawListing());
    }

    private static String child(String path, String name) {
        return (path.equals("/") ? "" : path) + "/" + name;
    }

    private static Instant timestamp(FTPFile file) {
        try {
            return file.getTimestampInstant();
        } catch (RuntimeException unknown) {
            // Some parsers leave no time; the entry is still worth showing.
            return null;
        }
    }

    /** {@code rwxr-xr-x} from a UNIX-style line or an MLSD UNIX.mode fact, else MLSD's own {@code perm} letters. */
    static String permissions(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher unix = UNIX_MODE.matcher(raw);
        if (unix.find()) {
            return unix.group(1);
        }
        Matcher mode = UNIX_MODE_FACT.matcher(raw);
        if (mode.find()) {
            int bits = Integer.parseInt(mode.group(1), 8);
            StringBuilder rwx = new StringBuilder(9);
            for (int shift = 6; shift >= 0; shift -= 3) {
                int triple = bits >> shift & 7;
                rwx.append((triple & 4) != 0 ? 'r' : '-').append((triple & 2) != 0 ? 'w' : '-')
                        .append((triple & 1) != 0 ? 'x' : '-');
            }
            return rwx.toString();
        }
        Matcher perm = PERM_FACT.matcher(raw);
        return perm.find() ? perm.group(1) : null;
    }

    /** The line read by the first other format that understands it, or null. */
    static FTPFile reparse(String raw) {
        if (raw == null || raw.isBlank() || TOTAL.matcher(raw).matches()) {
            return null;
        }
        for (FTPFileEntryParser parser : fallbacks()) {
            try {
                FTPFile file = parser.parseFTPEntry(raw);
                if (file != null && file.isValid() && file.getName() != null && !file.getName().isBlank()) {
                    return file;
                }
            } catch (RuntimeException unparsed) {
                // Not this format.
            }
        }
        return null;
    }

    private static List<FTPFileEntryParser> fallbacks() {
        // Parsers keep state (a configured year, a VMS multi-line buffer): fresh ones for each use.
        return List.of(new UnixFTPEntryParser(), new NTFTPEntryParser(), MLSxEntryParser.getInstance(),
                new NetwareFTPEntryParser(), new OS2FTPEntryParser(), new OS400FTPEntryParser(),
                new VMSFTPEntryParser(), new MacOsPeterFTPEntryParser());
    }
}
