package dev.postern.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import dev.postern.upstream.Transcript;
import dev.postern.upstream.Transcript.Direction;
import dev.postern.upstream.Transcript.Line;

class MailTraceTests {

    private final Transcript transcript = new Transcript("alice", "secret");

    @Test
    void smtpCapabilitiesAreTheKeywordsOfTheLastEhloAnswer() {
        MailTrace trace = new MailTrace(MailTrace.Dialect.SMTP, transcript);

        write(trace, """
                DEBUG SMTP: trying to connect to host "mail.example.org", port 587, isSSL false
                220 mail.example.org ESMTP ready\r
                EHLO client.example.org\r
                250-mail.example.org\r
                250-PIPELINING\r
                250 STARTTLS\r
                STARTTLS\r
                220 2.0.0 Ready to start TLS\r
                EHLO client.example.org\r
                250-mail.example.org\r
                250-AUTH PLAIN LOGIN\r
                250 8BITMIME\r
                DEBUG SMTP: AUTH PLAIN command trace suppressed
                QUIT\r
                221 2.0.0 Bye\r
                """);

        assertThat(trace.greeting()).isEqualTo("220 mail.example.org ESMTP ready");
        assertThat(trace.capabilities()).containsExactly("AUTH PLAIN LOGIN", "8BITMIME");
        assertThat(trace.authenticationReached()).isTrue();
        assertThat(transcript.lines()).contains(
                new Line(Direction.CLIENT, "STARTTLS"),
                new Line(Direction.SERVER, "220 2.0.0 Ready to start TLS"),
                new Line(Direction.NOTE, "Authentication exchange not recorded (credentials are never shown)"));
        assertThat(transcript.lines()).noneMatch(line -> line.text().startsWith("DEBUG"));
    }

    @Test
    void imapLinesAreToldApartByTagAndStatus() {
        MailTrace trace = new MailTrace(MailTrace.Dialect.IMAP, transcript);

        write(trace, """
                * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r
                K0 STARTTLS\r
                K0 OK Begin TLS negotiation now.\r
                K1 CAPABILITY\r
                * CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN IDLE\r
                K1 OK Pre-login capabilities listed, post-login capabilities have more.\r
                K2 NO [AUTHENTICATIONFAILED] Authentication failed.\r
                """);

        assertThat(trace.greeting()).startsWith("* OK [CAPABILITY");
        assertThat(trace.capabilities()).containsExactly("IMAP4rev1", "SASL-IR", "AUTH=PLAIN", "IDLE");
        assertThat(trace.authenticationReached()).isFalse();
        assertThat(transcript.lines()).extracting(Line::direction).containsExactly(
                Direction.SERVER, Direction.CLIENT, Direction.SERVER, Direction.CLIENT, Direction.SERVER,
                Direction.SERVER, Direction.SERVER);
    }

    @Test
    void pop3CapaAnswerIsServerTextEvenWhereItLooksLikeACommand() {
        MailTrace trace = new MailTrace(MailTrace.Dialect.POP3, transcript);

        write(trace, """
                +OK POP3 ready\r
                CAPA\r
                +OK Capability list follows\r
                TOP\r
                USER\r
                UIDL\r
                .\r
                USER alice\r
                """);

        assertThat(trace.capabilities()).containsExactly("TOP", "USER", "UIDL");
        assertThat(transcript.lines()).containsExactly(
                new Line(Direction.SERVER, "+OK POP3 ready"),
                new Line(Direction.CLIENT, "CAPA"),
                new Line(Direction.SERVER, "+OK Capability list follows"),
                new Line(Direction.SERVER, "TOP"),
                new Line(Direction.SERVER, "USER"),
                new Line(Direction.SERVER, "UIDL"),
                new Line(Direction.SERVER, "."),
                new Line(Direction.CLIENT, "USER alice"));
    }

    private static void write(MailTrace trace, String text) {
        PrintStream out = trace.printStream();
        out.print(text);
        out.flush();
    }
}
