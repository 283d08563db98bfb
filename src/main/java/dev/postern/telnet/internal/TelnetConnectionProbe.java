package dev.postern.telnet.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.telnet.TelnetClient;
import org.springframework.stereotype.Component;

import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionProbe;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.ProbeStep;
import dev.postern.upstream.ProbeTarget;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.UpstreamStatus;

/**
 * Tests a Telnet connection: connects, negotiates the terminal options, reads the banner in the connection's
 * character set and, when a user name and password are stored, answers the host's login and password prompts and
 * tells from what follows whether the host let the user in. Telnet has no status codes: the outcome is read from the
 * host's text, as a person at a terminal would.
 */
@Component
class TelnetConnectionProbe implements ConnectionProbe {

    /** How long the host must stay silent before its output counts as finished. */
    static final Duration QUIET = Duration.ofMillis(700);
    /** {@code login} waits about three seconds before it says "Login incorrect"; give any host more than that. */
    static final Duration LOGIN_VERDICT_AT_LEAST = Duration.ofSeconds(10);
    private static final Duration LOGOUT_WAIT = Duration.ofSeconds(3);
    private static final int GREETING_LENGTH = 200;

    private static final Pattern LOGIN_PROMPT = Pattern.compile("(?i)(login|user(name)?)\\s*:\\s*$");
    private static final Pattern PASSWORD_PROMPT = Pattern.compile("(?i)password\\s*:\\s*$");
    private static final Pattern LOGIN_INCORRECT = Pattern.compile("(?i)login incorrect");
    /**
     * A line that says no. What a successful login may print about earlier failures ("Last failed login: ...",
     * "There was 1 failed login attempt since the last successful login.") does not count.
     */
    private static final Pattern REFUSAL_LINE = Pattern.compile(
            "(?im)^(?!\\s*last\\b)(?!.*failed login attempts? since).*\\b(incorrect|denied|failed|invalid)\\b.*$");

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.TELNET;
    }

    @Override
    public ProbeReport probe(ProbeTarget target) {
        ConnectionProfile profile = target.profile();
        String endpoint = profile.host() + ":" + profile.port();
        Transcript transcript = new Transcript(profile.username(), target.password());
        long started = System.nanoTime();
        Session session = new Session(target, transcript);
        transcript.note("Connecting to " + endpoint + " (Telnet, " + session.charset.name() + ")");
        session.run();
        return new ProbeReport(List.of(new ProbeStep("Telnet", endpoint, session.status, session.greeting,
                session.negotiation.requested(), session.detail, session.loggedIn, transcript.lines(),
                Duration.ofNanos(System.nanoTime() - started))));
    }

    /** One connection test, from connect to disconnect. */
    private static final class Session {

        private final ProbeTarget target;
        private final Transcript transcript;
        private final Charset charset;
        private final OptionNegotiation negotiation;
        private final TelnetClient telnet = new TelnetClient();
        private HostOutput output;

        private UpstreamStatus status = UpstreamStatus.OK;
        private String greeting;
        private String detail;
        private boolean loggedIn;

        Session(ProbeTarget target, Transcript transcript) {
            this.target = target;
            this.transcript = transcript;
            this.charset = dev.postern.upstream.Charsets.orUtf8(target.profile().telnet().charset());
            this.negotiation = new OptionNegotiation(transcript);
        }

        void run() {
            ConnectionProfile profile = target.profile();
            try {
                // Reading happens on HostOutput's thread; Commons Net's own reader thread would be a second one.
                telnet.setReaderThread(false);
                telnet.setSocketFactory(target.sockets().forProtocol(Protocol.TELNET));
                telnet.setConnectTimeout(millis(target.connectTimeout()));
                negotiation.install(telnet);
                telnet.connect(profile.host(), profile.port());
                output = new HostOutput(telnet.getInputStream(), charset);
                if (hasCredentials(profile)) {
                    logIn(profile.username(), target.password());
                } else {
                    readBanner();
                }
            } catch (IOException failure) {
                UpstreamStatus network = UpstreamStatus.classify(failure);
                status = network != null ? network : UpstreamStatus.PROTOCOL_ERROR;
                detail = describe(failure);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                status = UpstreamStatus.TIMED_OUT;
                detail = "Interrupted";
            } finally {
                disconnect();
            }
        }

        private boolean hasCredentials(ConnectionProfile profile) {
            return profile.username() != null && !profile.username().isBlank() && target.password() != null;
        }

        /** Without credentials: the banner, until the host pauses. */
        private void readBanner() throws InterruptedException {
            HostOutput.Stop stop = output.await(null, QUIET, deadline(target.readTimeout()));
            String banner = takeReply();
            greeting = greeting(banner);
            if (stop == HostOutput.Stop.CLOSED && banner.isBlank()) {
                fail(UpstreamStatus.SERVER_SAID_NO, closedDetail());
            } else if (banner.isBlank() && !negotiation.negotiated()) {
                fail(UpstreamStatus.TIMED_OUT, "The host sent nothing within " + seconds(target.readTimeout()));
            } else if (banner.isBlank()) {
                transcript.note("The host negotiated options but printed no banner");
            }
        }

        private void logIn(String username, String password) throws IOException, InterruptedException {
            long deadline = deadline(target.readTimeout());
            HostOutput.Stop stop = output.await(text -> LOGIN_PROMPT.matcher(text).find()
                    || PASSWORD_PROMPT.matcher(text).find(), null, deadline);
            String banner = takeReply();
            greeting = greeting(banner);
            if (stop != HostOutput.Stop.MATCHED) {
                failWaiting(stop, "No login prompt");
                return;
            }
            if (!PASSWORD_PROMPT.matcher(banner).find()) {
                send(username);
                stop = output.await(text -> PASSWORD_PROMPT.matcher(text).find()
                        || saysNo(text), null, deadline(target.readTimeout()));
                String reply = takeReply();
                if (stop != HostOutput.Stop.MATCHED) {
                    failWaiting(stop, "No password prompt");
                    return;
                }
                if (!PASSWORD_PROMPT.matcher(reply).find()) {
                    fail(UpstreamStatus.AUTH_FAILED, refusal(reply));
                    return;
                }
            }
            send(password);
            Duration verdictWait = target.readTimeout().compareTo(LOGIN_VERDICT_AT_LEAST) > 0
                    ? target.readTimeout() : LOGIN_VERDICT_AT_LEAST;
            stop = output.await(text -> LOGIN_INCORRECT.matcher(text).find() || asksAgain(text), QUIET,
                    deadline(verdictWait));
            String verdict = takeReply();
            if (stop == HostOutput.Stop.MATCHED || saysNo(verdict)) {
                fail(UpstreamStatus.AUTH_FAILED, refusal(verdict));
            } else if (stop == HostOutput.Stop.QUIET) {
                loggedIn = true;
                transcript.note("Logged in as " + username);
                logOut();
            } else {
                failWaiting(stop, "No answer to the password");
            }
        }

        /** The host shows the login or password prompt again: the credentials were not accepted. */
        private static boolean asksAgain(String text) {
            return LOGIN_PROMPT.matcher(text).find() || PASSWORD_PROMPT.matcher(text).find();
        }

        private void logOut() throws IOException, InterruptedException {
            send("exit");
            output.await(null, QUIET, deadline(LOGOUT_WAIT));
            takeReply();
        }

        /** Sends a line; the transcript hides it if it is the password (one of the Transcript's secrets). */
        private void send(String line) throws IOException {
            transcript.client(line);
            OutputStream out = telnet.getOutputStream();
            // NVT end of line: Commons Net passes CR LF through as it is.
            out.write(line.getBytes(charset));
            out.write(new byte[]{'\r', '\n'});
            out.flush();
        }

        /** Moves what the host printed since the last mark into the transcript, and returns it. */
        private String takeReply() {
            String reply = output.sinceMark();
            transcript.server(reply);
            output.mark();
            return reply;
        }

        private void failWaiting(HostOutput.Stop stop, String missing) {
            if (stop == HostOutput.Stop.CLOSED) {
                IOException broken = output.failure();
                UpstreamStatus network = broken == null ? null : UpstreamStatus.classify(broken);
                fail(network != null ? network : UpstreamStatus.SERVER_SAID_NO, closedDetail());
            } else {
                fail(UpstreamStatus.TIMED_OUT, missing + " in time");
            }
        }

        private String closedDetail() {
            IOException broken = output.failure();
            return broken == null ? "The host closed the connection" : describe(broken);
        }

        private void fail(UpstreamStatus failed, String why) {
            status = failed;
            detail = why;
        }

        private void disconnect() {
            try {
                if (telnet.isConnected()) {
                    telnet.disconnect();
                }
                if (output != null) {
                    output.stop();
                }
            } catch (IOException ignored) {
                // The outcome is known; closing a broken connection changes nothing.
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static long deadline(Duration wait) {
            return System.nanoTime() + wait.toNanos();
        }
    }

    /** Whether the host's text has a line that refuses the login. */
    static boolean saysNo(String text) {
        return REFUSAL_LINE.matcher(text).find();
    }

    /** The host's own words for a refusal: the line that says no, else its last non-empty line. */
    static String refusal(String text) {
        Matcher line = REFUSAL_LINE.matcher(text);
        if (line.find()) {
            return line.group().strip();
        }
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "The host did not accept the user name and password" : lines.getLast();
    }

    static String greeting(String banner) {
        String compact = banner.strip().replaceAll("\n\\s*\n+", "\n");
        if (compact.isEmpty()) {
            return null;
        }
        return compact.length() > GREETING_LENGTH ? compact.substring(0, GREETING_LENGTH) + "…" : compact;
    }


    static String describe(Throwable failure) {
        return UpstreamStatus.describe(failure);
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
