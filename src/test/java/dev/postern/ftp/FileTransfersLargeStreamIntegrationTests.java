package dev.postern.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.ftp.ApacheFtpTestServer;
import dev.postern.testing.ftp.FtpTestServer;
import dev.postern.upstream.Security;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files over 4 GiB pass through with constant memory, both ways. Run in a JVM of its own whose heap is far smaller
 * than the files (the {@code small-heap} execution in pom.xml, -Xmx192m): any buffering of a file would end in an
 * OutOfMemoryError. The download is a sparse file with a marker past 4 GiB; the upload a generated stream.
 */
@PosternIntegrationTest
@Tag("small-heap")
@Timeout(600)
class FileTransfersLargeStreamIntegrationTests extends FileTransfersContract {

    private static final long FIVE_GIB = 5L << 30;
    private static final long MARKER_AT = (4L << 30) + (512L << 20);
    private static final byte[] MARKER = "POSTERN!".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected FtpTestServer startServer() {
        return ApacheFtpTestServer.start(Security.NONE);
    }

    @Test
    void theHeapIsSmallerThanTheFiles() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThan(256L << 20);
    }

    @Test
    void aFileOverFourGibDownloadsWholeAndFromAnOffsetPastFourGib() throws Exception {
        Path file = disk.resolve("huge.bin");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(FIVE_GIB);
            sparse.seek(MARKER_AT);
            sparse.write(MARKER);
        }
        serverMayWrite(disk);
        try {
            Counting counted = new Counting();
            long[] told = new long[1];
            files.download(context, folder + "/huge.bin", TransferType.BINARY, null, (entry, offset, length) -> {
                told[0] = length;
                return counted;
            });
            assertThat(told[0]).isEqualTo(FIVE_GIB);
            assertThat(counted.count).isEqualTo(FIVE_GIB);

            byte[] marker = download(folder + "/huge.bin", new ByteRange(MARKER_AT, MARKER_AT + MARKER.length - 1));
            assertThat(marker).isEqualTo(MARKER);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aGeneratedStreamOverFourGibUploadsWhole() throws Exception {
        long size = (4L << 30) + 123_456_789L;
        Generated body = new Generated(size);
        try {
            UploadResult result = files.upload(context, request("generated.bin", size, 0, false), body);

            assertThat(result.complete()).isTrue();
            Path stored = disk.resolve("generated.bin");
            assertThat(Files.size(stored)).isEqualTo(size);
            assertThat(crc(stored)).isEqualTo(body.crc.getValue());
        } finally {
            Files.deleteIfExists(disk.resolve("generated.bin"));
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                crc.update(buffer, 0, read);
            }
        }
        return crc.getValue();
    }

    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Bytes that follow a pattern (so that a lost or repeated block changes the checksum), made as they are read. */
    private static final class Generated extends InputStream {
        final CRC32 crc = new CRC32();
        private final long size;
        private long position;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - position);
            for (int i = 0; i < count; i++) {
                long at = position + i;
                buffer[offset + i] = (byte) (at * 31 + (at >>> 20));
            }
            crc.update(buffer, offset, count);
            position += count;
            return count;
        }
    }
}
