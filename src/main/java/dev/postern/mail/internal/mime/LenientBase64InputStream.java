package dev.postern.mail.internal.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes base64 the way mail clients must: characters outside the alphabet are skipped, a last group that is short
 * still gives its bytes, padding in the middle starts afresh, and nothing throws. Angus's decoder gives up at the first such flaw, and by then the bytes of
 * its current block are lost. {@link #sawGarbage()} tells whether the content was damaged (more than line breaks,
 * white space and padding between the base64 characters).
 */
final class LenientBase64InputStream extends FilterInputStream {

    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private final byte[] encoded = new byte[8192];
    private int quantum;
    private int quantumLength;
    private final byte[] decoded = new byte[3];
    private int decodedPosition;
    private int decodedLength;
    private int encodedPosition;
    private int encodedLength;
    private boolean ended;
    private boolean garbage;

    LenientBase64InputStream(InputStream in) {
        super(in);
    }

    boolean sawGarbage() {
        return garbage;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int written = 0;
        while (written < length) {
            if (decodedPosition < decodedLength) {
                buffer[offset + written++] = decoded[decodedPosition++];
                continue;
            }
            if (!nextGroup()) {
                break;
            }
        }
        return written == 0 ? -1 : written;
    }

    /** Decodes the next group of four characters (or the short last one) into {@link #decoded}. */
    private boolean nextGroup() throws IOException {
        while (true) {
            if (encodedPosition >= encodedLength) {
                if (ended) {
                    return flushShortGroup();
                }
                encodedLength = in.read(encoded, 0, encoded.length);
                encodedPosition = 0;
                if (encodedLength < 0) {
                    encodedLength = 0;
                    ended = true;
                }
                continue;
            }
            int c = encoded[encodedPosition++] & 0xFF;
            int value = c < 128 ? VALUES[c] : -1;
            if (c == '=' && quantumLength > 0) {
                // padding ends a group; base64 may go on after it (pieces joined by careless software)
                if (flushShortGroup()) {
                    return true;
                }
                continue;
            }
            if (value < 0) {
                if (!(c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '=')) {
                    garbage = true;
                }
                continue;
            }
            quantum = (quantum << 6) | value;
            if (++quantumLength == 4) {
                decoded[0] = (byte) (quantum >> 16);
                decoded[1] = (byte) (quantum >> 8);
                decoded[2] = (byte) quantum;
                decodedPosition = 0;
                decodedLength = 3;
                quantum = 0;
                quantumLength = 0;
                return true;
            }
        }
    }

    private boolean flushShortGroup() {
        if (quantumLength < 2) {
            if (quantumLength == 1) {
                garbage = true;
            }
            quantumLength = 0;
            return false;
        }
        if (quantumLength == 2) {
            decoded[0] = (byte) (quantum >> 4);
            decodedLength = 1;
        } else {
            decoded[0] = (byte) (quantum >> 10);
            decoded[1] = (byte) (quantum >> 2);
            decodedLength = 2;
        }
        decodedPosition = 0;
        quantumLength = 0;
        return true;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] scratch = new byte[512];
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public int available() {
        return decodedLength - decodedPosition;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
