package dev.postern.ftp.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.postern.ftp.ByteRange;

/**
 * The one byte range a download's {@code Range} header asks for (RFC 9110 §14): {@code bytes=a-b}, {@code bytes=a-}
 * or the suffix {@code bytes=-n}. A header that is malformed, names another unit or asks for several ranges is
 * ignored, as the RFC allows: the whole file is sent.
 */
final class ByteRanges {

    private static final Pattern SINGLE = Pattern.compile("^\\s*bytes\\s*=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** What a header asks for: from/to (to null for "to the end"), or the last {@code suffix} bytes. */
    record Requested(Long first, Long last, Long suffix) {

        boolean isSuffix() {
            return suffix != null;
        }

        /** The range within a file of the given size; null when the suffix cannot be placed (size unknown). */
        ByteRange within(long size) {
            if (!isSuffix()) {
                return new ByteRange(first, last);
            }
            if (size < 0) {
                return null;
            }
            return new ByteRange(Math.max(0, size - suffix), null);
        }
    }

    private ByteRanges() {
    }

    /** The range asked for, or null when the header is absent or to be ignored. */
    static Requested parse(String header) {
        if (header == null || header.indexOf(',') >= 0) {
            return null;
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches()) {
            return null;
        }
        String from = m.group(1);
        String to = m.group(2);
        if (from.isEmpty()) {
            return to.isEmpty() ? null : new Requested(null, null, Long.parseLong(to));
        }
        long first = Long.parseLong(from);
        if (to.isEmpty()) {
            return new Requested(first, null, null);
        }
        long last = Long.parseLong(to);
        return last < first ? null : new Requested(first, last, null);
    }
}
