package dev.postern.upstream.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.postern.platform.InvalidInput.Problem;
import dev.postern.upstream.Charsets;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.HostNames;
import dev.postern.upstream.Security;

/**
 * Every field of a connection, checked before anything is saved. Nothing that could break a protocol command line
 * gets through: CR, LF and NUL are refused in every field, and text fields have bounded lengths.
 */
public final class ConnectionValidator {

    private static final Pattern ADDRESS = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{2}(?:[: ]?[0-9A-Fa-f]{2}){31}");

    /** A terminal type as TTYPE sends it (RFC 1091 names such as VT100, IBM-3278-2-E, xterm-256color). */
    private static final Pattern TERMINAL_TYPE = Pattern.compile("[A-Za-z0-9._+-]{1,40}");

    private static final List<String> EOF_KEYS = List.of("CTRL_D", "CTRL_Z");

    private static final int PROMPT_LENGTH = 200;

    private ConnectionValidator() {
    }

    /**
     * The draft with host names normalized, text stripped (prompt patterns excepted) and a pinned certificate in its
     * canonical spelling, or the problems found.
     */
    public record Result(ConnectionDraft draft, List<Problem> problems) {
    }

    public static Result check(ConnectionDraft draft, boolean editing) {
        List<Problem> problems = new ArrayList<>();
        if (draft.kind() == null) {
            problems.add(new Problem("kind", "connection.kind.invalid"));
            return new Result(draft, problems);
        }
        String name = text(draft.name());
        String host = HostNames.normalize(draft.host());
        String username = draft.username() == null ? "" : draft.username().strip();
        String password = draft.password();

        if (name.isEmpty() || name.length() > 100 || hasControl(name)) {
            problems.add(new Problem("name", "connection.name.invalid"));
        }
        checkHost("host", draft.host(), host, problems);
        checkPort("port", draft.port(), problems);
        if (draft.security() == null || (draft.kind() == ConnectionKind.TELNET && draft.security() != Security.NONE)) {
            problems.add(new Problem("security", "connection.security.invalid"));
        }
        if (username.length() > 256 || hasControl(username)) {
            problems.add(new Problem("username", "connection.username.invalid"));
        }
        if (password != null && (password.length() > 1024 || hasLineBreakOrNul(password))) {
            problems.add(new Problem("password", "connection.password.invalid"));
        }
        if (!editing && draft.kind() == ConnectionKind.MAIL && (password == null || password.isEmpty())) {
            problems.add(new Problem("password", "connection.password.required"));
        }
        if (draft.kind() == ConnectionKind.MAIL && username.isEmpty()) {
            problems.add(new Problem("username", "connection.username.required"));
        }

        ConnectionOptions options = draft.options();
        if (options == null || options.kind() != draft.kind()) {
            problems.add(new Problem(null, "connection.options.invalid"));
            return new Result(draft, problems);
        }
        ConnectionOptions cleanOptions = switch (options) {
            case ConnectionOptions.Mail mail -> {
                String smtpHost = HostNames.normalize(mail.smtpHost());
                checkHost("smtpHost", mail.smtpHost(), smtpHost, problems);
                checkPort("smtpPort", mail.smtpPort(), problems);
                if (mail.retrieval() == null) {
                    problems.add(new Problem("retrieval", "connection.retrieval.invalid"));
                }
                if (mail.smtpSecurity() == null) {
                    problems.add(new Problem("smtpSecurity", "connection.security.invalid"));
                }
                String displayName = text(mail.displayName());
                if (displayName.length() > 100 || hasControl(displayName)) {
                    problems.add(new Problem("displayName", "connection.displayName.invalid"));
                }
                String address = text(mail.address());
                if (address.length() > 254 || !ADDRESS.matcher(address).matches()) {
                    problems.add(new Problem("address", "connection.address.invalid"));
                }
                yield new ConnectionOptions.Mail(mail.retrieval(), smtpHost, mail.smtpPort(), mail.smtpSecurity(),
                        mail.smtpAuth(), displayName, address);
            }
            case ConnectionOptions.Ftp ftp -> {
                String charset = Charsets.canonical(ftp.charset(), Charsets.FILE_NAMES);
                if (charset == null) {
                    problems.add(new Problem("charset", "connection.charset.invalid"));
                }
                // Control characters are looked for before stripping: a path or pin that came with a line break
                // is refused, not quietly trimmed.
                String rootDirectory = text(ftp.rootDirectory());
                if (hasControl(ftp.rootDirectory()) || !validRootDirectory(rootDirectory)) {
                    problems.add(new Problem("rootDirectory", "connection.rootDirectory.invalid"));
                }
                String pin = text(ftp.pinnedCertificate());
                String fingerprint = hasControl(ftp.pinnedCertificate()) ? null : fingerprint(pin);
                if (fingerprint == null) {
                    problems.add(new Problem("pinnedCertificate", "connection.pinnedCertificate.invalid"));
                } else if (!fingerprint.isEmpty() && draft.security() == Security.NONE) {
                    // Plain FTP presents no certificate, so a pin would silently guard nothing.
                    problems.add(new Problem("pinnedCertificate", "connection.pinnedCertificate.plain"));
                }
                yield new ConnectionOptions.Ftp(ftp.passive(), charset, rootDirectory,
                        fingerprint == null ? pin : fingerprint);
            }
            case ConnectionOptions.Telnet telnet -> {
                String charset = Charsets.canonical(telnet.charset(), Charsets.TERMINALS);
                if (charset == null) {
                    problems.add(new Problem("charset", "connection.charset.invalid"));
                }
                String terminalType = text(telnet.terminalType());
                if (hasControl(telnet.terminalType())
                        || !terminalType.isEmpty() && !TERMINAL_TYPE.matcher(terminalType).matches()) {
                    problems.add(new Problem("terminalType", "connection.terminalType.invalid"));
                }
                String eof = text(telnet.eof());
                if (hasControl(telnet.eof()) || !EOF_KEYS.contains(eof)) {
                    problems.add(new Problem("eof", "connection.eof.invalid"));
                }
                String loginPrompt = prompt(telnet.loginPrompt());
                if (loginPrompt == null) {
                    problems.add(new Problem("loginPrompt", "connection.loginPrompt.invalid"));
                }
                String passwordPrompt = prompt(telnet.passwordPrompt());
                if (passwordPrompt == null) {
                    problems.add(new Problem("passwordPrompt", "connection.passwordPrompt.invalid"));
                }
                if (telnet.autoLogin() && username.isEmpty()) {
                    // With no user name there is nothing to answer the login prompt with.
                    problems.add(new Problem("autoLogin", "connection.autoLogin.noUser"));
                }
                yield new ConnectionOptions.Telnet(charset, terminalType, eof, telnet.autoLogin(),
                        loginPrompt == null ? telnet.loginPrompt() : loginPrompt,
                        passwordPrompt == null ? telnet.passwordPrompt() : passwordPrompt, telnet.record(),
                        telnet.recordInput());
            }
        };
        return new Result(new ConnectionDraft(draft.kind(), name, host, draft.port(), draft.security(), username,
                password, draft.shared(), cleanOptions), problems);
    }

