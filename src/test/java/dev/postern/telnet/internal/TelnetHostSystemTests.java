package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.postern.testing.telnet.Telnetd;
import dev.postern.upstream.GuardedSocketFactory;

/**
 * A console session's Telnet connection against Debian's inetutils-telnetd, {@code login} and bash: logging in by
 * typing, running commands, window size changes, EUC-KR both ways, IAC bytes in data and the interrupt function.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TelnetHostSystemTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LOGIN_PROMPT = Pattern.compile("(?i)login:\\s*$");
    private static final Pattern PASSWORD_PROMPT = Pattern.compile("(?i)password:\\s*$");
    private static final Pattern SHELL_PROMPT = Pattern.compile("[$#]\\s*$");

    private static Telnetd telnetd;

    private TelnetHost host;
    private PumpedOutput output;

    @BeforeAll
    static void startTelnetd() throws Exception {
        telnetd = Telnetd.start();
    }

    @AfterAll
    static void stopTelnetd() throws InterruptedException {
        if (telnetd != null) {
            telnetd.close();
        }
    }

    @AfterEach
    void disconnect() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void logsInByTypingAndRunsACommand() throws Exception {
        logIn(settings("UTF-8"));

        run("echo postern-$((6*7))");

        output.await("postern-42");
        assertThat(host.negotiation()).contains("server DO TTYPE", "client WILL TTYPE", "server DO NAWS",
                "client WILL NAWS", "server WILL ECHO", "client DO ECHO", "server WILL SGA",
                "client SB TTYPE IS xterm-256color");
        assertThat(host.bytesFromHost()).isPositive();
        assertThat(host.bytesToHost()).isPositive();
    }

    @Test
    void theHostSeesTheTerminalTypeAndTheWindowSizeAtStartAndAfterAResize() throws Exception {
        logIn(settings("UTF-8").withSize(100, 30));

        run("echo size-$(stty size | tr ' ' x) term-$TERM");
        output.await("size-30x100 term-xterm-256color");
        host.resize(132, 43);
        run("stty size");

        output.await("43 132");
    }

    @Test
    void offersTheUserNameThroughNewEnviron() throws Exception {
        logIn(settings("UTF-8").withUser(telnetd.user()));

        run("echo user-$(id -un)-ok");

        output.await("user-" + telnetd.user() + "-ok");
        assertThat(host.negotiation()).contains("client WILL NEW-ENVIRON");
    }

    @Test
    void showsWhatAnEucKrHostPrintsAndSendsWhatIsTypedInEucKr() throws Exception {
        logIn(settings("EUC-KR"));

        run("printf '\\307\\321\\261\\333\\n'");
        output.await("한글");
        run("echo 한글 | od -An -tx1");

        output.await("c7 d1 b1 db 0a");
    }

    @Test
    void showsIacBytesFromTheHostAsDataInRawMode() throws Exception {
        logIn(settings(TelnetSettings.RAW));

        run("printf '\\377\\377x\\n'");

        byte[] expected = {(byte) 0xFF, (byte) 0xFF, 'x', '\r', '\n'};
        output.await(text -> indexOf(output.bytes(), expected) >= 0, WAIT);
        byte[] all = output.bytes();
        assertThat(indexOf(all, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .as("no IAC left doubled in %s", HexFormat.ofDelimiter(" ").formatHex(all)).isNegative();
    }

    @Test
    void sendsIacTypedByTheUserAsData() throws Exception {
        logIn(settings("ISO-8859-1"));

        run("read -r -p 'type> ' line; printf %s \"$line\" | od -An -tx1");
        // Typed ahead of read, the line could go to bash's line editor instead: wait for read's prompt.
        output.await("type> ");
        host.send("a\u00ffb\r");

        output.await("61 ff 62");
    }

    @Test
    void interruptStopsTheRunningCommand() throws Exception {
        logIn(settings("UTF-8"));

        run("sleep 30; echo not-$((1+0))-interrupted");
        Thread.sleep(1000);
        host.control(ControlFunction.INTERRUPT);
        run("echo after-$((2+3))");

        String text = output.await(t -> t.contains("after-5"), WAIT);
        assertThat(text).doesNotContain("not-1-interrupted");
    }

    private TelnetSettings settings(String charset) {
        return new TelnetSettings(Telnetd.HOST, telnetd.port()).withCharset(charset);
    }

    /** Connects, answers login's prompts as a person would, and waits for the shell to run a first command. */
    private void logIn(TelnetSettings settings) throws Exception {
        GuardedSocketFactory sockets = new GuardedSocketFactory((name, p) -> List.of(InetAddress.getByName(name)),
                5000);
        host = TelnetHost.connect(settings, sockets);
        output = new PumpedOutput(host);
        String prompt = output.await(text -> LOGIN_PROMPT.matcher(text).find()
                || PASSWORD_PROMPT.matcher(text).find(), WAIT);
        if (!PASSWORD_PROMPT.matcher(prompt).find()) {
            output.clear();
            host.send(telnetd.user() + "\r");
            output.await(text -> PASSWORD_PROMPT.matcher(text).find(), WAIT);
        }
        output.clear();
        host.send(telnetd.password() + "\r");
        // login discards what is typed before the shell starts: wait for its prompt.
        output.await(text -> SHELL_PROMPT.matcher(text).find(), WAIT);
        run("echo ready-$((1+1))");
        output.await(text -> text.contains("ready-2"), WAIT);
        output.clear();
    }

    /** Types a command line and Enter, as xterm.js would send it. */
    private void run(String command) throws Exception {
        host.send(command + "\r");
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
