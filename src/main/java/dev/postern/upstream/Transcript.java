package dev.postern.upstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A protocol conversation as shown to the user, with secrets redacted as lines are added: the password itself, its
 * base64 forms (AUTH PLAIN and LOGIN send those), and the arguments of commands that carry credentials
 * ({@code PASS}, {@code LOGIN}, {@code AUTH}). Long conversations are cut off rather than kept whole.
 */
public final class Transcript {

    public enum Direction {
        /** What Postern sent. */
        CLIENT,
        /** What the server sent. */
        SERVER,
        /** A note from Postern (connecting, TLS established, options negotiated). */
        NOTE
    }

    public record Line(Direction direction, String text) {
    }

    static final String REDACTED = "********";
    private static final int MAX_LINES = 400;
    private static final int MAX_LINE_LENGTH = 500;
    /** {@code PASS x}, {@code a1 LOGIN user pass}: everything after the verb is hidden. */
    private static final Pattern PASSWORD_COMMAND = Pattern.compile(
            "^((?:[A-Za-z0-9.]+ )?(?:PASS|LOGIN))\\s+\\S.*$", Pattern.CASE_INSENSITIVE);
    /** {@code AUTH PLAIN x}, {@code a1 AUTHENTICATE PLAIN x}: the mechanism stays, its initial response is hidden. */
    private static final Pattern SASL_COMMAND = Pattern.compile(
            "^((?:[A-Za-z0-9.]+ )?(?:AUTH|AUTHENTICATE)\\s+[A-Za-z0-9_-]+)\\s+\\S.*$", Pattern.CASE_INSENSITIVE);

    private static String hideCredentialArguments(String line) {
        var password = PASSWORD_COMMAND.matcher(line);
        if (password.matches()) {
            return password.group(1) + " " + REDACTED;
        }
        var sasl = SASL_COMMAND.matcher(line);
        if (sasl.matches()) {
            return sasl.group(1) + " " + REDACTED;
        }
        return line;
    }

    private final Set<String> secrets = new LinkedHashSet<>();
    private final List<Line> lines = new ArrayList<>();
    private boolean truncated;

    /** A transcript that hides the given password (and the user name paired with it in SASL PLAIN). */
    public Transcript(String username, String password) {
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
            Base64.Encoder base64 = Base64.getEncoder();
            secrets.add(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            String user = username == null ? "" : username;
            secrets.add(base64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
            secrets.add(base64.encodeToString((user + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    public synchronized void client(String text) {
        add(Direction.CLIENT, text);
    }

    public synchronized void server(String text) {
        add(Direction.SERVER, text);
    }

    public synchronized void note(String text) {
        add(Direction.NOTE, text);
    }

    public synchronized List<Line> lines() {
        List<Line> copy = new ArrayList<>(lines);
        if (truncated) {
            copy.add(new Line(Direction.NOTE, "…"));
        }
        return List.copyOf(copy);
    }

    private void add(Direction direction, String text) {
        if (text == null) {
            return;
        }
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (lines.size() >= MAX_LINES) {
                truncated = true;
                return;
            }
            lines.add(new Line(direction, redact(direction, line)));
        }
    }

    String redact(Direction direction, String line) {
        String clean = line;
        for (String secret : secrets) {
            clean = clean.replace(secret, REDACTED);
        }
        if (direction == Direction.CLIENT) {
            clean = hideCredentialArguments(clean);
        }
        // Control characters other than tab would garble the page; show them as U+FFFD.
        StringBuilder printable = new StringBuilder(Math.min(clean.length(), MAX_LINE_LENGTH));
        clean.codePoints().limit(MAX_LINE_LENGTH).forEach(cp ->
                printable.appendCodePoint(cp < 0x20 && cp != '\t' || cp == 0x7f ? 0xFFFD : cp));
        return clean.length() > MAX_LINE_LENGTH ? printable + "…" : printable.toString();
    }
}
