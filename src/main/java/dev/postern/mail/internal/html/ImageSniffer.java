package dev.postern.mail.internal.html;

import java.nio.charset.StandardCharsets;

/**
 * The raster image formats the image proxy passes on, told by their first bytes, whatever the server's Content-Type
 * says. SVG (which can carry script), HTML and anything else unknown are not images here.
 */
final class ImageSniffer {

    /** Enough for every signature below, the AVIF {@code ftyp} box's first brands included. */
    static final int HEAD_LENGTH = 32;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageSniffer() {
    }

    /** The media type of an image starting with these bytes, or null when it is not one we pass on. */
    static String sniff(byte[] head, int length) {
        if (startsWithAt(head, length, 0, PNG)) {
            return "image/png";
        }
        if (ascii(head, length, 0, "GIF87a") || ascii(head, length, 0, "GIF89a")) {
            return "image/gif";
        }
        if (length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (ascii(head, length, 0, "RIFF") && ascii(head, length, 8, "WEBP")) {
            return "image/webp";
        }
        if (avif(head, length)) {
            return "image/avif";
        }
        if (ascii(head, length, 0, "BM") && length >= 26) {
            return "image/bmp";
        }
        if (length >= 6 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0
                && (head[4] != 0 || head[5] != 0)) {
            return "image/x-icon";
        }
        return null;
    }

    /** An ISO base media file whose {@code ftyp} box names {@code avif} or {@code avis} as major or compatible brand. */
    private static boolean avif(byte[] head, int length) {
        if (!ascii(head, length, 4, "ftyp") || length < 12) {
            return false;
        }
        int boxSize = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff;
        int end = Math.min(length, boxSize);
        for (int brand = 8; brand + 4 <= end; brand += 4) {
            if (brand == 12) {
                continue;  // the minor version, not a brand
            }
            if (ascii(head, length, brand, "avif") || ascii(head, length, brand, "avis")) {
                return true;
            }
        }
        return false;
    }

    private static boolean ascii(byte[] head, int length, int offset, String text) {
        return startsWithAt(head, length, offset, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWithAt(byte[] head, int length, int offset, byte[] signature) {
        if (length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[offset + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
