package dev.postern.telnet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.net.telnet.EchoOptionHandler;
import org.apache.commons.net.telnet.InvalidTelnetOptionException;
import org.apache.commons.net.telnet.SimpleOptionHandler;
import org.apache.commons.net.telnet.SuppressGAOptionHandler;
import org.apache.commons.net.telnet.TelnetClient;
import org.apache.commons.net.telnet.TelnetNotificationHandler;
import org.apache.commons.net.telnet.TelnetOption;
import org.apache.commons.net.telnet.TelnetOptionHandler;
import org.apache.commons.net.telnet.TerminalTypeOptionHandler;

import dev.postern.upstream.Transcript;

/**
 * The Telnet options Postern agrees to, and a readable record of the negotiation ("server DO TTYPE", "client WILL
 * TTYPE"). Postern sends its terminal type (TTYPE) and window size (NAWS, again on every resize), lets the host echo
 * and suppress go-ahead (ECHO, SGA: character at a time), offers the user name (NEW-ENVIRON USER) when it has one, and
 * asks for BINARY both ways when the character set needs eight bits. Every other option is refused by Commons Net
 * itself: a WILL gets DONT and a DO gets WONT, once per request, and an acknowledgement of a refusal gets no answer,
 * so refusals never loop.
 *
 * <p>Commons Net tells what the host asked for ({@link TelnetNotificationHandler}) before it answers, and answers
 * a request only once: the notes for Postern's answers follow the same rule from the handlers' acceptance flags.
 * Requests Postern makes itself (BINARY) are noted when they are installed.
 */
final class OptionNegotiation implements TelnetNotificationHandler {

    static final String TERMINAL_NAME = "xterm-256color";
    static final int COLUMNS = 80;
    static final int ROWS = 24;

    /**
     * What Postern asks for.
     *
     * @param user the NEW-ENVIRON USER value; null to refuse NEW-ENVIRON
     * @param binary whether to ask for BINARY in both directions
     */
    record Wishes(String terminalType, int columns, int rows, String user, boolean binary) {

        /** The connection test: xterm-256color, 80x24, no user, no BINARY. */
        static final Wishes PROBE = new Wishes(TERMINAL_NAME, COLUMNS, ROWS, null, false);
    }

    static final int NEW_ENVIRON = TelnetOption.NEW_ENVIRONMENT_VARIABLES;

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

    private final Consumer<String> notes;
    private final Wishes wishes;
    private final WindowSize windowSize;
    private final List<TelnetOptionHandler> handlers;
    private final Set<String> requested = new LinkedHashSet<>();
    private final Set<Integer> answeredDo = new HashSet<>();
    private final Set<Integer> answeredWill = new HashSet<>();
    private final Set<Integer> enabledLocally = new HashSet<>();
    private final Set<Integer> enabledRemotely = new HashSet<>();

    /** The connection test's negotiation, noted in its transcript. */
    OptionNegotiation(Transcript transcript) {
        this(transcript::note, Wishes.PROBE);
    }

    OptionNegotiation(Consumer<String> notes, Wishes wishes) {
        this.notes = notes;
        this.wishes = wishes;
        this.windowSize = new WindowSize(wishes.columns(), wishes.rows());
        List<TelnetOptionHandler> all = new ArrayList<>(List.of(
                new TerminalType(wishes.terminalType()),
                windowSize,
                // (initLocal, initRemote, acceptLocal, acceptRemote): the host proposes, Postern agrees.
                new SuppressGAOptionHandler(false, false, true, true),
                new EchoOptionHandler(false, false, false, true)));
        if (wishes.user() != null) {
            all.add(new NewEnvironment(wishes.user()));
        }
        if (wishes.binary()) {
            all.add(new SimpleOptionHandler(TelnetOption.BINARY, true, true, true, true));
        }
        this.handlers = List.copyOf(all);
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
        if (wishes.binary()) {
            // Commons Net sends these at connect; the host's DO and WILL that follow are answers, not requests.
            synchronized (this) {
                answeredDo.add(TelnetOption.BINARY);
                answeredWill.add(TelnetOption.BINARY);
                enabledLocally.add(TelnetOption.BINARY);
                enabledRemotely.add(TelnetOption.BINARY);
                notes.accept("client WILL BINARY");
                notes.accept("client DO BINARY");
            }
        }
    }

    /**
     * Records the new window size and, if the host agreed to NAWS, sends it now; otherwise it is sent when the host
     * agrees.
     */
    void resize(TelnetClient telnet, int columns, int rows) throws IOException {
        int[] message = windowSize.resize(columns, rows);
        if (telnet.getLocalOptionState(TelnetOption.WINDOW_SIZE)) {
            synchronized (this) {
                notes.accept("client SB NAWS " + columns + "x" + rows);
            }
            telnet.sendSubnegotiation(message);
        }
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
                notes.accept("server DO " + option);
                if (answeredDo.add(optionCode)) {
                    boolean accept = acceptsLocal(optionCode);
                    if (accept) {
                        enabledLocally.add(optionCode);
                    }
                    notes.accept("client " + (accept ? "WILL " : "WONT ") + option);
                }
            }
            case RECEIVED_WILL -> {
                requested.add("WILL " + option);
                notes.accept("server WILL " + option);
                if (answeredWill.add(optionCode)) {
                    boolean accept = acceptsRemote(optionCode);
                    if (accept) {
                        enabledRemotely.add(optionCode);
                    }
                    notes.accept("client " + (accept ? "DO " : "DONT ") + option);
                }
            }
            case RECEIVED_DONT -> {
                notes.accept("server DONT " + option);
                if (enabledLocally.remove(optionCode)) {
                    notes.accept("client WONT " + option);
                }
            }
            case RECEIVED_WONT -> {
                notes.accept("server WONT " + option);
                if (enabledRemotely.remove(optionCode)) {
                    notes.accept("client DONT " + option);
                }
            }
            case RECEIVED_COMMAND -> notes.accept("server command " + optionCode);
            default -> notes.accept("server negotiation " + negotiationCode + " " + option);
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

