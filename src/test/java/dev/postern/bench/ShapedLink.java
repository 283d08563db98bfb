package dev.postern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A network link of a given rate between the FTP server's ports and everyone else, made on loopback with Linux's
 * traffic control ({@code tc}, needs root): an HTB qdisc on {@code lo} whose default class is left unlimited and whose
 * second class, at the rate given, takes every packet from or to the server's ports (its control port and passive
 * range). The HTTP leg between the benchmark's client and Postern stays on the unshaped class, so a transfer through
 * Postern meets the same link as a direct one, once, as it would with the FTP server on another machine.
 *
 * <p>Only for the benchmark ({@code -Dpostern.bench.ftp.link=1gbit}); {@link #close()} removes the qdisc, and a
 * shutdown hook does too should the run end early. It refuses to start when {@code lo} already has a root qdisc of
 * its own, so as not to undo someone else's.
 */
final class ShapedLink implements AutoCloseable {

    static final Pattern RATE = Pattern.compile("[1-9][0-9]*(\\.[0-9]+)?[kmg]bit");
    private static final String TC = "/usr/sbin/tc";

    private final String rate;
    private final Thread cleanup;
    private boolean closed;

    private ShapedLink(String rate) {
        this.rate = rate;
        this.cleanup = new Thread(this::remove, "shaped-link-cleanup");
    }

    /** Shapes traffic from and to ports {@code first} to {@code last} (inclusive) on loopback to {@code rate}. */
    static ShapedLink shape(String rate, int first, int last) throws IOException, InterruptedException {
        if (!RATE.matcher(rate).matches()) {
            throw new IllegalArgumentException("A rate such as 1gbit or 2500mbit, not " + rate);
        }
        String current = tc("qdisc", "show", "dev", "lo");
        if (!current.isBlank() && !current.strip().startsWith("qdisc noqueue")) {
            throw new IllegalStateException("lo already has a qdisc of its own: " + current.strip());
        }
        ShapedLink link = new ShapedLink(rate);
        Runtime.getRuntime().addShutdownHook(link.cleanup);
        try {
            tc("qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "1");
            tc("class", "add", "dev", "lo", "parent", "1:", "classid", "1:1", "htb", "rate", "100gbit",
                    "burst", "4mb", "cburst", "4mb");
            tc("class", "add", "dev", "lo", "parent", "1:", "classid", "1:2", "htb", "rate", rate, "ceil", rate,
                    "burst", "512kb", "cburst", "512kb");
            for (int port = first; port <= last; port++) {
                for (String end : List.of("sport", "dport")) {
                    tc("filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                            "match", "ip", end, Integer.toString(port), "0xffff", "flowid", "1:2");
                }
            }
        } catch (IOException | RuntimeException failed) {
            link.close();
            throw failed;
        }
        return link;
    }

    String rate() {
        return rate;
    }

    /** What went through the shaped class: its line of {@code tc -s class show}, for the results. */
    String statistics() throws IOException, InterruptedException {
        return tc("-s", "class", "show", "dev", "lo", "classid", "1:2").strip().replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs, or has run: nothing more to do.
        }
    }

    private synchronized void remove() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tc("qdisc", "del", "dev", "lo", "root");
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("Could not remove the shaped link from lo (tc qdisc del dev lo root): " + e);
        }
    }

    private static String tc(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TC));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out.strip());
        }
        return out;
    }
}
