package dev.postern.mail.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;

/**
 * Reads a text part into a string, streaming and up to a number of characters: only what is shown is read (over IMAP
 * Angus fetches the part in blocks, so the rest is never downloaded).
 *
 * <p>The charset: the part's label through {@link MimeCharsets#forLabel}; for a missing or US-ASCII label, or a UTF-8
 * label on bytes that are not UTF-8 (Korean mail mislabelled by its client), the first 64 KiB decide (HTML's own
 * {@code <meta charset>} first, then {@link MimeCharsets#detect}).
 */
final class TextDecoder {

    /**
     * @param damaged the content could not be read to its end (bad base64, a server error): what came before is kept
     */
    record Decoded(String text, boolean truncated, boolean damaged) {
    }

    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta[^>]{0,512}?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_:.\\-]+)", Pattern.CASE_INSENSITIVE);

    private TextDecoder() {
    }

    static Decoded decode(PartInfo info, int maxChars, Charset hint) throws MessagingException {
        InputStream in;
        try {
            InputStream raw = info.unstructured() ? Streams.raw(info.part()) : null;
            in = raw != null ? raw : Streams.open(info.part());
        } catch (IOException | MessagingException unreadable) {
            Streams.rethrowIfConnectionLost(unreadable);
            return new Decoded("", false, true);
        }
        try (InputStream content = in) {
            Decoded decoded = decode(content, info.charsetLabel(), info.isHtml(), maxChars, hint);
            if (content instanceof LenientBase64InputStream base64 && base64.sawGarbage()) {
                return new Decoded(decoded.text(), decoded.truncated(), true);
            }
            return decoded;
        } catch (IOException closing) {
            Streams.rethrowIfConnectionLost(closing);
            return new Decoded("", false, true);
        }
    }

    static Decoded decode(InputStream in, String charsetLabel, boolean html, int maxChars, Charset hint)
            throws MessagingException {
        byte[] head = new byte[MimeCharsets.SNIFF_BYTES];
        int length = 0;
        boolean ended = false;
        boolean damaged = false;
        try {
            while (length < head.length) {
                int read = in.read(head, length, head.length - length);
                if (read < 0) {
                    ended = true;
                    break;
                }
                length += read;
            }
        } catch (IOException broken) {
            Streams.rethrowIfConnectionLost(broken);
            damaged = true;
            ended = true;
        }
        Charset charset = charset(charsetLabel, html, head, length, ended, hint);
        InputStream all = ended ? new ByteArrayInputStream(head, 0, length)
                : new SequenceInputStream(new ByteArrayInputStream(head, 0, length), in);
        Reader reader = new InputStreamReader(all, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        StringBuilder text = new StringBuilder();
        boolean truncated = false;
        char[] buffer = new char[8192];
        try {
            while (true) {
                int wanted = (int) Math.min(buffer.length, (long) maxChars + 1 - text.length());
                int read = reader.read(buffer, 0, wanted);
                if (read < 0) {
                    break;
                }
                text.append(buffer, 0, read);
                if (text.length() > maxChars) {
                    truncated = true;
                    break;
                }
            }
        } catch (IOException broken) {
            Streams.rethrowIfConnectionLost(broken);
            damaged = true;
        }
        if (truncated) {
            int cut = maxChars;
            if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            text.setLength(cut);
        }
        return new Decoded(normaliseLineBreaks(text), truncated, damaged);
    }

    private static Charset charset(String label, boolean html, byte[] head, int length, boolean ended, Charset hint) {
        Charset labelled = MimeCharsets.forLabel(label);
        if (labelled != null && !(labelled.equals(StandardCharsets.UTF_8)
                && !MimeCharsets.decodes(StandardCharsets.UTF_8, head, length, ended))) {
            return labelled;
        }
        if (html) {
            Matcher meta = META_CHARSET.matcher(new String(head, 0, length, StandardCharsets.ISO_8859_1));
            if (meta.find()) {
                Charset declared = MimeCharsets.forLabel(meta.group(1));
                if (declared != null && MimeCharsets.decodes(declared, head, length, ended)) {
                    return declared;
                }
            }
        }
        return MimeCharsets.detect(head, length, ended, hint);
    }

    /** Bodies come out with {@code \n} line breaks, whatever the wire had. */
    private static String normaliseLineBreaks(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
