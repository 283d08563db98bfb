package dev.postern.telnet.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Splits what a Telnet host sends into data and commands, a buffer at a time: data runs are handed on whole (IAC IAC
 * as one 0xFF, and outside BINARY mode the NUL of CR NUL dropped), while command sequences (option requests,
 * subnegotiations, NOP, GA …) are collected for Commons Net to act on. Commons Net's own reader takes every byte one
 * at a time with a system call or two each, which held a flooding host to about 1 MB/s; here data costs a scan.
 * A sequence cut at the end of one buffer is completed from the next.
 */
final class NvtReader {

    static final int IAC = 255;
    static final int SE = 240;
    static final int SB = 250;
    static final int WILL = 251;
    static final int WONT = 252;
    static final int DO = 253;
    static final int DONT = 254;

    /** Where data goes. */
    @FunctionalInterface
    interface Data {
        void accept(byte[] data, int offset, int length) throws IOException;
    }

    private enum State { DATA, IAC, OPTION, SUB, SUB_IAC }

    private final BooleanSupplier binary;
    private final ByteArrayOutputStream commands = new ByteArrayOutputStream(64);
    private State state = State.DATA;
    private boolean afterCr;
    /** Data bytes gathered when a run has to be rebuilt (IAC IAC, CR NUL). */
    private final byte[] single = new byte[1];

    /** @param binary whether the host sends in BINARY mode now (then CR NUL keeps its NUL) */
    NvtReader(BooleanSupplier binary) {
        this.binary = binary;
    }

    /** Reads a buffer: data to the consumer as it is found; commands kept for {@link #takeCommands}. */
    void scan(byte[] buffer, int offset, int length, Data data) throws IOException {
        int end = offset + length;
        int run = offset;
        int i = offset;
        while (i < end) {
            int b = buffer[i] & 0xff;
            switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        flush(buffer, run, i, data);
                        state = State.IAC;
                        run = i + 1;
                    } else if (b == 0 && afterCr && !binary.getAsBoolean()) {
                        // CR NUL means a bare CR: the NUL is not data.
                        flush(buffer, run, i, data);
                        run = i + 1;
                        afterCr = false;
                    } else {
                        afterCr = b == '\r';
                    }
                }
                case IAC -> {
                    if (b == IAC) {
                        // An escaped 0xFF: data.
                        single[0] = (byte) 0xff;
                        data.accept(single, 0, 1);
                        afterCr = false;
                        state = State.DATA;
                    } else if (b == WILL || b == WONT || b == DO || b == DONT) {
                        commands.write(IAC);
                        commands.write(b);
                        state = State.OPTION;
                    } else if (b == SB) {
                        commands.write(IAC);
                        commands.write(SB);
                        state = State.SUB;
                    } else {
                        // NOP, GA, DM, AYT's answer and the like: a two-byte command.
                        commands.write(IAC);
                        commands.write(b);
                        state = State.DATA;
                    }
                    run = i + 1;
                }
                case OPTION -> {
                    commands.write(b);
                    state = State.DATA;
                    run = i + 1;
                }
                case SUB -> {
                    commands.write(b);
                    if (b == IAC) {
                        state = State.SUB_IAC;
                    }
                    run = i + 1;
                }
                case SUB_IAC -> {
                    commands.write(b);
                    // IAC SE ends the subnegotiation; IAC IAC is a 0xFF inside it.
                    state = b == SE ? State.DATA : State.SUB;
                    run = i + 1;
                }
            }
            i++;
        }
        if (state == State.DATA) {
            flush(buffer, run, end, data);
        }
    }

    /** Whether whole command sequences wait for Commons Net. */
    boolean hasCommands() {
        return commands.size() > 0 && (state == State.DATA);
    }

    /** The whole command sequences found so far; a sequence still incomplete stays for the next buffer. */
    byte[] takeCommands() {
        byte[] taken = commands.toByteArray();
        commands.reset();
        return taken;
    }

    private static void flush(byte[] buffer, int from, int to, Data data) throws IOException {
        if (to > from) {
            data.accept(buffer, from, to - from);
        }
    }
}
