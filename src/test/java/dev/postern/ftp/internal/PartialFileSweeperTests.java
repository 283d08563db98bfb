package dev.postern.ftp.internal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.postern.ftp.internal.PartialFileSweeper.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/** What a partial file's listed time settles about its age, and what only the server's exact time can. */
class PartialFileSweeperTests {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);

    @Test
    void anExactTimeDecidesByTheAgeAlone() {
        assertThat(PartialFileSweeper.verdict(NOW.minus(WEEK).minusSeconds(1), true, NOW, WEEK))
                .isEqualTo(Verdict.DELETE);
        assertThat(PartialFileSweeper.verdict(NOW.minus(WEEK), true, NOW, WEEK)).isEqualTo(Verdict.KEEP);
        assertThat(PartialFileSweeper.verdict(NOW.minus(Duration.ofDays(6)), true, NOW, WEEK)).isEqualTo(Verdict.KEEP);
        // A clock ahead of ours: young.
        assertThat(PartialFileSweeper.verdict(NOW.plus(Duration.ofDays(3)), true, NOW, WEEK)).isEqualTo(Verdict.KEEP);
    }

    @Test
    void aListTimeKeepsOnlyWhatIsClearlyYoungAndAsksTheServerAboutTheRest() {
        // LIST gives the server's local time, only to the day once a file is half a year old.
        assertThat(PartialFileSweeper.verdict(NOW.minus(Duration.ofDays(4)), false, NOW, WEEK))
                .isEqualTo(Verdict.KEEP);
        assertThat(PartialFileSweeper.verdict(NOW.minus(Duration.ofDays(6)), false, NOW, WEEK))
                .isEqualTo(Verdict.ASK_SERVER);
        assertThat(PartialFileSweeper.verdict(NOW.minus(Duration.ofDays(400)), false, NOW, WEEK))
                .isEqualTo(Verdict.ASK_SERVER);
        assertThat(PartialFileSweeper.verdict(null, false, NOW, WEEK)).isEqualTo(Verdict.ASK_SERVER);
        assertThat(PartialFileSweeper.verdict(null, true, NOW, WEEK)).isEqualTo(Verdict.ASK_SERVER);
    }
}
