package dev.postern.testing.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs of consecutive free ports on {@code 127.0.0.1}: a control port followed by a passive range. Taken below Linux's
 * ephemeral range (32768 and up), so that the clients' own outgoing connections do not take them meanwhile.
 */
final class LoopbackPorts {

    static final String HOST = "127.0.0.1";

    private static final int LOWEST = 20000;
    private static final int HIGHEST = 32000;

    private LoopbackPorts() {
    }

    /** The first of {@code count} consecutive ports that were all free a moment ago. */
    static int freeRun(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free loopback ports between " + LOWEST
                + " and " + HIGHEST);
    }

    private static boolean allFree(int first, int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName(HOST);
            for (int port = first; port < first + count; port++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(loopback, port), 1);
            }
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that was never used does not fail in practice
                }
            }
        }
    }
}
