package dev.postern.telnet.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Answers a host's login and password prompts from the connection's stored credentials, once each, within the first
 * minute of a session. The password goes to the host only: never to the browser, the recording or the audit log.
 */
final class AutoLogin {

    static final String DEFAULT_LOGIN = "(?i)(login|user ?name|로그인|사용자 ?이름)\\s*:\\s*$";
    static final String DEFAULT_PASSWORD = "(?i)(password|passcode|암호|비밀번호)\\s*:\\s*$";
    private static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int TAIL = 512;

    /** Where the answers go (the host). */
    interface Answer {
        void send(String text) throws java.io.IOException;
    }

    private final Pattern loginPrompt;
    private final Pattern passwordPrompt;
    private final String user;
    private final String password;
    private final long started = System.nanoTime();
    private final StringBuilder tail = new StringBuilder();
    private boolean userSent;
    private boolean done;

    AutoLogin(String loginPattern, String passwordPattern, String user, String password) {
        this.loginPrompt = Pattern.compile(loginPattern == null || loginPattern.isBlank() ? DEFAULT_LOGIN : loginPattern);
        this.passwordPrompt = Pattern.compile(passwordPattern == null || passwordPattern.isBlank()
                ? DEFAULT_PASSWORD : passwordPattern);
        this.user = user;
        this.password = password;
    }

    boolean done() {
        return done;
    }

    /** Looks at output (UTF-8) and answers a prompt it ends with. */
    void seen(byte[] data, int offset, int length, Answer answer) throws java.io.IOException {
        if (done) {
            return;
        }
        if (System.nanoTime() - started > WINDOW_NANOS) {
            done = true;
            return;
        }
        tail.append(new String(data, offset, length, StandardCharsets.UTF_8));
        if (tail.length() > TAIL) {
            tail.delete(0, tail.length() - TAIL);
        }
        String text = stripEscapes(tail);
        if (!userSent && loginPrompt.matcher(text).find()) {
            userSent = true;
            tail.setLength(0);
            answer.send(user + "\r");
        } else if (passwordPrompt.matcher(text).find()) {
            done = true;
            tail.setLength(0);
            if (password != null) {
                answer.send(password + "\r");
            }
        }
    }

    /** Terminal escape sequences (colours, cursor moves) do not count as prompt text. */
    private static String stripEscapes(CharSequence text) {
        return text.toString().replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "").replaceAll("\u001B[()][0-9A-Za-z]", "");
    }
}
