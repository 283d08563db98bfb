package dev.postern.ftp;

/**
 * The part of a file a download asks for (HTTP {@code Range: bytes=first-last}); {@code last} null for "to the end".
 */
public record ByteRange(long first, Long last) {

    public ByteRange {
        if (first < 0 || last != null && last < first) {
            throw new IllegalArgumentException("invalid range");
        }
    }
}
