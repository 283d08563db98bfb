package dev.postern.telnet.internal;

/**
 * The most recent output of a session, kept to redraw a reattached browser's screen: a ring of fixed size, so a host
 * that floods costs no more memory than a quiet one. A snapshot starts at a character boundary (never inside a UTF-8
 * sequence) and, where it can, at the start of a line.
 */
final class ScreenReplay {

    /** What a session starts with: most sessions (a login, a few commands) never need the whole ring. */
    private static final int FIRST = 4096;

    private final int capacity;
    private byte[] ring;
    private long written;

    ScreenReplay(int capacity) {
        this.capacity = capacity;
        this.ring = new byte[Math.min(capacity, FIRST)];
    }

    synchronized void append(byte[] data, int offset, int length) {
        if (ring.length < capacity && written + length > ring.length) {
            // Still linear (nothing has wrapped before the ring reached its full size): grow, keeping the bytes.
            byte[] larger = new byte[(int) Math.min(capacity, Math.max(2L * ring.length, written + length))];
            System.arraycopy(ring, 0, larger, 0, (int) written);
            ring = larger;
        }
        if (length >= ring.length) {
            System.arraycopy(data, offset + length - ring.length, ring, 0, ring.length);
            written += length;
            // Keep the ring's start where the next write goes: realign so that index 0 is the oldest byte.
            rotateTo((int) (written % ring.length));
            return;
        }
        int at = (int) (written % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(data, offset, ring, at, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        written += length;
    }

    /** The kept output, oldest first. */
    synchronized byte[] snapshot(boolean utf8) {
        int size = (int) Math.min(written, ring.length);
        byte[] copy = new byte[size];
        int start = written <= ring.length ? 0 : (int) (written % ring.length);
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, copy, 0, first);
        System.arraycopy(ring, 0, copy, first, size - first);
        if (written <= ring.length) {
            return copy;
        }
        int skip = 0;
        if (utf8) {
            while (skip < copy.length && (copy[skip] & 0xC0) == 0x80) {
                skip++;
            }
        }
        // The oldest line is most likely cut: start after its end when one is near.
        for (int i = skip; i < Math.min(copy.length, skip + 512); i++) {
            if (copy[i] == '\n') {
                skip = i + 1;
                break;
            }
        }
        byte[] trimmed = new byte[copy.length - skip];
        System.arraycopy(copy, skip, trimmed, 0, trimmed.length);
        return trimmed;
    }

    private void rotateTo(int start) {
        if (start == 0) {
            return;
        }
        byte[] copy = ring.clone();
        int tail = ring.length - start;
        // After a write of the whole capacity the ring holds the newest bytes in order from 0; make them sit so that
        // the oldest is at 'start', where snapshot() begins.
        System.arraycopy(copy, 0, ring, start, tail);
        System.arraycopy(copy, tail, ring, 0, start);
    }
}
