package dev.postern.telnet.internal;

import static dev.postern.telnet.internal.ScriptedTelnetHost.DO;
import static dev.postern.telnet.internal.ScriptedTelnetHost.DONT;
import static dev.postern.telnet.internal.ScriptedTelnetHost.IAC;
import static dev.postern.telnet.internal.ScriptedTelnetHost.SB;
import static dev.postern.telnet.internal.ScriptedTelnetHost.SE;
import static dev.postern.telnet.internal.ScriptedTelnetHost.WILL;
import static dev.postern.telnet.internal.ScriptedTelnetHost.WONT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Telnet client side against a host scripted byte by byte: NVT rules, option negotiation, control functions. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelnetHostTests {

    private static final int BINARY = 0;
    private static final int ECHO = 1;
    private static final int SGA = 3;
    private static final int TTYPE = 24;
    private static final int NAWS = 31;
    private static final int NEW_ENVIRON = 39;

    private ScriptedTelnetHost host;
    private TelnetHost telnet;
    private PumpedOutput output;

    @AfterEach
    void close() throws IOException {
        if (telnet != null) {
            telnet.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /** Connects with the settings and starts pumping; for a charset that needs 8 bits, expects the BINARY requests. */
    private void connect(TelnetSettings settings) throws IOException {
        host = new ScriptedTelnetHost();
        telnet = TelnetHost.connect(new TelnetSettings("127.0.0.1", host.port(), settings.charset(),
                settings.terminalType(), settings.columns(), settings.rows(), settings.user(), settings.eof(),
                Duration.ofSeconds(5)), SocketFactory.getDefault());
        host.accept();
        output = new PumpedOutput(telnet);
        if (TelnetHost.needsEightBits(settings)) {
            host.expect(IAC, WILL, BINARY, IAC, DO, BINARY);
        }
    }

    private static TelnetSettings settings(String charset) {
        return new TelnetSettings("127.0.0.1", 1).withCharset(charset);
    }

    /** The host agrees to BINARY both ways. */
    private void agreeBinary() throws IOException {
        host.say(IAC, DO, BINARY, IAC, WILL, BINARY);
        assertThat(host.readQuietly()).as("acknowledgements are not answered").isEmpty();
    }

    private void refuseBinary() throws IOException {
        host.say(IAC, DONT, BINARY, IAC, WONT, BINARY);
        host.readQuietly();
    }

    @Test
    void asksForBinaryOnlyWhenTheCharsetNeedsEightBits() throws Exception {
        connect(settings("US-ASCII"));
        host.say(IAC, DO, TTYPE);

        host.expect(IAC, WILL, TTYPE);
        assertThat(telnet.negotiation()).doesNotContain("client WILL BINARY");
    }

    @Test
    void answersEachRefusedOptionOnceAndNeverLoops() throws Exception {
        connect(settings("UTF-8"));
        agreeBinary();

        host.say(IAC, WILL, 99, IAC, DO, 98, IAC, DO, 36, IAC, WILL, NEW_ENVIRON);
        host.expect(IAC, DONT, 99, IAC, WONT, 98, IAC, WONT, 36, IAC, DONT, NEW_ENVIRON);
        // The host acknowledges the refusals: they are not answered again.
        host.say(IAC, DONT, 99, IAC, WONT, 98, IAC, WONT, 36, IAC, DONT, NEW_ENVIRON);
        assertThat(host.readQuietly()).isEmpty();
        // Asked again, refused again, once each.
        host.say(IAC, WILL, 99);
        host.expect(IAC, DONT, 99);
        assertThat(host.readQuietly()).isEmpty();
        assertThat(telnet.negotiation()).contains("server WILL option 99", "client DONT option 99",
                "server DO option 98", "client WONT option 98");
    }

    @Test
    void acceptsTerminalTypeWindowSizeEchoAndSuppressGoAhead() throws Exception {
        connect(settings("UTF-8").withSize(100, 30));
        agreeBinary();

        host.say(IAC, DO, TTYPE, IAC, DO, NAWS, IAC, WILL, ECHO, IAC, WILL, SGA);
        host.expect(IAC, WILL, TTYPE, IAC, WILL, NAWS, IAC, SB, NAWS, 0, 100, 0, 30, IAC, SE,
                IAC, DO, ECHO, IAC, DO, SGA);
        host.say(IAC, SB, TTYPE, 1, IAC, SE);
        host.expect(concat(new int[] {IAC, SB, TTYPE, 0}, "xterm-256color", new int[] {IAC, SE}));
        assertThat(telnet.negotiation()).contains("client SB NAWS 100x30", "client SB TTYPE IS xterm-256color");
    }

    @Test
    void sendsTheWindowSizeOnEveryResizeOnceTheHostAgreed() throws Exception {
        connect(settings("UTF-8"));
        agreeBinary();
        telnet.resize(132, 43);
        assertThat(host.readQuietly()).as("not before the host agreed to NAWS").isEmpty();

        host.say(IAC, DO, NAWS);
        host.expect(IAC, WILL, NAWS, IAC, SB, NAWS, 0, 132, 0, 43, IAC, SE);
        telnet.resize(255, 300);
        // 255 is doubled once, as data in a subnegotiation must be.
        host.expect(IAC, SB, NAWS, 0, 255, 255, 1, 44, IAC, SE);
    }

    @Test
    void sendsTheUserNameWhenTheHostAsksForNewEnviron() throws Exception {
        connect(settings("UTF-8").withUser("alice"));
        agreeBinary();

        host.say(IAC, DO, NEW_ENVIRON);
        host.expect(IAC, WILL, NEW_ENVIRON);
        // SEND VAR "USER"
        host.say(concat(new int[] {IAC, SB, NEW_ENVIRON, 1, 0}, "USER", new int[] {IAC, SE}));
        host.expect(concat(concat(new int[] {IAC, SB, NEW_ENVIRON, 0, 0}, "USER", new int[] {1}), "alice",
                new int[] {IAC, SE}));
        // SEND with no list means every variable.
        host.say(IAC, SB, NEW_ENVIRON, 1, IAC, SE);
        host.expect(concat(concat(new int[] {IAC, SB, NEW_ENVIRON, 0, 0}, "USER", new int[] {1}), "alice",
                new int[] {IAC, SE}));
        // Another variable only: an empty IS.
        host.say(concat(new int[] {IAC, SB, NEW_ENVIRON, 1, 0}, "DISPLAY", new int[] {IAC, SE}));
        host.expect(IAC, SB, NEW_ENVIRON, 0, IAC, SE);
    }

    @Test
    void refusesNewEnvironWithoutAUserName() throws Exception {
        connect(settings("UTF-8"));
        agreeBinary();

        host.say(IAC, DO, NEW_ENVIRON);
        host.expect(IAC, WONT, NEW_ENVIRON);
    }

    @Test
    void sendsALoneCarriageReturnAsCrNulOutsideBinaryMode() throws Exception {
        connect(settings("UTF-8"));
        refuseBinary();

        telnet.send("ls\r");
        host.expect('l', 's', '\r', 0);
        telnet.send("a\r\nb\n");
        host.expect('a', '\r', '\n', 'b', '\n');
        assertThat(telnet.bytesToHost()).isEqualTo(3 + 5);
    }

    @Test
    void sendsCarriageReturnAsItIsInBinaryMode() throws Exception {
        connect(settings("UTF-8"));
        agreeBinary();

        telnet.send("ls\r");
        host.expect('l', 's', '\r');
        assertThat(host.readQuietly()).isEmpty();
    }

    @Test
    void doublesIacInWhatTheUserSends() throws Exception {
        connect(settings(TelnetSettings.RAW));
        agreeBinary();

        telnet.sendBytes(new byte[] {(byte) 0xFF, 'x', (byte) 0xFF, (byte) 0xFF});
        host.expect(IAC, IAC, 'x', IAC, IAC, IAC, IAC);
        assertThat(telnet.bytesToHost()).isEqualTo(4);
    }

    @Test
    void doublesIacThatTheCharsetEncodesAsIt() throws Exception {
        connect(settings("ISO-8859-1"));
        agreeBinary();

        telnet.send("\u00ff");
        host.expect(IAC, IAC);
    }

    @Test
    void showsIacIacFromTheHostAsOneByteAndNoCommandsInRawMode() throws Exception {
        connect(settings(TelnetSettings.RAW));
        agreeBinary();

        host.say('a', IAC, IAC, 'b', IAC, 241 /* NOP */, 'c', IAC, SB, 99, 1, 2, IAC, SE, 'd', IAC, IAC);
        output.await(text -> output.bytes().length >= 6, Duration.ofSeconds(5));

        assertThat(output.bytes()).containsExactly('a', 0xFF, 'b', 'c', 'd', 0xFF);
        assertThat(telnet.bytesFromHost()).isEqualTo(6);
    }

    @Test
    void showsIacIacFromTheHostAsYWithDiaeresisInIso88591() throws Exception {
        connect(settings("ISO-8859-1"));
        agreeBinary();

        host.say('a', IAC, IAC, 'b');

        assertThat(output.await("b")).isEqualTo("a\u00ffb");
    }

    @Test
    void decodesCharactersThatArriveOneByteAtATime() throws Exception {
        connect(settings("EUC-KR"));
        agreeBinary();

        for (byte b : "한글 ok".getBytes(Charset.forName("EUC-KR"))) {
            host.say(new byte[] {b});
            Thread.sleep(20);
        }

        assertThat(output.await("ok")).isEqualTo("한글 ok");
        for (byte[] piece : output.pieces()) {
            assertThat(new String(piece, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                    .as("each piece is whole UTF-8").isEqualTo(piece);
        }
    }

    @Test
    void encodesKoreanTypedInTheBrowserForAnEucKrHost() throws Exception {
        connect(settings("EUC-KR"));
        agreeBinary();

        telnet.send("한글\r");
        host.expect(0xC7, 0xD1, 0xB1, 0xDB, '\r');
    }

    @Test
    void sendsTheControlFunctionsAsTelnetCommands() throws Exception {
        connect(settings("UTF-8"));
        agreeBinary();

        telnet.control(ControlFunction.INTERRUPT);
        telnet.control(ControlFunction.BREAK);
        telnet.control(ControlFunction.ARE_YOU_THERE);
        telnet.control(ControlFunction.ABORT_OUTPUT);
        telnet.control(ControlFunction.EOF);

        host.expect(IAC, 244, IAC, 243, IAC, 246, IAC, 245, 0x04);
    }

    @Test
    void sendsCtrlZForEofWhenTheHostExpectsIt() throws Exception {
        connect(new TelnetSettings("127.0.0.1", 1, "UTF-8", "", 80, 24, null, "CTRL_Z", null));
        agreeBinary();

        telnet.control(ControlFunction.EOF);

        host.expect(0x1A);
    }

    @Test
    void pumpReturnsWhenTheHostHangsUp() throws Exception {
        connect(settings("UTF-8"));
        host.say('b', 'y', 'e');
        output.await("bye");

        host.hangUp();

        assertThat(output.ends(Duration.ofSeconds(5))).isTrue();
        assertThat(output.failure()).isNull();
    }

    @Test
    void pumpReturnsWhenClosed() throws Exception {
        connect(settings("UTF-8"));

        telnet.close();

        assertThat(output.ends(Duration.ofSeconds(5))).isTrue();
        assertThat(output.failure()).isNull();
    }

    @Test
    void refusesToSendOnceClosed() throws Exception {
        connect(settings("UTF-8"));
        telnet.close();

        for (ThrowingCallable call : new ThrowingCallable[] {() -> telnet.send("x"),
                () -> telnet.sendBytes(new byte[] {1}), () -> telnet.resize(100, 40),
                () -> telnet.control(ControlFunction.INTERRUPT), () -> telnet.control(ControlFunction.EOF)}) {
            assertThatThrownBy(call).isInstanceOf(IOException.class);
        }
    }

    private static byte[] concat(int[] before, String ascii, int[] after) {
        byte[] text = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[before.length + text.length + after.length];
        for (int i = 0; i < before.length; i++) {
            all[i] = (byte) before[i];
        }
        System.arraycopy(text, 0, all, before.length, text.length);
        for (int i = 0; i < after.length; i++) {
            all[before.length + text.length + i] = (byte) after[i];
        }
        return all;
    }

    private static byte[] concat(byte[] before, String ascii, int[] after) {
        int[] ints = new int[before.length];
        for (int i = 0; i < before.length; i++) {
            ints[i] = before[i] & 0xFF;
        }
        return concat(ints, ascii, after);
    }
}