    /** Answers SEND with IS and the terminal type, and notes it. */
    private final class TerminalType extends TerminalTypeOptionHandler {

        private final String terminalType;

        TerminalType(String terminalType) {
            super(terminalType, false, false, true, false);
            this.terminalType = terminalType;
        }

        @Override
        public int[] answerSubnegotiation(int[] suboptionData, int suboptionLength) {
            int[] answer = super.answerSubnegotiation(suboptionData, suboptionLength);
            synchronized (OptionNegotiation.this) {
                notes.accept("server SB TTYPE SEND");
                if (answer != null) {
                    notes.accept("client SB TTYPE IS " + terminalType);
                }
            }
            return answer;
        }
    }

    /**
     * Sends the window size once the host agreed to NAWS, and notes it. Commons Net's own handler cannot change its
     * size, and doubles a 255 byte that Commons Net's subnegotiation writer doubles again: this one leaves the
     * doubling to the writer.
     */
    private final class WindowSize extends TelnetOptionHandler {

        private int columns;
        private int rows;

        WindowSize(int columns, int rows) {
            super(TelnetOption.WINDOW_SIZE, false, false, true, false);
            this.columns = columns;
            this.rows = rows;
        }

        synchronized int[] resize(int newColumns, int newRows) {
            columns = newColumns;
            rows = newRows;
            return message();
        }

        @Override
        public int[] startSubnegotiationLocal() {
            int[] message;
            synchronized (this) {
                message = message();
            }
            synchronized (OptionNegotiation.this) {
                notes.accept("client SB NAWS " + (message[1] << 8 | message[2]) + "x" + (message[3] << 8 | message[4]));
            }
            return message;
        }

        private int[] message() {
            return new int[] {TelnetOption.WINDOW_SIZE, columns >> 8 & 0xFF, columns & 0xFF, rows >> 8 & 0xFF,
                    rows & 0xFF};
        }
    }

    /**
     * NEW-ENVIRON (RFC 1572), which Commons Net has no handler for: when the host asks (SEND, for all variables or
     * for USER), Postern answers IS VAR "USER" VALUE user; for any other variable it has nothing, so it answers an
     * empty IS.
     */
    private final class NewEnvironment extends TelnetOptionHandler {

        static final int IS = 0;
        static final int SEND = 1;
        static final int VAR = 0;
        static final int VALUE = 1;
        static final int ESC = 2;
        static final int USERVAR = 3;

        private final String user;

        NewEnvironment(String user) {
            super(NEW_ENVIRON, false, false, true, false);
            this.user = user;
        }

        @Override
        public int[] answerSubnegotiation(int[] data, int length) {
            if (length < 2 || data[1] != SEND) {
                return null;
            }
            boolean wantsUser = asksForUser(data, length);
            List<Integer> answer = new ArrayList<>(List.of(NEW_ENVIRON, IS));
            if (wantsUser) {
                answer.add(VAR);
                appendEscaped(answer, "USER".getBytes(StandardCharsets.US_ASCII));
                answer.add(VALUE);
                appendEscaped(answer, user.getBytes(StandardCharsets.UTF_8));
            }
            synchronized (OptionNegotiation.this) {
                notes.accept("server SB NEW-ENVIRON SEND");
                notes.accept("client SB NEW-ENVIRON IS" + (wantsUser ? " VAR USER" : ""));
            }
            return answer.stream().mapToInt(Integer::intValue).toArray();
        }

        /** SEND with no list means everything; otherwise a list of VAR or USERVAR names, a bare VAR meaning all. */
        private static boolean asksForUser(int[] data, int length) {
            if (length == 2) {
                return true;
            }
            int i = 2;
            while (i < length) {
                int type = data[i++];
                StringBuilder name = new StringBuilder();
                while (i < length && data[i] != VAR && data[i] != USERVAR) {
                    if (data[i] == ESC && i + 1 < length) {
                        i++;
                    }
                    name.append((char) data[i++]);
                }
                if (name.isEmpty() && type == VAR || name.toString().equals("USER")) {
                    return true;
                }
            }
            return false;
        }

        private static void appendEscaped(List<Integer> answer, byte[] bytes) {
            for (byte b : bytes) {
                int value = b & 0xFF;
                if (value <= USERVAR) {
                    answer.add(ESC);
                }
                answer.add(value);
            }
        }
    }
}
