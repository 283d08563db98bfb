package dev.postern.telnet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.SocketFactory;

import org.apache.commons.net.telnet.TelnetClient;
import org.apache.commons.net.telnet.TelnetCommand;
import org.apache.commons.net.telnet.TelnetOption;

/**
 * A live Telnet connection to a host, for one console session. {@link #pump} runs on a thread of its own (a virtual
 * one will do: Commons Net reads inside {@code synchronized} blocks, which pin a carrier thread on Java 21 to 23 but
 * not on 24 and later); {@link #send}, {@link #sendBytes}, {@link #resize}, {@link #control} and {@link #close} may
 * be called from any thread meanwhile.
 *
 * <p>Option negotiation: see {@link OptionNegotiation}. {@link #pump} reads the host's bytes in bulk and splits them
 * ({@link NvtReader}): data to the sink (IAC IAC un-doubled, outside BINARY mode the NUL of CR NUL dropped), command
 * sequences to Commons Net, which answers them; so the host's first requests are answered once pumping starts. Data
 * to the host follows {@link Nvt}'s rules (IAC doubled, CR NUL outside BINARY mode).
 *
 * <p>The byte counts are data: what the host printed after Telnet commands were removed, and what the user sent
 * before escaping; negotiation is not counted.
 */
public final class TelnetHost implements AutoCloseable {

    /** Where {@link #pump} hands the host's output. */
    @FunctionalInterface
    public interface Sink {

        /**
         * Takes the next piece of output. The array is reused once this returns: copy what must be kept. May block
         * (flow control): reading from the host waits meanwhile.
         */
        void accept(byte[] data, int offset, int length) throws IOException;
    }

    private static final int READ_BUFFER = 16 * 1024;

    private final TelnetSettings settings;
    private final Wire telnet;
    private final OptionNegotiation negotiation;
    private final TerminalEncoder encoder;
    private final List<String> log = new ArrayList<>();
    private final AtomicLong fromHost = new AtomicLong();
    private final AtomicLong toHost = new AtomicLong();
    /** Keeps one send's bytes together on the wire (the Telnet client's own lock is held only per write). */
    private final Object sending = new Object();
    private volatile boolean closed;

    private TelnetHost(TelnetSettings settings) {
        this.settings = settings;
        this.telnet = new Wire();
        this.negotiation = new OptionNegotiation(this::note, new OptionNegotiation.Wishes(settings.terminalType(),
                settings.columns(), settings.rows(), settings.user(), needsEightBits(settings)));
        this.encoder = new TerminalEncoder(settings.hostCharset());
    }

    /**
     * Connects and starts the negotiation (Postern's own requests go out at once; the host's are answered by
     * {@link #pump}).
     *
     * @param sockets the upstream policy's socket factory, which refuses hosts the policy does not allow
     */
    public static TelnetHost connect(TelnetSettings settings, SocketFactory sockets) throws IOException {
        TelnetHost host = new TelnetHost(settings);
        Wire telnet = host.telnet;
        // pump() reads on the caller's thread; Commons Net's own reader thread would be a second thread per session.
        telnet.setReaderThread(false);
        telnet.setSocketFactory(SplitSocket.over(sockets));
        telnet.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        host.note("connecting to " + settings.host() + ":" + settings.port() + " ("
                + (settings.raw() ? TelnetSettings.RAW : settings.hostCharset().name()) + ")");
        host.negotiation.install(telnet);
        try {
            telnet.connect(settings.host(), settings.port());
            telnet.setKeepAlive(true);
            // Keystrokes go out at once, not held back to be joined with the next ones (Nagle).
            telnet.setTcpNoDelay(true);
        } catch (IOException | RuntimeException failed) {
            host.close();
            throw failed;
        }
        return host;
    }

    /**
     * BINARY is asked for in both directions unless the character set is US-ASCII: every other set here uses the
     * eighth bit, which NVT mode does not promise to carry, and raw mode (ZMODEM) needs every byte. A host that
     * refuses BINARY still gets 8-bit data (most pass it), with NVT's CR rule.
     */
    static boolean needsEightBits(TelnetSettings settings) {
        return settings.raw() || !settings.hostCharset().name().equals("US-ASCII");
    }

    /**
     * Reads the host's output until the host closes the connection or {@link #close()} is called (then returns),
     * handing each piece to the sink: as UTF-8 decoded from the host's character set, never ending inside a
     * character, or in raw mode the bytes as they came. Throws if the connection breaks.
     */
    public void pump(Sink sink) throws IOException {
        InputStream negotiated = telnet.getInputStream();
        SplitSocket socket = telnet.split();
        if (negotiated == null || socket == null) {
            return;
        }
        TerminalDecoder decoder = settings.raw() ? null : new TerminalDecoder(settings.hostCharset());
        NvtReader reader = new NvtReader(this::receivingBinary);
        NvtReader.Data data = decoder == null ? sink::accept : (bytes, offset, length) -> {
            byte[] utf8 = decoder.decode(bytes, offset, length);
            if (decoder.length() > 0) {
                sink.accept(utf8, 0, decoder.length());
            }
        };
        NvtReader.Data counted = (bytes, offset, length) -> {
            fromHost.addAndGet(length);
            data.accept(bytes, offset, length);
        };
        byte[] buffer = new byte[READ_BUFFER];
        try {
            // Inside the try: a close() that came before the first read makes the socket refuse its stream.
            InputStream raw = socket.rawInput();
            int read;
            while ((read = raw.read(buffer)) >= 0) {
                reader.scan(buffer, 0, read, counted);
                if (reader.hasCommands()) {
                    negotiate(socket, negotiated, reader.takeCommands());
                }
            }
            if (decoder != null) {
                byte[] rest = decoder.finish();
                if (decoder.length() > 0) {
                    sink.accept(rest, 0, decoder.length());
                }
            }
            note("host closed the connection");
        } catch (IOException broken) {
            if (!closed) {
                throw broken;
            }
        }
    }

