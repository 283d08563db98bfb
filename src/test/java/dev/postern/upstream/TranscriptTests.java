package dev.postern.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.postern.upstream.Transcript.Direction;
import dev.postern.upstream.Transcript.Line;

class TranscriptTests {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pw";

    private final Transcript transcript = new Transcript(USER, PASSWORD);

    @Test
    void hidesTheArgumentOfPass() {
        transcript.client("PASS " + PASSWORD);

        assertThat(transcript.lines()).containsExactly(new Line(Direction.CLIENT, "PASS ********"));
    }

    @Test
    void hidesPassEvenWhenThePasswordIsNotTheStoredOne() {
        transcript.client("PASS another-guess");

        assertThat(transcript.lines()).containsExactly(new Line(Direction.CLIENT, "PASS ********"));
    }

    @Test
    void hidesUserAndPasswordOfTaggedImapLogin() {
        transcript.client("a1 LOGIN " + USER + " " + PASSWORD);

        assertThat(transcript.lines()).containsExactly(new Line(Direction.CLIENT, "a1 LOGIN ********"));
    }

    @Test
    void keepsTheMechanismButHidesTheInitialResponseOfAuthPlain() {
        String initial = base64("\0" + USER + "\0" + PASSWORD);

        transcript.client("AUTH PLAIN " + initial);

        assertThat(transcript.lines()).containsExactly(new Line(Direction.CLIENT, "AUTH PLAIN ********"));
        assertThat(text()).doesNotContain(initial);
    }

    @Test
    void hidesTheBase64PasswordLineThatFollowsAuthLogin() {
        transcript.client("AUTH LOGIN");
        transcript.server("334 VXNlcm5hbWU6");
        transcript.client(base64(USER));
        transcript.server("334 UGFzc3dvcmQ6");
        transcript.client(base64(PASSWORD));
        transcript.server("235 2.7.0 Authentication successful");

        assertThat(transcript.lines()).containsExactly(
                new Line(Direction.CLIENT, "AUTH LOGIN"),
                new Line(Direction.SERVER, "334 VXNlcm5hbWU6"),
                new Line(Direction.CLIENT, base64(USER)),
                new Line(Direction.SERVER, "334 UGFzc3dvcmQ6"),
                new Line(Direction.CLIENT, "********"),
                new Line(Direction.SERVER, "235 2.7.0 Authentication successful"));
    }

    @Test
    void hidesThePasswordWhereverItAppearsEvenInServerLines() {
        transcript.server("-ERR no such user: " + PASSWORD);
        transcript.client(PASSWORD);

        assertThat(text()).doesNotContain(PASSWORD).contains("********");
    }

    @Test
    void keepsFtpAuthTlsAsItIs() {
        transcript.client("AUTH TLS");
        transcript.server("234 Command AUTH okay; starting TLS connection.");

        assertThat(transcript.lines()).containsExactly(
                new Line(Direction.CLIENT, "AUTH TLS"),
                new Line(Direction.SERVER, "234 Command AUTH okay; starting TLS connection."));
    }

    @Test
    void splitsMultiLineTextAndDropsEmptyLines() {
        transcript.server("250-first\r\n\r\n250 last\r\n");

        assertThat(transcript.lines()).extracting(Line::text).containsExactly("250-first", "250 last");
    }

    @Test
    void showsControlCharactersAsReplacementCharacters() {
        transcript.server("bell\u0007 and escape\u001b[0m");

        assertThat(transcript.lines()).extracting(Line::text).containsExactly("bell\uFFFD and escape\uFFFD[0m");
    }

    @Test
    void aTranscriptWithoutPasswordRedactsOnlyCredentialCommands() {
        Transcript open = new Transcript(USER, null);

        open.client("USER " + USER);
        open.client("PASS whatever");

        assertThat(open.lines()).extracting(Line::text).containsExactly("USER alice", "PASS ********");
    }

    private String text() {
        return transcript.lines().stream().map(Line::text).reduce("", (a, b) -> a + "\n" + b);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
