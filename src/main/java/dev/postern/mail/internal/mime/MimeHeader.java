package dev.postern.mail.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structured header such as Content-Type or Content-Disposition, parsed leniently into its value and parameters.
 *
 * <p>We parse these ourselves rather than through {@code jakarta.mail.internet.ParameterList} because the switches
 * that make Angus decode file names ({@code mail.mime.decodefilename}, {@code mail.mime.decodeparameters}) are JVM
 * system properties read once, and because real mail needs more than they do: RFC 2231 values in legacy charsets with
 * our charset aliases, RFC 2047 words inside quoted values, raw 8-bit bytes, missing closing quotes.
 *
 * @param value the part before the first {@code ;}, lower case (e.g. {@code text/plain}, {@code attachment})
 * @param params parameter names in lower case; RFC 2231 values already decoded and joined, other values as written
 * @param extended the names whose value came from RFC 2231 ({@code name*=} or continuations)
 */
record MimeHeader(String value, Map<String, String> params, Set<String> extended) {

    private static final Pattern SECTION = Pattern.compile("(.+)\\*(\\d{1,3})");
    private static final Pattern LEFTOVER_2231 = Pattern.compile("([A-Za-z0-9_.:-]+)'[A-Za-z0-9-]*'(.*%[0-9A-Fa-f]{2}.*)");

    static final MimeHeader EMPTY = new MimeHeader("", Map.of(), Set.of());

    MimeHeader {
        params = Map.copyOf(params);
        extended = Set.copyOf(extended);
    }

    String param(String name) {
        return params.get(name);
    }

    /**
     * A parameter as text for people (a file name): RFC 2231 values as decoded, others with raw 8-bit bytes recovered
     * and RFC 2047 words decoded. Null when the parameter is missing or blank.
     */
    String text(String name, Charset hint) {
        String raw = params.get(name);
        if (raw == null) {
            return null;
        }
        String text = extended.contains(name) ? HeaderText.clean(raw).strip() : decodeValue(raw, hint);
        return text.isEmpty() ? null : text;
    }

    /**
     * Decodes a parameter value that arrived as plain text: raw bytes, RFC 2047 words, or an RFC 2231 value that a
     * library passed on undecoded because it did not know the charset ({@code ks_c_5601-1987''%B9%AE...}).
     */
    static String decodeValue(String raw, Charset hint) {
        Matcher leftover = LEFTOVER_2231.matcher(raw.strip());
        if (leftover.matches()) {
            return HeaderText.clean(decode2231(leftover.group(1), percentDecode(leftover.group(2)), hint)).strip();
        }
        return HeaderText.decode(raw, hint);
    }

    static MimeHeader parse(String header, Charset hint) {
        if (header == null) {
            return EMPTY;
        }
        String text = HeaderText.unfold(header);
        int length = text.length();
        int semicolon = indexOfUnquoted(text, ';', 0);
        String value = (semicolon < 0 ? text : text.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Segment>> sections = new LinkedHashMap<>();
        int i = semicolon < 0 ? length : semicolon + 1;
        while (i < length) {
            char c = text.charAt(i);
            if (c == ';' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int nameEnd = i;
            while (nameEnd < length && text.charAt(nameEnd) != '=' && text.charAt(nameEnd) != ';') {
                nameEnd++;
            }
            String name = text.substring(i, nameEnd).strip().toLowerCase(Locale.ROOT);
            if (nameEnd >= length || text.charAt(nameEnd) == ';') {
                i = nameEnd;
                continue;
            }
            int v = nameEnd + 1;
            while (v < length && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
                v++;
            }
            String paramValue;
            if (v < length && text.charAt(v) == '"') {
                StringBuilder quoted = new StringBuilder();
                int q = v + 1;
                while (q < length && text.charAt(q) != '"') {
                    char qc = text.charAt(q);
                    // a quoted pair, except that Windows paths ("C:\dir\file") keep their backslashes
                    if (qc == '\\' && q + 1 < length && (text.charAt(q + 1) == '"' || text.charAt(q + 1) == '\\')) {
                        q++;
                        qc = text.charAt(q);
                    }
                    quoted.append(qc);
                    q++;
                }
                paramValue = quoted.toString();
                i = q + 1;
            } else {
                int end = indexOfUnquoted(text, ';', v);
                end = end < 0 ? length : end;
                paramValue = text.substring(v, end).strip();
                i = end;
            }
            if (!name.isEmpty()) {
                add(name, paramValue, plain, sections);
            }
        }
        Map<String, String> params = new LinkedHashMap<>(plain);
        Set<String> extended = new HashSet<>();
        sections.forEach((name, segments) -> {
            params.put(name, combine(segments, hint));
            extended.add(name);
        });
        return new MimeHeader(value, params, extended);
    }

    private record Segment(String value, boolean encoded) {
    }

    private static void add(String name, String value, Map<String, String> plain,
                            Map<String, TreeMap<Integer, Segment>> sections) {
        boolean encoded = name.endsWith("*");
        String base = encoded ? name.substring(0, name.length() - 1) : name;
        Matcher section = SECTION.matcher(base);
        if (section.matches()) {
            sections.computeIfAbsent(section.group(1), n -> new TreeMap<>())
                    .putIfAbsent(Integer.parseInt(section.group(2)), new Segment(value, encoded));
        } else if (encoded) {
            sections.computeIfAbsent(base, n -> new TreeMap<>()).put(0, new Segment(value, true));
        } else {
            plain.putIfAbsent(name, value);
        }
    }

    /** Joins RFC 2231 continuations and decodes them with the charset named by the first one. */
    private static String combine(TreeMap<Integer, Segment> segments, Charset hint) {
        String charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (Segment segment : segments.values()) {
            String value = segment.value();
            if (first && segment.encoded()) {
                int quote1 = value.indexOf('\'');
                int quote2 = quote1 < 0 ? -1 : value.indexOf('\'', quote1 + 1);
                if (quote2 > 0) {
                    charset = value.substring(0, quote1);
                    value = value.substring(quote2 + 1);
                }
            }
            first = false;
            bytes.writeBytes(segment.encoded() ? percentDecode(value) : value.getBytes(StandardCharsets.ISO_8859_1));
        }
        return decode2231(charset, bytes.toByteArray(), hint);
    }

    private static String decode2231(String charsetName, byte[] bytes, Charset hint) {
        Charset charset = MimeCharsets.forLabel(charsetName);
        String text = charset == null ? MimeCharsets.decodeUnlabelled(bytes, hint) : new String(bytes, charset);
        // some clients put an encoded word inside the RFC 2231 value as well
        return HeaderText.decodeEncodedWords(text, hint);
    }

    static byte[] percentDecode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && HeaderText.hex(value.charAt(i + 1)) >= 0
                    && HeaderText.hex(value.charAt(i + 2)) >= 0) {
                bytes.write(HeaderText.hex(value.charAt(i + 1)) * 16 + HeaderText.hex(value.charAt(i + 2)));
                i += 2;
            } else if (c < 0x100) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static int indexOfUnquoted(String text, char wanted, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted) {
                return i;
            }
        }
        return -1;
    }
}
