package dev.postern.ftp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.ftp.parser.NTFTPEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.junit.jupiter.api.Test;

import dev.postern.ftp.EntryType;
import dev.postern.ftp.RemoteEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** Listing lines as real servers send them, read by the parser the server's system type picks, with fallbacks. */
class ListingReaderTests {

    /** What Commons Net hands over with unparseable entries kept: parsed files, or invalid ones holding the raw line. */
    private static List<FTPFile> listed(FTPFileEntryParser parser, String... lines) {
        List<FTPFile> files = new ArrayList<>();
        for (String line : lines) {
            FTPFile file = parser.parseFTPEntry(line);
            files.add(file != null ? file : unparsed(line));
        }
        return files;
    }

    /** What FTPListParseEngine keeps for a line its parser refused (the constructor is package-private there). */
    private static FTPFile unparsed(String line) {
        try {
            var constructor = FTPFile.class.getDeclaredConstructor(String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(line);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsUnixLines() {
        List<RemoteEntry> entries = ListingReader.entries("/pub", listed(new UnixFTPEntryParser(),
                "total 12",
                "-rw-r--r--    1 1000     1000         5120 Mar 03  2025 report.pdf",
                "drwxr-xr-x    2 1000     1000         4096 Jan 10  2026 archive",
                "lrwxrwxrwx    1 0        0              11 Jan 10  2026 latest -> report.pdf"));

        assertThat(entries).extracting(RemoteEntry::name).containsExactly("archive", "latest", "report.pdf");
        RemoteEntry report = entries.get(2);
        assertThat(report.type()).isEqualTo(EntryType.FILE);
        assertThat(report.size()).isEqualTo(5120);
        assertThat(report.path()).isEqualTo("/pub/report.pdf");
        assertThat(report.permissions()).isEqualTo("rw-r--r--");
        assertThat(report.modified()).isNotNull();
        assertThat(entries.get(0).type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(entries.get(1).type()).isEqualTo(EntryType.LINK);
        assertThat(entries.get(1).linkTarget()).isEqualTo("report.pdf");
    }

    @Test
    void readsWindowsIisLinesEvenWhenTheServerSaidUnix() {
        // IIS announces itself as Windows_NT but may be set to list in either format; some proxies say UNIX.
        List<RemoteEntry> entries = ListingReader.entries("/", listed(new UnixFTPEntryParser(),
                "01-15-26  09:41AM       <DIR>          Invoices 2026",
                "11-02-25  04:05PM              1048576 data set.csv",
                "12-31-25  11:59PM           5368709120 backup.vhd"));

        assertThat(entries).extracting(RemoteEntry::name)
                .containsExactly("Invoices 2026", "backup.vhd", "data set.csv");
        assertThat(entries.get(0).type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(entries.get(1).size()).isEqualTo(5_368_709_120L);
        assertThat(entries.get(2).size()).isEqualTo(1_048_576);
        assertThat(entries.get(2).modified()).isNotNull();
    }

    @Test
    void readsWindowsLinesWithTheNtParser() {
        List<RemoteEntry> entries = ListingReader.entries("/", listed(new NTFTPEntryParser(),
                "05-26-26  10:15AM                  312 readme.txt"));

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("readme.txt");
            assertThat(e.size()).isEqualTo(312);
        });
    }

    @Test
    void readsMachineListings() {
        List<RemoteEntry> entries = ListingReader.entries("/", listed(MLSxEntryParser.getInstance(),
                "type=cdir;modify=20260101000000;perm=flcdmpe; .",
                "type=file;size=42;modify=20261127101500;perm=adfrw;UNIX.mode=0644; 입금내역.txt",
                "type=dir;modify=20261127101500;perm=flcdmpe; 보관"));

        assertThat(entries).extracting(RemoteEntry::name).containsExactly("보관", "입금내역.txt");
        RemoteEntry file = entries.get(1);
        assertThat(file.size()).isEqualTo(42);
        assertThat(file.modified()).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
        assertThat(file.permissions()).isEqualTo("rw-r--r--");
        assertThat(entries.get(0).permissions()).isEqualTo("flcdmpe");
    }

    @Test
    void keepsALineNoParserUnderstandsAsItCame() {
        List<RemoteEntry> entries = ListingReader.entries("/", listed(new UnixFTPEntryParser(),
                "-rw-r--r--    1 1000     1000            5 Mar 03  2025 ok.txt",
                "?? something only this server writes ??"));

        assertThat(entries).hasSize(2);
        RemoteEntry raw = entries.stream().filter(e -> e.type() == EntryType.OTHER).findFirst().orElseThrow();
        assertThat(raw.raw()).isEqualTo("?? something only this server writes ??");
        assertThat(raw.path()).isNull();
    }

    @Test
    void hidesPartialUploadsAndDotEntries() {
        List<RemoteEntry> entries = ListingReader.entries("/", listed(new UnixFTPEntryParser(),
                "drwxr-xr-x    2 0 0 4096 Jan 10  2026 .",
                "drwxr-xr-x    2 0 0 4096 Jan 10  2026 ..",
                "-rw-r--r--    1 0 0   99 Jan 10  2026 .postern-upload-0123456789abcdef01234567.part",
                "-rw-r--r--    1 0 0   99 Jan 10  2026 .profile"));

        assertThat(entries).extracting(RemoteEntry::name).containsExactly(".profile");
    }

    @Test
    void findsOnlyFilesNamedExactlyAsPosternNamesItsPartialFiles() {
        ListingReader.Read read = ListingReader.read("/in", listed(MLSxEntryParser.getInstance(),
                "type=file;size=9;modify=20261001000000; .postern-upload-0123456789abcdef01234567.part",
                "type=file;size=9;modify=20261002000000; .postern-upload-copy-89abcdef0123456789abcdef.part",
                "type=dir;modify=20261001000000; .postern-upload-1123456789abcdef01234567.part",
                "type=file;size=9;modify=20261001000000; .postern-upload-0123456789ABCDEF01234567.part",
                "type=file;size=9;modify=20261001000000; .postern-upload-0123456789abcdef0123456.part",
                "type=file;size=9;modify=20261001000000; .postern-upload-0123456789abcdef01234567.part.bak",
                "type=file;size=9;modify=20261001000000; .postern-upload-0123456789abcdef01234567.partial",
                "type=file;size=9;modify=20261001000000; .postern-upload-other-0123456789abcdef01234567.part",
                "type=file;size=9;modify=20261001000000; postern-upload-0123456789abcdef01234567.part",
                "type=file;size=9;modify=20261001000000; report.txt"));

        assertThat(read.partialFiles()).containsExactly(
                new ListingReader.PartialFile("/in/.postern-upload-0123456789abcdef01234567.part",
                        Instant.parse("2026-10-01T00:00:00Z")),
                new ListingReader.PartialFile("/in/.postern-upload-copy-89abcdef0123456789abcdef.part",
                        Instant.parse("2026-10-02T00:00:00Z")));
        // Every name with Postern's prefix stays out of the listing, swept or not.
        assertThat(read.entries()).extracting(RemoteEntry::name)
                .containsExactly("postern-upload-0123456789abcdef01234567.part", "report.txt");
        assertThat(ListingReader.read("/", listed(MLSxEntryParser.getInstance(), "type=file;size=1; a.txt"))
                .partialFiles()).isEmpty();
    }
}
