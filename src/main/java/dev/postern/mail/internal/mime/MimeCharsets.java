package dev.postern.mail.internal.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;

/**
 * Which Java charset decodes text that mail labels with a MIME charset name, and what to do when the label is missing,
 * wrong or unknown.
 *
 * <p>Labels follow the WHATWG Encoding Standard, which describes what mail and web clients really send: Korean labels
 * ({@code ks_c_5601-1987}, {@code euc-kr}, {@code cp949} ...) mean Microsoft's CP949 ({@code x-windows-949}), a
 * superset of EUC-KR that Outlook and Windows have always written under those names. Java would take
 * {@code ks_c_5601-1987} for plain EUC-KR and turn the extra syllables (똠, 햏 ...) into U+FFFD, and it takes
 * {@code cp949} for IBM's code page 949, which is a different table. Likewise {@code gb2312} and {@code gbk} are
 * decoded as GB18030, {@code shift_jis} as windows-31j and {@code iso-8859-1} as windows-1252: each a superset that
 * decodes correctly labelled text the same way.
 *
 * <p>Without a usable label the bytes decide ({@link #detect}): ASCII, else strict UTF-8, else a hint (the charset of
 * the message's first text part), else strict CP949, else windows-1252, which decodes anything.
 */
final class MimeCharsets {

    static final Charset CP949 = Charset.forName("x-windows-949");
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private static final Map<String, Charset> ALIASES = Map.ofEntries(
            Map.entry("ks_c_5601-1987", CP949),
            Map.entry("ks_c_5601-1989", CP949),
            Map.entry("ks_c_5601", CP949),
            Map.entry("ksc_5601", CP949),
            Map.entry("ksc5601", CP949),
            Map.entry("ksc5601-1987", CP949),
            Map.entry("ksc5601_1987", CP949),
            Map.entry("euc-kr", CP949),
            Map.entry("euc_kr", CP949),
            Map.entry("euckr", CP949),
            Map.entry("cseuckr", CP949),
            Map.entry("csksc56011987", CP949),
            Map.entry("iso-ir-149", CP949),
            Map.entry("korean", CP949),
            Map.entry("cp949", CP949),
            Map.entry("ms949", CP949),
            Map.entry("windows-949", CP949),
            Map.entry("x-windows-949", CP949),
            Map.entry("uhc", CP949),
            Map.entry("x-uhc", CP949),
            Map.entry("gb2312", GB18030),
            Map.entry("gb_2312-80", GB18030),
            Map.entry("csgb2312", GB18030),
            Map.entry("euc-cn", GB18030),
            Map.entry("x-euc-cn", GB18030),
            Map.entry("gbk", GB18030),
            Map.entry("x-gbk", GB18030),
            Map.entry("cp936", GB18030),
            Map.entry("windows-936", GB18030),
            Map.entry("shift_jis", WINDOWS_31J),
            Map.entry("shift-jis", WINDOWS_31J),
            Map.entry("sjis", WINDOWS_31J),
            Map.entry("x-sjis", WINDOWS_31J),
            Map.entry("ms_kanji", WINDOWS_31J),
            Map.entry("csshiftjis", WINDOWS_31J),
            Map.entry("iso-8859-1", WINDOWS_1252),
            Map.entry("iso8859-1", WINDOWS_1252),
            Map.entry("iso_8859-1", WINDOWS_1252),
            Map.entry("latin1", WINDOWS_1252),
            Map.entry("l1", WINDOWS_1252),
            Map.entry("iso-8859-8-i", Charset.forName("ISO-8859-8")),
            Map.entry("tis-620", Charset.forName("x-windows-874")),
            Map.entry("utf8", StandardCharsets.UTF_8));

    /** How many bytes {@link #detect} looks at in a stream before it decides. */
    static final int SNIFF_BYTES = 64 * 1024;

    private MimeCharsets() {
    }

    /**
     * The charset that decodes text carrying this label, or null when the label is missing, says US-ASCII (8-bit
     * bytes under that label are common and never ASCII) or names a charset that neither we nor Java know.
     */
    static Charset forLabel(String label) {
        if (label == null) {
            return null;
        }
        String name = label.strip();
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).strip();
        }
        // RFC 2231 allows a language after the charset of an encoded word: utf-8*ko
        int star = name.indexOf('*');
        if (star >= 0) {
            name = name.substring(0, star);
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (key.isEmpty() || key.equals("us-ascii") || key.equals("ascii") || key.equals("ansi_x3.4-1968")
                || key.equals("unknown-8bit") || key.equals("x-unknown") || key.equals("default")) {
            return null;
        }
        Charset known = ALIASES.get(key);
        if (known != null) {
            return known;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return null;
        }
    }

    /** Decodes bytes whose charset nobody told us, with the rules of the class comment. */
    static String decodeUnlabelled(byte[] bytes, Charset hint) {
        return new String(bytes, detect(bytes, bytes.length, true, hint));
    }

    /**
     * The charset that best explains the bytes: ASCII, strict UTF-8, the hint, strict CP949, windows-1252.
     *
     * @param complete false when the bytes are the start of a longer text, so that a character cut at the end does
     *                 not count against a charset
     */
    static Charset detect(byte[] bytes, int length, boolean complete, Charset hint) {
        if (isAscii(bytes, length)) {
            return StandardCharsets.US_ASCII;
        }
        if (decodes(StandardCharsets.UTF_8, bytes, length, complete)) {
            return StandardCharsets.UTF_8;
        }
        if (hint != null && !hint.equals(StandardCharsets.UTF_8) && !hint.equals(StandardCharsets.US_ASCII)
                && decodes(hint, bytes, length, complete)) {
            return hint;
        }
        if (decodes(CP949, bytes, length, complete)) {
            return CP949;
        }
        return WINDOWS_1252;
    }

    static boolean isAscii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes are well-formed in the charset, allowing a cut character at the end of an incomplete text. */
    static boolean decodes(Charset charset, byte[] bytes, int length, boolean complete) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(Math.min(length, 8192) + 16);
        while (true) {
            CoderResult result = decoder.decode(in, out, complete);
            if (result.isError()) {
                return false;
            }
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        if (complete) {
            out.clear();
            return !decoder.flush(out).isError();
        }
        return true;
    }
}
