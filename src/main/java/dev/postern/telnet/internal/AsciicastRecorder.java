package dev.postern.telnet.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Records a session as asciicast v2 (one JSON header line, then one {@code [seconds, "o"|"i"|"r", data]} line per
 * event), written to the database in chunks as the session goes: at most one chunk's worth is ever held. Output is
 * UTF-8 from the session's decoder (never split inside a character); a raw connection's bytes are recorded as
 * ISO-8859-1 text, byte for byte.
 */
final class AsciicastRecorder {

    /** A chunk is written once it holds this much. */
    static final int CHUNK = 64 * 1024;

    private final ConsoleRepository repository;
    private final UUID session;
    private final boolean input;
    private final Charset charset;
    private final long startNanos = System.nanoTime();
    /** Grows as events come (an idle session's recording holds little). */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
    private int seq;
    private boolean closed;

    AsciicastRecorder(ConsoleRepository repository, UUID session, int columns, int rows, String terminalType,
                      String title, boolean input, boolean raw) {
        this.repository = repository;
        this.session = session;
        this.input = input;
        this.charset = raw ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        StringBuilder header = new StringBuilder("{\"version\":2,\"width\":").append(columns)
                .append(",\"height\":").append(rows)
                .append(",\"timestamp\":").append(Instant.now().getEpochSecond())
                .append(",\"env\":{\"TERM\":");
        quote(header, terminalType);
        header.append("},\"title\":");
        quote(header, title);
        header.append("}\n");
        write(header);
    }

    /**
     * Output, written as a JSON string byte by byte (a flood passes through here): UTF-8 is copied as it is with only
     * quotes, backslashes and control characters escaped; a raw connection's bytes become the ISO-8859-1 characters
     * they stand for.
     */
    synchronized void output(byte[] data, int offset, int length) {
        if (closed) {
            return;
        }
        StringBuilder head = new StringBuilder(24).append('[').append(seconds()).append(",\"o\",\"");
        write(head);
        boolean raw = charset == StandardCharsets.ISO_8859_1;
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xff;
            switch (b) {
                case '"' -> pending.write(ESCAPED_QUOTE, 0, 2);
                case '\\' -> pending.write(ESCAPED_BACKSLASH, 0, 2);
                case '\n' -> pending.write(ESCAPED_NEWLINE, 0, 2);
                case '\r' -> pending.write(ESCAPED_RETURN, 0, 2);
                default -> {
                    if (b < 0x20 || b == 0x7f) {
                        pending.write(CONTROL[b == 0x7f ? 32 : b], 0, 6);
                    } else if (b >= 0x80 && raw) {
                        pending.write(0xC0 | b >> 6);
                        pending.write(0x80 | b & 0x3F);
                    } else {
                        pending.write(b);
                    }
                }
            }
        }
        pending.write('"');
        pending.write(']');
        pending.write('\n');
        if (pending.size() >= CHUNK) {
            flush();
        }
    }

    private static final byte[] ESCAPED_QUOTE = {'\\', '"'};
    private static final byte[] ESCAPED_BACKSLASH = {'\\', '\\'};
    private static final byte[] ESCAPED_NEWLINE = {'\\', 'n'};
    private static final byte[] ESCAPED_RETURN = {'\\', 'r'};
    /** \\u0000 to \\u001f, then \\u007f. */
    private static final byte[][] CONTROL = new byte[33][];

    static {
        for (int c = 0; c < 33; c++) {
            CONTROL[c] = String.format("\\u%04x", c == 32 ? 0x7f : c).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private String seconds() {
        return String.format(java.util.Locale.ROOT, "%.6f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** What the user typed; recorded only when the connection asks for it. */
    synchronized void input(String typed) {
        if (input) {
            event("i", typed);
        }
    }

    synchronized void resize(int columns, int rows) {
        event("r", columns + "x" + rows);
    }

    /** Writes what is pending (the session's periodic flush, and its end). */
    synchronized void flush() {
        if (pending.size() == 0) {
            return;
        }
        repository.appendChunk(session, seq++, pending.toByteArray());
        pending.reset();
    }

    synchronized void close() {
        if (!closed) {
            flush();
            closed = true;
        }
    }

    private void event(String code, String data) {
        if (closed) {
            return;
        }
        StringBuilder line = new StringBuilder(data.length() + 32).append('[')
                .append(seconds()).append(",\"").append(code).append("\",");
        quote(line, data);
        line.append("]\n");
        write(line);
        if (pending.size() >= CHUNK) {
            flush();
        }
    }

    private void write(CharSequence text) {
        pending.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
