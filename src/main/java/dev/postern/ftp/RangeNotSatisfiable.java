package dev.postern.ftp;

/** A download's range starts at or after the end of the file. */
public class RangeNotSatisfiable extends RuntimeException {

    private final long size;

    public RangeNotSatisfiable(long size) {
        super("range not satisfiable; size " + size);
        this.size = size;
    }

    public long size() {
        return size;
    }
}
