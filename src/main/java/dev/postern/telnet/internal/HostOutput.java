package dev.postern.telnet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a Telnet host prints, read on a thread of its own (Commons Net's stream blocks, and Telnet has no framing
 * that says "the host is done"), decoded in the connection's character set and waited for with deadlines.
 * A multi-byte character split across two reads is decoded whole: the decoder keeps the partial bytes.
 */
final class HostOutput {

    /** How waiting for the host ended. */
    enum Stop {
        /** The text matched what was waited for. */
        MATCHED,
        /** The host printed something and then nothing for the quiet period. */
        QUIET,
        /** The host closed the connection. */
        CLOSED,
        /** The deadline passed. */
        DEADLINE
    }

    private static final byte[] END = new byte[0];
    /** A host that floods a connection test is not worth more memory: later output is dropped. */
    private static final int MAX_CHARS = 64 * 1024;
    /** CSI sequences (colours, cursor, bracketed paste), OSC sequences (window title) and other escapes. */
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]");
    private static final Pattern OTHER_CONTROLS = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final CharsetDecoder decoder;
    /** Room for one chunk and the start of a character left from the chunk before. */
    private final ByteBuffer undecoded = ByteBuffer.allocate(4096 + 16);
    private final StringBuilder raw = new StringBuilder();
    private final Thread reader;
    private volatile IOException failure;
    private boolean closed;
    private int mark;

    HostOutput(InputStream in, Charset charset) {
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        // A platform thread: Commons Net blocks in a socket read inside a synchronized block, which would pin a
        // virtual thread's carrier on Java 21.
        this.reader = Thread.ofPlatform().daemon().name("telnet-probe-reader").start(() -> pump(in));
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (read > 0) {
                    chunks.add(Arrays.copyOf(buffer, read));
                }
            }
        } catch (IOException e) {
            // Also how the reader ends when the probe disconnects.
            failure = e;
        } finally {
            chunks.add(END);
        }
    }

    /**
     * Reads until the text since the last {@link #mark()} (escape sequences removed) matches, the host goes quiet
     * after printing something other than white space (when {@code quiet} is not null), the host closes the
     * connection, or the deadline passes.
     */
    Stop await(Predicate<String> match, Duration quiet, long deadlineNanos) throws InterruptedException {
        while (true) {
            String text = sinceMark();
            if (match != null && match.test(text)) {
                return Stop.MATCHED;
            }
            if (closed) {
                return Stop.CLOSED;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return Stop.DEADLINE;
            }
            boolean waitingForQuiet = quiet != null && !text.isBlank();
            long wait = waitingForQuiet ? Math.min(quiet.toNanos(), remaining) : remaining;
            byte[] chunk = chunks.poll(wait, TimeUnit.NANOSECONDS);
            if (chunk == null) {
                if (waitingForQuiet && wait == quiet.toNanos()) {
                    return Stop.QUIET;
                }
            } else if (chunk == END) {
                closed = true;
                decode(ByteBuffer.allocate(0), true);
            } else {
                decode(ByteBuffer.wrap(chunk), false);
            }
        }
    }

    /** Starts a new reply: {@link #sinceMark()} and {@link #await} look only at what comes next. */
    void mark() {
        mark = raw.length();
    }

    /** What the host printed since the last mark, as plain text: escapes removed, line ends as {@code \n}. */
    String sinceMark() {
        return plain(raw.substring(mark));
    }

    /** The error that ended reading, if the connection broke rather than closed. */
    IOException failure() {
        return failure;
    }

    void stop() throws InterruptedException {
        reader.join(Duration.ofSeconds(2));
    }

    private void decode(ByteBuffer bytes, boolean endOfInput) {
        undecoded.put(bytes);
        undecoded.flip();
        CharBuffer chars = CharBuffer.allocate(undecoded.remaining() + 16);
        decoder.decode(undecoded, chars, endOfInput);
        if (endOfInput) {
            decoder.flush(chars);
        }
        undecoded.compact();
        chars.flip();
        if (raw.length() < MAX_CHARS) {
            raw.append(chars);
        }
    }

    static String plain(String text) {
        String noEscapes = ESCAPES.matcher(text).replaceAll("");
        String lines = noEscapes.replace("\r\n", "\n").replace('\r', '\n');
        return OTHER_CONTROLS.matcher(lines).replaceAll("");
    }
}
