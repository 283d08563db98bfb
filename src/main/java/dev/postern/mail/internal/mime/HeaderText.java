package dev.postern.mail.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header text as people should read it: RFC 2047 encoded words in any charset, raw 8-bit bytes that some clients put
 * in headers without encoding them, no control characters.
 *
 * <p>Angus hands over header values with each raw byte as one {@code char} (ISO-8859-1), as long as the session does
 * not set {@code mail.mime.allowutf8}; that is what lets {@link #recover8bit} see the original bytes and tell UTF-8
 * from EUC-KR.
 */
final class HeaderText {

    /**
     * An encoded word, leniently: anywhere in the text (Outlook and Korean clients put them inside quoted strings and
     * next to other characters), with an optional RFC 2231 language after the charset.
     */
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*)\\?=");

    private HeaderText() {
    }

    /** A whole header value: unfolded, raw bytes recovered, encoded words decoded, control characters removed. */
    static String decode(String raw, Charset hint) {
        if (raw == null) {
            return null;
        }
        return clean(decodeEncodedWords(recover8bit(unfold(raw), hint), hint)).strip();
    }

    static String unfold(String raw) {
        return raw.replaceAll("\\r?\\n(?=[ \\t])", "").replace("\r", "").replace("\n", "");
    }

    /**
     * Turns raw 8-bit header bytes (one char per byte) back into text: UTF-8 when they are valid UTF-8, else the hint,
     * else CP949. Text that already holds characters beyond ISO-8859-1 was decoded by someone else and is kept.
     */
    static String recover8bit(String value, Charset hint) {
        boolean eightBit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            if (c >= 0x80) {
                eightBit = true;
            }
        }
        if (!eightBit) {
            return value;
        }
        return MimeCharsets.decodeUnlabelled(value.getBytes(StandardCharsets.ISO_8859_1), hint);
    }

    /**
     * Decodes every encoded word. Words next to each other (only white space between them) are joined as RFC 2047
     * says, and when they share a charset their bytes are decoded together: some clients split a multibyte character
     * across two words. An unknown charset is guessed from the bytes rather than refused.
     */
    static String decodeEncodedWords(String text, Charset hint) {
        if (text.indexOf("=?") < 0) {
            return text;
        }
        Matcher matcher = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingCharset = null;
        int position = 0;
        boolean previousWasWord = false;
        while (matcher.find()) {
            String between = text.substring(position, matcher.start());
            boolean joined = previousWasWord && between.isBlank();
            String charset = matcher.group(1);
            if (!joined || !charset.equalsIgnoreCase(pendingCharset)) {
                flush(out, pending, pendingCharset, hint);
                pendingCharset = charset;
            }
            if (!joined) {
                out.append(between);
            }
            byte[] bytes = matcher.group(2).equalsIgnoreCase("B") ? base64(matcher.group(3)) : quotedPrintable(matcher.group(3));
            pending.writeBytes(bytes);
            position = matcher.end();
            previousWasWord = true;
        }
        flush(out, pending, pendingCharset, hint);
        out.append(text, position, text.length());
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, String label, Charset hint) {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        Charset charset = MimeCharsets.forLabel(label);
        out.append(charset == null ? MimeCharsets.decodeUnlabelled(bytes, hint) : new String(bytes, charset));
    }

    /** Base64 as mailers really write it: stray characters ignored, padding optional. */
    static byte[] base64(String encoded) {
        StringBuilder clean = new StringBuilder(encoded.length() + 3);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                clean.append(c);
            }
        }
        if (clean.length() % 4 == 1) {
            clean.setLength(clean.length() - 1);
        }
        while (clean.length() % 4 != 0) {
            clean.append('=');
        }
        return Base64.getDecoder().decode(clean.toString());
    }

    /** The "Q" encoding: {@code _} is a space, {@code =XX} a byte; a broken escape is kept as it is. */
    static byte[] quotedPrintable(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0
                    && hex(encoded.charAt(i + 2)) >= 0) {
                bytes.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 2;
            } else if (c < 0x100) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * Decoded text can hold anything its sender encoded, line breaks included; a header value shown on a page or put
     * back into a reply's headers must not. Tabs and line breaks become spaces, other control characters go.
     */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
            if (control && out == null) {
                out = new StringBuilder(text.length());
                out.append(text, 0, i);
            }
            if (out != null) {
                if (c == '\t' || c == '\r' || c == '\n') {
                    out.append(' ');
                } else if (!control) {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
