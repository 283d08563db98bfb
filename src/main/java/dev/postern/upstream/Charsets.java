package dev.postern.upstream;

import java.nio.charset.Charset;
import java.util.List;

/** The character sets a connection may use for file names (FTP) or a terminal (Telnet). */
public final class Charsets {

    /** Offered for FTP control connections. */
    public static final List<String> FILE_NAMES = List.of(
            "UTF-8", "EUC-KR", "CP949", "Shift_JIS", "EUC-JP", "GBK", "GB18030", "Big5", "ISO-8859-1", "windows-1252");

    /**
     * Offered for terminals: the above, Windows' Korean code page, EBCDIC code pages for IBM hosts, and
     * {@link ConnectionOptions.Telnet#RAW} for no conversion at all. Java's "CP949" is IBM's code page 949, which
     * lacks the Unified Hangul syllables (똠, 햏) that Windows' CP949 has; Java calls that one "x-windows-949" (MS949).
     */
    public static final List<String> TERMINALS = List.of(
            "UTF-8", "EUC-KR", "CP949", "x-windows-949", "Shift_JIS", "EUC-JP", "GBK", "GB18030", "Big5", "ISO-8859-1",
            "windows-1252", "IBM1047", "IBM037", ConnectionOptions.Telnet.RAW);

    private Charsets() {
    }

    /**
     * The offered name that matches, in its offered spelling, or null when it is not offered or not supported. A name
     * matches by its own spelling or, failing that, as another of Java's names for the same character set (MS949 for
     * x-windows-949), so "CP949" and "MS949" stay the two different code pages Java takes them for.
     */
    public static String canonical(String name, List<String> offered) {
        if (name == null) {
            return null;
        }
        String wanted = name.strip();
        for (String candidate : offered) {
            if (candidate.equalsIgnoreCase(wanted)
                    && (candidate.equals(ConnectionOptions.Telnet.RAW) || Charset.isSupported(candidate))) {
                return candidate;
            }
        }
        Charset charset = supported(wanted);
        for (String candidate : offered) {
            if (charset != null && charset.equals(supported(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static Charset supported(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException illegalName) {
            return null;
        }
    }

    /**
     * The Java character set of an offered name; not for {@link ConnectionOptions.Telnet#RAW}, which has none.
     * "CP949" is taken as Windows' code page (x-windows-949): that is what Korean users and servers mean by it, and
     * Java's own "CP949" (IBM's) cannot write 8,822 of the modern Hangul syllables.
     */
    public static Charset forName(String name) {
        return "CP949".equalsIgnoreCase(name.strip()) ? Charset.forName("x-windows-949") : Charset.forName(name.strip());
    }

    /** As {@link #forName}, with UTF-8 for an empty, unknown or unsupported name (and for RAW). */
    public static Charset orUtf8(String name) {
        if (name == null || name.isBlank() || ConnectionOptions.Telnet.RAW.equalsIgnoreCase(name.strip())) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
        try {
            return forName(name);
        } catch (IllegalArgumentException unsupported) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }
}