    /** A data byte fed after commands: reading it back means Commons Net has acted on everything before it. */
    private static final int MARKER = 0x01;

    /**
     * Lets Commons Net act on the host's command sequences (answer option requests, take subnegotiations): they are
     * fed to its input followed by a marker byte, and its stream is read until the marker comes out.
     */
    private void negotiate(SplitSocket socket, InputStream negotiated, byte[] commands) throws IOException {
        byte[] fed = java.util.Arrays.copyOf(commands, commands.length + 1);
        fed[commands.length] = MARKER;
        socket.feed(fed);
        int b;
        while ((b = negotiated.read()) >= 0 && b != MARKER) {
            // Nothing but the marker is data here; anything else would be a Commons Net surprise: skip it.
        }
    }

    /**
     * Sends what the user typed (xterm.js's onData string), encoded in the host's character set (UTF-8 in raw
     * mode) by the NVT rules: a lone CR as CR NUL unless in BINARY mode, IAC doubled.
     */
    public void send(String typed) throws IOException {
        synchronized (sending) {
            writeData(encoder.encode(typed));
        }
    }

    /** Sends bytes as they are (raw mode, e.g. ZMODEM), IAC doubled and a lone CR as CR NUL unless in BINARY mode. */
    public void sendBytes(byte[] raw) throws IOException {
        synchronized (sending) {
            writeData(raw);
        }
    }

    /** Sends the new window size now if the host agreed to NAWS, else remembers it for when it does. */
    public void resize(int columns, int rows) throws IOException {
        int width = Math.clamp(columns, 1, 0xFFFF);
        int height = Math.clamp(rows, 1, 0xFFFF);
        requireOpen();
        negotiation.resize(telnet, width, height);
    }

    public void control(ControlFunction function) throws IOException {
        switch (function) {
            case INTERRUPT -> command(TelnetCommand.IP, "IP");
            case BREAK -> command(TelnetCommand.BREAK, "BRK");
            case ARE_YOU_THERE -> command(TelnetCommand.AYT, "AYT");
            case ABORT_OUTPUT -> command(TelnetCommand.AO, "AO");
            case EOF -> {
                note("client EOF as " + settings.eof());
                if (settings.raw()) {
                    sendBytes(new byte[] {(byte) settings.eofCharacter()});
                } else {
                    send(String.valueOf(settings.eofCharacter()));
                }
            }
        }
    }

    /** Data bytes read from the host (Telnet commands not counted). */
    public long bytesFromHost() {
        return fromHost.get();
    }

    /** Data bytes sent to the host, before IAC doubling and CR NUL. */
    public long bytesToHost() {
        return toHost.get();
    }

    /** A readable log of the option negotiation and control functions, oldest first. */
    public List<String> negotiation() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Whether Postern sends in BINARY mode (the host agreed to it). */
    boolean sendingBinary() {
        return telnet.getLocalOptionState(TelnetOption.BINARY);
    }

    /** Whether the host sends in BINARY mode. */
    boolean receivingBinary() {
        return telnet.getRemoteOptionState(TelnetOption.BINARY);
    }

    /** Ends the connection; a running {@link #pump} returns. Safe to call more than once, from any thread. */
    @Override
    public void close() {
        closed = true;
        // Closing the socket first unblocks a pump waiting in a read, which holds a lock that disconnect() needs.
        telnet.abort();
        try {
            telnet.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // Already broken or closed: nothing more to end.
        }
    }

    private void writeData(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        byte[] wire = Nvt.escape(data, 0, data.length, sendingBinary());
        telnet.write(wire);
        toHost.addAndGet(data.length);
    }

    private void command(int code, String name) throws IOException {
        requireOpen();
        note("client " + name);
        telnet.sendCommand((byte) code);
    }

    /** Commons Net fails with a NullPointerException, not an IOException, once disconnected. */
    private void requireOpen() throws IOException {
        if (closed || !telnet.isConnected()) {
            throw new IOException("The Telnet connection is closed");
        }
    }

    private void note(String line) {
        synchronized (log) {
            log.add(line);
        }
    }

    /**
     * Commons Net's client with a way to put already escaped data on the wire, under the lock Commons Net takes for
     * its own writes (negotiation answers from the reading thread), and to close the socket without that lock.
     */
    private static final class Wire extends TelnetClient {

        void write(byte[] wire) throws IOException {
            synchronized (this) {
                OutputStream out = _output_;
                if (out == null || !isConnected()) {
                    throw new IOException("The Telnet connection is closed");
                }
                out.write(wire);
                out.flush();
            }
        }

        /** The socket, when it is the split one (always, once connected). */
        SplitSocket split() {
            return _socket_ instanceof SplitSocket split ? split : null;
        }

        void abort() {
            Socket socket = _socket_;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing is all that was wanted.
                }
            }
        }
    }
}
