package dev.postern.telnet.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings for one console session's Telnet connection.
 *
 * @param host the host to connect to
 * @param port its port
 * @param charset a Java character set name for the host's terminal, or {@link #RAW} to pass bytes untouched (ZMODEM);
 *                blank for UTF-8. {@code CP949} means Microsoft's code page 949 (Java's {@code x-windows-949}), not
 *                IBM's that Java would otherwise pick for that name.
 * @param terminalType the terminal type sent to the host (TTYPE); blank for {@code xterm-256color}
 * @param columns the terminal's width at start (NAWS)
 * @param rows the terminal's height at start (NAWS)
 * @param user the user name offered to the host as NEW-ENVIRON {@code USER}; null or blank offers none (and refuses
 *             NEW-ENVIRON)
 * @param eof what {@link ControlFunction#EOF} sends: {@code CTRL_D} (UNIX hosts, the default) or {@code CTRL_Z}
 *            (DOS, VMS)
 * @param connectTimeout how long the TCP connect may take
 */
public record TelnetSettings(String host, int port, String charset, String terminalType, int columns, int rows,
                             String user, String eof, Duration connectTimeout) {

    /** The character set name that means "no conversion". */
    public static final String RAW = "RAW";
    public static final String DEFAULT_TERMINAL_TYPE = "xterm-256color";
    public static final String CTRL_D = "CTRL_D";
    public static final String CTRL_Z = "CTRL_Z";

    /** Names that Java resolves to something other than what terminal users mean by them. */
    private static final Map<String, String> CHARSET_ALIASES = Map.of(
            "CP949", "x-windows-949",
            "UHC", "x-windows-949");

    public TelnetSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("A Telnet host is needed");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        charset = charset == null || charset.isBlank() ? StandardCharsets.UTF_8.name() : charset.strip();
        if (!isRaw(charset)) {
            resolve(charset);
        }
        terminalType = terminalType == null || terminalType.isBlank() ? DEFAULT_TERMINAL_TYPE : terminalType.strip();
        if (!terminalType.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("A terminal type is printable ASCII without spaces");
        }
        columns = clampSize(columns, 80);
        rows = clampSize(rows, 24);
        user = user == null || user.isBlank() ? null : user;
        if (user != null && user.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("A user name has no control characters");
        }
        eof = eof == null || eof.isBlank() ? CTRL_D : eof.strip().toUpperCase(Locale.ROOT);
        if (!eof.equals(CTRL_D) && !eof.equals(CTRL_Z)) {
            throw new IllegalArgumentException("EOF is CTRL_D or CTRL_Z, not " + eof);
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** UTF-8, xterm-256color, 80x24, no user, Ctrl-D, 10 s to connect. */
    public TelnetSettings(String host, int port) {
        this(host, port, null, null, 80, 24, null, null, null);
    }

    public TelnetSettings withCharset(String name) {
        return new TelnetSettings(host, port, name, terminalType, columns, rows, user, eof, connectTimeout);
    }

    public TelnetSettings withUser(String name) {
        return new TelnetSettings(host, port, charset, terminalType, columns, rows, name, eof, connectTimeout);
    }

    public TelnetSettings withSize(int newColumns, int newRows) {
        return new TelnetSettings(host, port, charset, terminalType, newColumns, newRows, user, eof, connectTimeout);
    }

    /** Whether bytes pass untouched (no character set). */
    public boolean raw() {
        return isRaw(charset);
    }

    /** The host's character set; ISO-8859-1 (every byte a character) in raw mode. */
    public Charset hostCharset() {
        return raw() ? StandardCharsets.ISO_8859_1 : resolve(charset);
    }

    /** The byte that {@link ControlFunction#EOF} sends, as a character of the host's character set. */
    char eofCharacter() {
        return eof.equals(CTRL_Z) ? '\u001A' : '\u0004';
    }

    private static boolean isRaw(String name) {
        return RAW.equalsIgnoreCase(name);
    }

    private static Charset resolve(String name) {
        String javaName = CHARSET_ALIASES.getOrDefault(name.toUpperCase(Locale.ROOT), name);
        try {
            return Charset.forName(javaName);
        } catch (IllegalArgumentException unsupported) {
            throw new IllegalArgumentException("Unknown character set: " + name, unsupported);
        }
    }

    /** NAWS carries 16 bits; 0 would mean "unknown" to the host. */
    private static int clampSize(int value, int fallback) {
        return value <= 0 ? fallback : Math.min(value, 0xFFFF);
    }
}
