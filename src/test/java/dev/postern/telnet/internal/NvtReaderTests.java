package dev.postern.telnet.internal;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The host's bytes split into data and command sequences, whatever the buffer boundaries. */
class NvtReaderTests {

    private static final int IAC = 255;

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** Feeds the stream in pieces of the given size; answers data and commands. */
    private static byte[][] split(byte[] stream, int piece, boolean binary) throws Exception {
        NvtReader reader = new NvtReader(() -> binary);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        for (int at = 0; at < stream.length; at += piece) {
            int length = Math.min(piece, stream.length - at);
            reader.scan(stream, at, length, data::write);
            if (reader.hasCommands()) {
                commands.writeBytes(reader.takeCommands());
            }
        }
        return new byte[][]{data.toByteArray(), commands.toByteArray()};
    }

    private static final byte[] STREAM = bytes(
            'a', IAC, 253, 31,                       // DO NAWS
            'b', IAC, IAC, 'c',                      // an escaped 0xFF
            '\r', 0, 'd',                            // CR NUL
            IAC, 250, 24, 1, IAC, IAC, 7, IAC, 240,  // SB TTYPE SEND (with an IAC IAC inside) SE
            IAC, 241,                                // NOP
            '\r', '\n', 'e');

    @Test
    void separatesDataFromCommandsAtEveryBufferSize() throws Exception {
        for (int piece = 1; piece <= STREAM.length; piece++) {
            byte[][] parts = split(STREAM, piece, false);

            assertThat(parts[0]).as("data in pieces of %d", piece)
                    .isEqualTo(bytes('a', 'b', 0xff, 'c', '\r', 'd', '\r', '\n', 'e'));
            assertThat(parts[1]).as("commands in pieces of %d", piece)
                    .isEqualTo(bytes(IAC, 253, 31, IAC, 250, 24, 1, IAC, IAC, 7, IAC, 240, IAC, 241));
        }
    }

    @Test
    void inBinaryModeTheNulAfterCrIsData() throws Exception {
        byte[][] parts = split(bytes('\r', 0, 'x'), 1, true);

        assertThat(parts[0]).isEqualTo(bytes('\r', 0, 'x'));
    }

    @Test
    void anIncompleteSequenceWaitsForTheRest() throws Exception {
        NvtReader reader = new NvtReader(() -> false);
        ByteArrayOutputStream data = new ByteArrayOutputStream();

        reader.scan(bytes('x', IAC, 250, 31, 0), 0, 5, data::write);
        assertThat(reader.hasCommands()).isFalse();
        reader.scan(bytes(80, IAC, 240, 'y'), 0, 4, data::write);

        assertThat(reader.hasCommands()).isTrue();
        assertThat(reader.takeCommands()).isEqualTo(bytes(IAC, 250, 31, 0, 80, IAC, 240));
        assertThat(data.toByteArray()).isEqualTo(bytes('x', 'y'));
    }
}
