package dev.postern.telnet.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Turns what a host prints, in its character set, into UTF-8 for the browser's terminal, a read at a time. A
 * multi-byte character split across two reads is held back until its last byte arrives, so that no piece handed on
 * ends inside a character; malformed or unmappable input becomes U+FFFD.
 *
 * <p>EBCDIC hosts end lines with NL (0x15), which Java decodes as LF (and IBM1047's 0x25 as NEL, U+0085); a terminal
 * needs CR LF for a new line, so for an EBCDIC character set a LF or NEL becomes CR LF (LF after a CR).
 *
 * <p>Not thread-safe: one decoder per connection, used by the thread that reads from the host. Its buffers grow to
 * the largest read and are reused; the array {@link #decode} returns is overwritten by the next call.
 */
final class TerminalDecoder {

    private static final int MAX_PENDING = 16;

    private final CharsetDecoder decoder;
    private final boolean ebcdic;
    private ByteBuffer input = ByteBuffer.allocate(0);
    private CharBuffer chars = CharBuffer.allocate(0);
    private byte[] output = new byte[0];
    private int outputLength;
    private boolean lastWasCr;

    TerminalDecoder(Charset charset) {
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.ebcdic = isEbcdic(charset);
    }

    /** Whether the character set writes 'A' as EBCDIC does (0xC1). */
    static boolean isEbcdic(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        byte[] a = "A".getBytes(charset);
        return a.length == 1 && (a[0] & 0xff) == 0xC1;
    }

    /**
     * Decodes the next bytes from the host. Returns UTF-8 in an array owned by this decoder, valid up to
     * {@link #length()} until the next call; bytes of an unfinished character are kept for the next call.
     */
    byte[] decode(byte[] data, int offset, int length) {
        ensureInput(length);
        input.put(data, offset, length);
        input.flip();
        run(false);
        input.compact();
        return output;
    }

    /** The end of the host's output: an unfinished character left over becomes U+FFFD. */
    byte[] finish() {
        input.flip();
        run(true);
        input.clear();
        decoder.reset();
        return output;
    }

    /** How many bytes of the array the last {@link #decode} or {@link #finish} returned are UTF-8 output. */
    int length() {
        return outputLength;
    }

    private void run(boolean endOfInput) {
        // Every decoder here makes at most one char per byte, or two (a surrogate pair) per four bytes.
        int room = input.remaining() + 2;
        if (chars.capacity() < room) {
            chars = CharBuffer.allocate(room);
        }
        chars.clear();
        CoderResult result = decoder.decode(input, chars, endOfInput);
        if (endOfInput && !result.isOverflow()) {
            decoder.flush(chars);
        }
        chars.flip();
        encodeUtf8();
    }

    private void ensureInput(int length) {
        int needed = input.position() + length;
        if (input.capacity() < needed) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, 4096) + MAX_PENDING);
            input.flip();
            bigger.put(input);
            input = bigger;
        }
    }

    private void encodeUtf8() {
        int max = chars.remaining() * 4;
        if (output.length < max) {
            output = new byte[Math.max(max, 4096)];
        }
        int n = 0;
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (ebcdic && (c == '\n' || c == '\u0085')) {
                if (!lastWasCr) {
                    output[n++] = '\r';
                }
                output[n++] = '\n';
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            if (c < 0x80) {
                output[n++] = (byte) c;
            } else if (c < 0x800) {
                output[n++] = (byte) (0xC0 | c >> 6);
                output[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && chars.hasRemaining()
                    && Character.isLowSurrogate(chars.get(chars.position()))) {
                int cp = Character.toCodePoint(c, chars.get());
                output[n++] = (byte) (0xF0 | cp >> 18);
                output[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                output[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                output[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // A decoder never makes half a pair; should one appear, it is not a character.
                output[n++] = (byte) 0xEF;
                output[n++] = (byte) 0xBF;
                output[n++] = (byte) 0xBD;
            } else {
                output[n++] = (byte) (0xE0 | c >> 12);
                output[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                output[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        outputLength = n;
    }
}
