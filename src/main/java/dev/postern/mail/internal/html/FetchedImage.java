package dev.postern.mail.internal.html;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.OptionalLong;

import dev.postern.mail.internal.html.ImageFetchFailed.Reason;

/**
 * A remote image whose headers and first bytes have been checked, its body still on the wire. Stream it once with
 * {@link #transferTo}, which holds no more than a small buffer however large the image, and close it (in a
 * try-with-resources) in any case: that releases the connection.
 *
 * <p>When the server declared no length, the size limit can only be found out while streaming: the bytes up to the
 * limit have then been written when {@link ImageFetchFailed} ({@link Reason#TOO_LARGE}) comes, and the caller must
 * abort what it was writing to.
 */
public final class FetchedImage implements Closeable {

    private final String contentType;
    private final long contentLength;
    private final byte[] head;
    private final int headLength;
    private final InputStream body;
    private final Closeable connection;
    private final long maxBytes;
    private final long deadlineNanos;
    private boolean streamed;
    private boolean closed;

    FetchedImage(String contentType, long contentLength, byte[] head, int headLength, InputStream body,
                 Closeable connection, long maxBytes, long deadlineNanos) {
        this.contentType = contentType;
        this.contentLength = contentLength;
        this.head = head;
        this.headLength = headLength;
        this.body = body;
        this.connection = connection;
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
    }

    /** The media type found in the image's first bytes (e.g. {@code image/png}), not the one the server sent. */
    public String contentType() {
        return contentType;
    }

    /** The length the server declared, already known to be within the limit; empty when it declared none. */
    public OptionalLong contentLength() {
        return contentLength >= 0 ? OptionalLong.of(contentLength) : OptionalLong.empty();
    }

    /**
     * Writes the image to {@code out} as it arrives and closes this image.
     *
     * @return the number of bytes written
     * @throws ImageFetchFailed when it grows past the size limit or the fetch's time is up; the connection is cut
     */
    public long transferTo(OutputStream out) throws IOException {
        if (streamed) {
            throw new IllegalStateException("The image has already been streamed");
        }
        streamed = true;
        try {
            out.write(head, 0, headLength);
            long total = headLength;
            byte[] buffer = new byte[16 * 1024];
            for (int n = read(buffer); n != -1; n = read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new ImageFetchFailed(Reason.TOO_LARGE, "The image is larger than " + maxBytes + " bytes");
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new ImageFetchFailed(Reason.TIMED_OUT, "The image took too long to arrive");
                }
                out.write(buffer, 0, n);
            }
            return total;
        } finally {
            close();
        }
    }

    private int read(byte[] buffer) throws IOException {
        try {
            return body.read(buffer);
        } catch (InterruptedIOException e) {
            throw new ImageFetchFailed(Reason.TIMED_OUT, "The image server stopped sending", e);
        }
    }

    /** Cuts the connection (an unread body is never drained). */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }
}
