package dev.postern.ftp.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.postern.ftp.FtpProperties;
import dev.postern.ftp.FtpUnavailable;
import dev.postern.upstream.UpstreamStatus;

/**
 * The cap on control connections open at once to one FTP server (host and port), for all users together: servers
 * limit connections per client address, and every Postern user shares the gateway's. A connection takes a slot before
 * it is opened and gives it back when closed; a request waits a while for a free slot, then fails clearly.
 */
@Component
class HostSlots {

    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final FtpProperties properties;

    HostSlots(FtpProperties properties) {
        this.properties = properties;
    }

    /** Takes a slot for the server; the returned action gives it back (once). */
    Runnable take(String host, int port) {
        Semaphore semaphore = slots.computeIfAbsent(host.toLowerCase(java.util.Locale.ROOT) + ":" + port,
                key -> new Semaphore(properties.maxConnectionsPerHost(), true));
        try {
            if (!semaphore.tryAcquire(properties.connectionWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, "Postern already has "
                        + properties.maxConnectionsPerHost() + " connections open to " + host + ":" + port
                        + " (postern.ftp.max-connections-per-host); try again when a transfer has finished", null);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new FtpUnavailable(UpstreamStatus.TIMED_OUT, "Interrupted while waiting for a connection", interrupted);
        }
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        };
    }

    /** Slots in use for the server, for tests and the dashboard. */
    int inUse(String host, int port) {
        Semaphore semaphore = slots.get(host.toLowerCase(java.util.Locale.ROOT) + ":" + port);
        return semaphore == null ? 0 : properties.maxConnectionsPerHost() - semaphore.availablePermits();
    }
}
