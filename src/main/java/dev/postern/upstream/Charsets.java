package dev.postern.upstream;

import java.nio.charset.Charset;
import java.util.List;

/** The character sets a connection may use for file names (FTP) or a terminal (Telnet). */
public final class Charsets {

    /** Offered for FTP control connections. */
    public static final List<String> FILE_NAMES = List.of(
            "UTF-8", "EUC-KR", "CP949", "Shift_JIS", "EUC-JP", "GBK", "GB18030", "Big5", "ISO-8859-1", "windows-1252");

    /** Offered for terminals: the above plus EBCDIC code pages for IBM hosts. */
    public static final List<String> TERMINALS = List.of(
            "UTF-8", "EUC-KR", "CP949", "Shift_JIS", "EUC-JP", "GBK", "GB18030", "Big5", "ISO-8859-1", "windows-1252",
            "IBM1047", "IBM037");

    private Charsets() {
    }

    /** The offered name that matches, in its offered spelling, or null when it is not offered or not supported. */
    public static String canonical(String name, List<String> offered) {
        if (name == null) {
            return null;
        }
        for (String candidate : offered) {
            if (candidate.equalsIgnoreCase(name.strip()) && Charset.isSupported(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static Charset forName(String name) {
        return Charset.forName(name);
    }
}
