package dev.postern.telnet.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.net.telnet.EchoOptionHandler;
import org.apache.commons.net.telnet.InvalidTelnetOptionException;
import org.apache.commons.net.telnet.SuppressGAOptionHandler;
import org.apache.commons.net.telnet.TelnetClient;
import org.apache.commons.net.telnet.TelnetNotificationHandler;
import org.apache.commons.net.telnet.TelnetOption;
import org.apache.commons.net.telnet.TelnetOptionHandler;
import org.apache.commons.net.telnet.TerminalTypeOptionHandler;
import org.apache.commons.net.telnet.WindowSizeOptionHandler;

import dev.postern.upstream.Transcript;

/**
 * The Telnet options Postern agrees to, and a record of the negotiation as transcript notes. Postern will send its
 * terminal type ({@code xterm-256color}) and window size (80x24), lets the host echo and suppress go-ahead, and
 * refuses every other option (Commons Net answers WONT or DONT by itself).
 *
 * <p>Commons Net tells what the host asked for ({@link TelnetNotificationHandler}) before it answers, and answers
 * a request only once: the notes for Postern's answers follow the same rule from the handlers' acceptance flags.
 */
final class OptionNegotiation implements TelnetNotificationHandler {

    static final String TERMINAL_NAME = "xterm-256color";
    static final int COLUMNS = 80;
    static final int ROWS = 24;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(TelnetOption.BINARY, "BINARY"),
            Map.entry(TelnetOption.ECHO, "ECHO"),
            Map.entry(TelnetOption.SUPPRESS_GO_AHEAD, "SGA"),
            Map.entry(TelnetOption.STATUS, "STATUS"),
            Map.entry(TelnetOption.TIMING_MARK, "TM"),
            Map.entry(TelnetOption.TERMINAL_TYPE, "TTYPE"),
            Map.entry(TelnetOption.END_OF_RECORD, "EOR"),
            Map.entry(TelnetOption.WINDOW_SIZE, "NAWS"),
            Map.entry(TelnetOption.TERMINAL_SPEED, "TSPEED"),
            Map.entry(TelnetOption.REMOTE_FLOW_CONTROL, "LFLOW"),
            Map.entry(TelnetOption.LINEMODE, "LINEMODE"),
            Map.entry(TelnetOption.X_DISPLAY_LOCATION, "XDISPLOC"),
            Map.entry(TelnetOption.OLD_ENVIRONMENT_VARIABLES, "ENVIRON"),
            Map.entry(TelnetOption.AUTHENTICATION, "AUTHENTICATION"),
            Map.entry(TelnetOption.ENCRYPTION, "ENCRYPT"),
            Map.entry(TelnetOption.NEW_ENVIRONMENT_VARIABLES, "NEW-ENVIRON"),
            Map.entry(42, "CHARSET"),
            Map.entry(44, "COM-PORT"));

    private final Transcript transcript;
    private final List<TelnetOptionHandler> handlers;
    private final Set<String> requested = new LinkedHashSet<>();
    private final Set<Integer> answeredDo = new HashSet<>();
    private final Set<Integer> answeredWill = new HashSet<>();
    private final Set<Integer> enabledLocally = new HashSet<>();
    private final Set<Integer> enabledRemotely = new HashSet<>();

    OptionNegotiation(Transcript transcript) {
        this.transcript = transcript;
        this.handlers = List.of(
                new TerminalType(),
                new WindowSize(),
                // (initLocal, initRemote, acceptLocal, acceptRemote): the host proposes, Postern agrees.
                new SuppressGAOptionHandler(false, false, true, true),
                new EchoOptionHandler(false, false, false, true));
    }

    void install(TelnetClient telnet) throws IOException {
        try {
            for (TelnetOptionHandler handler : handlers) {
                telnet.addOptionHandler(handler);
            }
        } catch (InvalidTelnetOptionException impossible) {
            throw new IllegalStateException("Commons Net refused a standard option", impossible);
        }
        telnet.registerNotifHandler(this);
    }

    /** What the host asked for ({@code DO TTYPE}, {@code WILL ECHO}), in the order it asked. */
    synchronized List<String> requested() {
        return List.copyOf(new ArrayList<>(requested));
    }

    /** Whether the host negotiated anything at all, i.e. speaks Telnet. */
    synchronized boolean negotiated() {
        return !requested.isEmpty();
    }

    @Override
    public synchronized void receivedNegotiation(int negotiationCode, int optionCode) {
        String option = name(optionCode);
        switch (negotiationCode) {
            case RECEIVED_DO -> {
                requested.add("DO " + option);
                transcript.note("server DO " + option);
                if (answeredDo.add(optionCode)) {
                    boolean accept = acceptsLocal(optionCode);
                    if (accept) {
                        enabledLocally.add(optionCode);
                    }
                    transcript.note("client " + (accept ? "WILL " : "WONT ") + option);
                }
            }
            case RECEIVED_WILL -> {
                requested.add("WILL " + option);
                transcript.note("server WILL " + option);
                if (answeredWill.add(optionCode)) {
                    boolean accept = acceptsRemote(optionCode);
                    if (accept) {
                        enabledRemotely.add(optionCode);
                    }
                    transcript.note("client " + (accept ? "DO " : "DONT ") + option);
                }
            }
            case RECEIVED_DONT -> {
                transcript.note("server DONT " + option);
                if (enabledLocally.remove(optionCode)) {
                    transcript.note("client WONT " + option);
                }
            }
            case RECEIVED_WONT -> {
                transcript.note("server WONT " + option);
                if (enabledRemotely.remove(optionCode)) {
                    transcript.note("client DONT " + option);
                }
            }
            case RECEIVED_COMMAND -> transcript.note("server command " + optionCode);
            default -> transcript.note("server negotiation " + negotiationCode + " " + option);
        }
    }

    private boolean acceptsLocal(int optionCode) {
        return handlers.stream().anyMatch(h -> h.getOptionCode() == optionCode && h.getAcceptLocal());
    }

    private boolean acceptsRemote(int optionCode) {
        return handlers.stream().anyMatch(h -> h.getOptionCode() == optionCode && h.getAcceptRemote());
    }

    static String name(int optionCode) {
        return NAMES.getOrDefault(optionCode, "option " + optionCode);
    }

    /** Answers SEND with IS xterm-256color, and notes it. */
    private final class TerminalType extends TerminalTypeOptionHandler {

        TerminalType() {
            super(TERMINAL_NAME, false, false, true, false);
        }

        @Override
        public int[] answerSubnegotiation(int[] suboptionData, int suboptionLength) {
            int[] answer = super.answerSubnegotiation(suboptionData, suboptionLength);
            synchronized (OptionNegotiation.this) {
                transcript.note("server SB TTYPE SEND");
                if (answer != null) {
                    transcript.note("client SB TTYPE IS " + TERMINAL_NAME);
                }
            }
            return answer;
        }
    }

    /** Sends the window size once the host agreed to NAWS, and notes it. */
    private final class WindowSize extends WindowSizeOptionHandler {

        WindowSize() {
            super(COLUMNS, ROWS, false, false, true, false);
        }

        @Override
        public int[] startSubnegotiationLocal() {
            synchronized (OptionNegotiation.this) {
                transcript.note("client SB NAWS " + COLUMNS + "x" + ROWS);
            }
            return super.startSubnegotiationLocal();
        }
    }
}