    /**
     * Empty, or an absolute path in the one spelling the file manager compares against: no {@code .} or {@code ..}
     * segment, no empty segment, no trailing slash but for "/" itself.
     */
    static boolean validRootDirectory(String path) {
        if (path.isEmpty()) {
            return true;
        }
        if (path.length() > 1024 || !path.startsWith("/") || hasControl(path)) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * A SHA-256 fingerprint as upper-case hex pairs joined by colons, from 64 hex digits in either case with or
     * without a colon or space between pairs; empty for empty; null for anything else.
     */
    static String fingerprint(String text) {
        if (text.isEmpty()) {
            return "";
        }
        if (!FINGERPRINT.matcher(text).matches()) {
            return null;
        }
        String hex = text.replaceAll("[: ]", "").toUpperCase(Locale.ROOT);
        StringJoiner pairs = new StringJoiner(":");
        for (int i = 0; i < hex.length(); i += 2) {
            pairs.add(hex.substring(i, i + 2));
        }
        return pairs.toString();
    }

    /**
     * A prompt pattern as typed, or empty for blank, or null when it holds a control character, is longer than
     * {@value #PROMPT_LENGTH} characters or does not compile. It is not stripped: a space before or after can be
     * the part of a prompt that tells it from other output.
     */
    static String prompt(String pattern) {
        if (pattern == null) {
            return "";
        }
        if (hasControl(pattern)) {
            return null;
        }
        if (pattern.isBlank()) {
            return "";
        }
        if (pattern.length() > PROMPT_LENGTH) {
            return null;
        }
        try {
            Pattern.compile(pattern);
            return pattern;
        } catch (PatternSyntaxException invalid) {
            return null;
        }
    }

    private static void checkHost(String field, String raw, String host, List<Problem> problems) {
        if (raw == null || hasControl(raw) || !HostNames.valid(host)) {
            problems.add(new Problem(field, "connection.host.invalid"));
        }
    }

    private static void checkPort(String field, int port, List<Problem> problems) {
        if (port < 1 || port > 65535) {
            problems.add(new Problem(field, "connection.port.invalid"));
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029);
    }

    private static boolean hasLineBreakOrNul(String value) {
        return value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c == 0x85 || c == 0x2028 || c == 0x2029);
    }
}
