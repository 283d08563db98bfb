package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The NVT rules for data sent to the host. */
class NvtTests {

    @Test
    void doublesIac() {
        assertThat(escape(false, 0xFF, 'a', 0xFF)).containsExactly(0xFF, 0xFF, 'a', 0xFF, 0xFF);
        assertThat(escape(true, 0xFF)).containsExactly(0xFF, 0xFF);
    }

    @Test
    void sendsALoneCrAsCrNulOutsideBinaryMode() {
        assertThat(escape(false, 'a', '\r')).containsExactly('a', '\r', 0);
        assertThat(escape(false, '\r', 'b')).containsExactly('\r', 0, 'b');
        assertThat(escape(false, '\r', '\r')).containsExactly('\r', 0, '\r', 0);
    }

    @Test
    void leavesCrLfAndLoneLfAsTheyAre() {
        assertThat(escape(false, '\r', '\n', 'x', '\n')).containsExactly('\r', '\n', 'x', '\n');
    }

    @Test
    void leavesCrAloneInBinaryMode() {
        assertThat(escape(true, 'a', '\r', 0, '\r')).containsExactly('a', '\r', 0, '\r');
    }

    @Test
    void escapesOnlyTheGivenRange() {
        byte[] data = {'x', (byte) 0xFF, '\r', 'y'};

        assertThat(Nvt.escape(data, 1, 2, false)).containsExactly(0xFF, 0xFF, '\r', 0);
    }

    private static byte[] escape(boolean binary, int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return Nvt.escape(data, 0, data.length, binary);
    }
}
