package dev.postern.telnet.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScreenReplayTests {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsEverythingWhileItFits() {
        ScreenReplay replay = new ScreenReplay(64);
        replay.append(utf8("login: "), 0, 7);
        replay.append(utf8("kim\r\n"), 0, 5);

        assertThat(new String(replay.snapshot(true), StandardCharsets.UTF_8)).isEqualTo("login: kim\r\n");
    }

    @Test
    void keepsTheNewestBytesStartingAtALineAndACharacter() {
        ScreenReplay replay = new ScreenReplay(32);
        for (int i = 0; i < 20; i++) {
            byte[] line = utf8("줄 " + i + " 한글\r\n");
            replay.append(line, 0, line.length);
        }

        String kept = new String(replay.snapshot(true), StandardCharsets.UTF_8);
        assertThat(kept).endsWith("줄 19 한글\r\n").doesNotContain("\uFFFD");
        assertThat(kept).startsWith("줄 ");
        assertThat(utf8(kept).length).isLessThanOrEqualTo(32);
    }

    @Test
    void aWriteLargerThanTheRingKeepsItsEnd() {
        ScreenReplay replay = new ScreenReplay(16);
        replay.append(utf8("0123456789"), 0, 10);
        byte[] big = utf8("abcdefghijklmnopqrstuvwxyz\nTAIL-OF-OUTPUT");
        replay.append(big, 0, big.length);

        assertThat(new String(replay.snapshot(false), StandardCharsets.US_ASCII)).isEqualTo("TAIL-OF-OUTPUT");
        replay.append(utf8("!"), 0, 1);
        assertThat(new String(replay.snapshot(false), StandardCharsets.US_ASCII)).endsWith("TAIL-OF-OUTPUT!");
    }

    @Test
    void growsAsOutputArrivesThenWraps() {
        ScreenReplay replay = new ScreenReplay(10_000);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            String line = "line " + i + "\n";
            all.append(line);
            replay.append(utf8(line), 0, line.length());
            String kept = new String(replay.snapshot(true), StandardCharsets.UTF_8);
            assertThat(all.toString()).endsWith(kept);
            assertThat(kept).endsWith(line);
        }
        assertThat(all.length()).isGreaterThan(10_000);
        assertThat(replay.snapshot(true).length).isLessThanOrEqualTo(10_000).isGreaterThan(9_000);
    }
}
