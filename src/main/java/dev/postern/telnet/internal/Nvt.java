package dev.postern.telnet.internal;

import java.io.ByteArrayOutputStream;

/**
 * The Network Virtual Terminal's rules for data sent to the host (RFC 854, RFC 856).
 *
 * <ul>
 *   <li>IAC (0xFF) in data is doubled, always: otherwise the host would read it as a command.</li>
 *   <li>Unless Postern is sending in BINARY mode, a CR not followed by LF is sent as CR NUL (a bare CR is not
 *       allowed in NVT data, and the host strips the NUL). CR LF passes as it is. In BINARY mode CR is plain data.</li>
 * </ul>
 *
 * <p>Commons Net's {@code TelnetOutputStream} is not used for data: outside BINARY mode it turns a CR into CR LF,
 * but only when the next byte is written, so the Enter key (xterm.js sends a lone CR) would reach the host with the
 * next keystroke; and it turns LF into CR LF.
 */
final class Nvt {

    static final int IAC = 0xFF;
    static final int CR = '\r';
    static final int LF = '\n';
    static final int NUL = 0;

    private Nvt() {
    }

    /** The bytes to put on the wire for data, by the rules above. */
    static byte[] escape(byte[] data, int offset, int length, boolean binary) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream(length + 8);
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = data[i] & 0xFF;
            wire.write(b);
            if (b == IAC) {
                wire.write(IAC);
            } else if (b == CR && !binary && (i + 1 == end || (data[i + 1] & 0xFF) != LF)) {
                wire.write(NUL);
            }
        }
        return wire.toByteArray();
    }
}
