package dev.postern.telnet.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Turns what the user typed (xterm.js sends strings) into the host's character set. A character the host's set
 * cannot write becomes that set's replacement (usually {@code ?}); a surrogate pair split across two strings is
 * joined. Thread-safe: {@link #encode} is synchronized (typing comes from one WebSocket, but control functions may
 * come from another thread).
 */
final class TerminalEncoder {

    private final CharsetEncoder encoder;
    private char pendingHighSurrogate;

    TerminalEncoder(Charset charset) {
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    synchronized byte[] encode(CharSequence typed) {
        CharSequence text = typed;
        if (pendingHighSurrogate != 0) {
            text = pendingHighSurrogate + typed.toString();
            pendingHighSurrogate = 0;
        }
        int length = text.length();
        if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1))) {
            pendingHighSurrogate = text.charAt(length - 1);
            text = text.subSequence(0, length - 1);
        }
        if (text.isEmpty()) {
            return new byte[0];
        }
        try {
            encoder.reset();
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(bytes.array(), bytes.arrayOffset() + bytes.position(),
                    bytes.arrayOffset() + bytes.limit());
        } catch (CharacterCodingException impossible) {
            // REPLACE never throws.
            throw new IllegalStateException(impossible);
        }
    }
}
