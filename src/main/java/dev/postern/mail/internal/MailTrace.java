package dev.postern.mail.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.postern.upstream.Transcript;

/**
 * Turns Angus Mail's debug output (the protocol trace plus its own {@code DEBUG ...} lines) into a {@link Transcript}.
 * Angus writes what it sends and what it reads to one stream, so the direction of each line is told from the
 * protocol's grammar. Along the way it remembers the greeting and the capabilities the server announced, and whether
 * Angus reached the authentication step (it hides that exchange from the trace because {@code mail.debug.auth} is
 * off, and says so in a debug line).
 */
final class MailTrace extends OutputStream {

    enum Dialect { IMAP, POP3, SMTP }

    /**
     * Angus tags its IMAP commands with a letter and a number ({@code A0}, {@code G3}: the letter changes from one
     * connection to the next); a tagged line from the server carries a status.
     */
    private static final Pattern IMAP_TAGGED = Pattern.compile("^[A-Za-z]+\\d+ (\\S+).*$");
    private static final Set<String> IMAP_STATUS = Set.of("OK", "NO", "BAD", "BYE", "PREAUTH");
    private static final Pattern IMAP_CAPABILITY = Pattern.compile("^\\* CAPABILITY (.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAP_CAPABILITY_CODE = Pattern.compile("\\[CAPABILITY ([^]]+)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern POP3_COMMAND = Pattern.compile(
            "^(USER|PASS|APOP|AUTH|CAPA|STLS|QUIT|STAT|LIST|UIDL|RETR|TOP|DELE|NOOP|RSET)( .*)?$");
    private static final Pattern SMTP_REPLY = Pattern.compile("^(\\d{3})([ -]?)(.*)$");
    /** The transcript cuts long lines anyway; a server that never ends a line must not fill the memory. */
    private static final int MAX_LINE = 8192;

    private final Dialect dialect;
    private final Transcript transcript;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final PrintStream printStream = new PrintStream(this, true, StandardCharsets.UTF_8);

    private String greeting;
    private List<String> capabilities = List.of();
    private boolean authenticationReached;

    // POP3: the answer to CAPA (and a few other commands) runs over several lines up to a lone "."
    private String lastPop3Command = "";
    private boolean inPop3MultiLine;
    /** The capabilities being read (POP3 CAPA, SMTP EHLO), or null. */
    private List<String> collecting;

    // SMTP: the capabilities are the keywords of the answer to the last EHLO
    private boolean inEhloReply;
    private boolean ehloNameSeen;

    MailTrace(Dialect dialect, Transcript transcript) {
        this.dialect = dialect;
        this.transcript = transcript;
    }

    /** The stream to hand to {@code Session.setDebugOut}. */
    PrintStream printStream() {
        return printStream;
    }

    synchronized String greeting() {
        flushPending();
        return greeting;
    }

    synchronized List<String> capabilities() {
        flushPending();
        return capabilities;
    }

    /** Whether Angus started to authenticate, as opposed to failing before (greeting, STARTTLS). */
    synchronized boolean authenticationReached() {
        flushPending();
        return authenticationReached;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushPending();
        } else if (pending.size() < MAX_LINE) {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    private void flushPending() {
        if (pending.size() == 0) {
            return;
        }
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (!line.isBlank()) {
            accept(line);
        }
    }

    private void accept(String line) {
        if (line.startsWith("DEBUG")) {
            // Angus's own commentary; only the note that it hid the login matters to the user.
            if (line.contains("command trace suppressed")) {
                authenticationReached = true;
                transcript.note("Authentication exchange not recorded (credentials are never shown)");
            }
            return;
        }
        boolean fromServer = switch (dialect) {
            case IMAP -> imapFromServer(line);
            case POP3 -> pop3FromServer(line);
            case SMTP -> smtpFromServer(line);
        };
        if (fromServer) {
            if (greeting == null) {
                greeting = line;
            }
            transcript.server(line);
        } else {
            transcript.client(line);
        }
    }

    private boolean imapFromServer(String line) {
        boolean fromServer;
        Matcher tagged = IMAP_TAGGED.matcher(line);
        if (tagged.matches()) {
            fromServer = IMAP_STATUS.contains(tagged.group(1).toUpperCase(Locale.ROOT));
        } else {
            // Untagged data, continuation requests and literals come from the server; DONE ends our IDLE.
            fromServer = !line.equals("DONE");
        }
        if (fromServer) {
            Matcher untagged = IMAP_CAPABILITY.matcher(line);
            Matcher code = IMAP_CAPABILITY_CODE.matcher(line);
            if (untagged.matches()) {
                capabilities = words(untagged.group(1));
            } else if (code.find()) {
                capabilities = words(code.group(1));
            }
        }
        return fromServer;
    }

    private boolean pop3FromServer(String line) {
        if (inPop3MultiLine) {
            if (line.equals(".")) {
                inPop3MultiLine = false;
                if (collecting != null) {
                    capabilities = List.copyOf(collecting);
                }
                collecting = null;
            } else if (collecting != null) {
                collecting.add(line);
            }
            return true;
        }
        Matcher command = POP3_COMMAND.matcher(line);
        if (command.matches()) {
            lastPop3Command = line;
            return false;
        }
        if (line.startsWith("+OK") && opensMultiLineReply(lastPop3Command)) {
            inPop3MultiLine = true;
            collecting = lastPop3Command.equals("CAPA") ? new ArrayList<>() : null;
        }
        lastPop3Command = "";
        return true;
    }

    private static boolean opensMultiLineReply(String command) {
        return command.equals("CAPA") || command.equals("LIST") || command.equals("UIDL")
                || command.startsWith("RETR ") || command.startsWith("TOP ");
    }

    private boolean smtpFromServer(String line) {
        Matcher reply = SMTP_REPLY.matcher(line);
        if (!reply.matches()) {
            if (line.regionMatches(true, 0, "EHLO ", 0, 5)) {
                inEhloReply = true;
                ehloNameSeen = false;
                collecting = new ArrayList<>();
            }
            return false;
        }
        if (inEhloReply) {
            if (!reply.group(1).equals("250")) {
                inEhloReply = false;
                return true;
            }
            // The first line of the answer names the server; the others are its keywords.
            if (ehloNameSeen) {
                collecting.add(reply.group(3).trim());
            } else {
                ehloNameSeen = true;
            }
            if (!reply.group(2).equals("-")) {
                inEhloReply = false;
                capabilities = List.copyOf(collecting);
            }
        }
        return true;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
