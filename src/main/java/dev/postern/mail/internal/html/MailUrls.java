package dev.postern.mail.internal.html;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URLs a mail may carry, judged the way a browser reads them: a browser strips leading and trailing control
 * characters and spaces and drops every tab and line break inside a URL before it looks at the scheme, so
 * {@code "jav&#x09;ascript:"} is {@code javascript:}. Everything here works on that cleaned form.
 */
final class MailUrls {

    /** What a cleaned URL is, by its scheme. */
    enum Kind { HTTP, MAILTO, CID, DATA, OTHER }

    private static final Pattern HTTP_URL = Pattern.compile("(?i)(https?)://([^/?#\\\\]*)(.*)", Pattern.DOTALL);

    /** Raster images only: SVG can carry script and is never let through. */
    private static final Pattern DATA_IMAGE = Pattern.compile(
            "(?i)data:image/(?:png|gif|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private MailUrls() {
    }

    /** The URL as a browser reads it: outer controls and spaces trimmed, tabs and line breaks removed. */
    static String clean(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The kind of an already cleaned URL; a scheme-relative {@code //host/...} counts as http(s). */
    static Kind kind(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("//")) {
            return Kind.HTTP;
        }
        if (lower.startsWith("mailto:")) {
            return Kind.MAILTO;
        }
        if (lower.startsWith("cid:")) {
            return Kind.CID;
        }
        if (lower.startsWith("data:")) {
            return Kind.DATA;
        }
        return Kind.OTHER;
    }

    /** Whether a cleaned URL is a base64 PNG, GIF, JPEG or WebP {@code data:} URL. */
    static boolean rasterDataImage(String url) {
        return DATA_IMAGE.matcher(url).matches();
    }

    /** A cleaned http(s) link target, scheme-relative ones made https; null when it has no host. */
    static String link(String url) {
        String absolute = url.startsWith("//") ? "https:" + url : url;
        Matcher m = HTTP_URL.matcher(absolute);
        if (!m.matches() || m.group(2).isEmpty()) {
            return null;
        }
        return absolute;
    }

    /**
     * A cleaned http(s) image URL as a strict absolute {@link URI} the image proxy can fetch: scheme-relative made
     * https, an internationalised host in its ASCII form, characters a URI may not hold percent-encoded, the
     * fragment dropped. Empty when it has no usable host or carries user information.
     */
    static Optional<URI> remoteImage(String url) {
        String absolute = url.startsWith("//") ? "https:" + url : url;
        Matcher m = HTTP_URL.matcher(absolute);
        if (!m.matches()) {
            return Optional.empty();
        }
        String authority = m.group(2);
        if (authority.contains("@")) {
            return Optional.empty();
        }
        String host = authority;
        String port = "";
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']', colon) < 0) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
            if (!port.matches("\\d{1,5}")) {
                return Optional.empty();
            }
            port = ":" + port;
        }
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        String rest = m.group(3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        try {
            URI uri = new URI(m.group(1).toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT) + port
                    + encodeIllegal(rest));
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The Content-ID a {@code cid:} URL names (RFC 2392: percent-encoded); null when empty or undecodable. */
    static String contentId(String cidUrl) {
        String id = percentDecode(cidUrl.substring("cid:".length()));
        if (id == null) {
            return null;
        }
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.isBlank() ? null : id;
    }

    /** Percent-encodes what a URI may not hold as it is (spaces, quotes, braces, non-ASCII, a stray %). */
    static String encodeIllegal(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean strayPercent = cp == '%' && !(i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0);
            if (cp <= 0x20 || cp >= 0x7f || "\"<>\\^`{|}".indexOf(cp) >= 0 || strayPercent) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                }
            } else {
                out.append((char) cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            if (s.charAt(i) == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
