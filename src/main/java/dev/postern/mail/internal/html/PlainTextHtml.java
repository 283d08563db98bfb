package dev.postern.mail.internal.html;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text/plain body as HTML that the mail policy keeps as it is: one {@code pre} with {@code pre-wrap} (line breaks,
 * indentation and ASCII tables survive, long lines wrap), links made clickable, quoted lines coloured by depth. It
 * uses only what {@link MailHtmlPolicy} allows, written the way OWASP writes it, so that sanitising it changes no
 * element, attribute or text.
 */
final class PlainTextHtml {

    static final String PRE_STYLE = "white-space:pre-wrap;word-wrap:break-word";

    /** Quote colours by depth (1, 2, 3, then again), lower-case as OWASP writes them. */
    static final String[] QUOTE_COLORS = {"#3465a4", "#4e9a06", "#75507b"};

    /**
     * A URL starts at a word boundary with a scheme or {@code www.} and runs over ASCII URL characters: it stops at
     * spaces, quotes, angle brackets and non-ASCII text (so {@code https://example.com에서} links only the URL).
     */
    private static final Pattern URL = Pattern.compile(
            "(?<![A-Za-z0-9@.+_-])(?:https?://|mailto:|www\\.)[A-Za-z0-9._~:/?#\\[\\]@!$&*+,;=%()-]+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VALID_HTTP = Pattern.compile("(?i)https?://[A-Za-z0-9\\[].*");
    private static final Pattern VALID_WWW = Pattern.compile("(?i)www\\.[A-Za-z0-9-]+\\.[A-Za-z0-9].*");
    private static final Pattern VALID_MAILTO = Pattern.compile("(?i)mailto:[^@]+@[A-Za-z0-9].*");
    private static final Pattern QUOTE_PREFIX = Pattern.compile("^>[> ]*");

    private PlainTextHtml() {
    }

    static String convert(String plain) {
        if (plain == null) {
            return "";
        }
        String text = normalize(plain);
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() * 11 / 10 + 64);
        out.append("<pre style=\"").append(PRE_STYLE).append("\">");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            int depth = quoteDepth(lines[i]);
            if (depth > 0) {
                out.append("<span style=\"color:").append(QUOTE_COLORS[(depth - 1) % QUOTE_COLORS.length])
                        .append("\">");
                linkify(lines[i], out);
                out.append("</span>");
            } else {
                linkify(lines[i], out);
            }
        }
        return out.append("</pre>").toString();
    }

    /**
     * Line breaks as LF; control characters other than tab and LF (and non-characters, lone surrogates) dropped, as
     * HTML cannot carry them; leading blank lines dropped, as the parser eats the first line break after {@code <pre>}.
     */
    static String normalize(String plain) {
        String text = plain.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean control = cp < 0x20 && cp != '\t' && cp != '\n';
            boolean nonCharacter = (cp & 0xfffe) == 0xfffe || cp >= 0xfdd0 && cp <= 0xfdef;
            boolean loneSurrogate = Character.isSurrogate((char) cp) && cp <= 0xffff;
            if (!control && !nonCharacter && !loneSurrogate) {
                out.appendCodePoint(cp);
            }
        }
        int start = 0;
        while (start < out.length() && out.charAt(start) == '\n') {
            start++;
        }
        return out.substring(start);
    }

    static int quoteDepth(String line) {
        Matcher m = QUOTE_PREFIX.matcher(line);
        return m.find() ? (int) m.group().chars().filter(c -> c == '>').count() : 0;
    }

    private static void linkify(String line, StringBuilder out) {
        Matcher m = URL.matcher(line);
        int position = 0;
        while (m.find()) {
            int end = trimmedEnd(line, m.start(), m.end());
            String url = line.substring(m.start(), end);
            String href = href(url);
            if (href == null) {
                continue;
            }
            escapeText(line, position, m.start(), out);
            out.append("<a href=\"").append(escapeAttribute(href)).append("\" target=\"")
                    .append(MailHtmlPolicy.LINK_TARGET).append("\" rel=\"").append(MailHtmlPolicy.LINK_REL)
                    .append("\">");
            escapeText(line, m.start(), end, out);
            out.append("</a>");
            position = end;
        }
        escapeText(line, position, line.length(), out);
    }

    /**
     * Sentence punctuation after a URL is not part of it, nor is a closing bracket that opened before it. Counts once
     * and only ever drops closing characters, so that a line of a million brackets costs one pass.
     */
    private static int trimmedEnd(String line, int start, int end) {
        int open = count(line, start, end, '(');
        int close = count(line, start, end, ')');
        int openSquare = count(line, start, end, '[');
        int closeSquare = count(line, start, end, ']');
        while (end > start) {
            char last = line.charAt(end - 1);
            if (".,;:!?*".indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && open < close) {
                end--;
                close--;
            } else if (last == ']' && openSquare < closeSquare) {
                end--;
                closeSquare--;
            } else {
                break;
            }
        }
        return end;
    }

    private static int count(String s, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** The link target, written as the policy's URL filter writes it (parentheses percent-encoded); null if none. */
    private static String href(String url) {
        String href;
        if (VALID_HTTP.matcher(url).matches() || VALID_MAILTO.matcher(url).matches()) {
            href = url;
        } else if (VALID_WWW.matcher(url).matches()) {
            href = "http://" + url;
        } else {
            return null;
        }
        return href.replace("(", "%28").replace(")", "%29");
    }

    private static void escapeText(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
    }

    private static String escapeAttribute(String s) {
        return s.replace("&", "&amp;").replace("\"", "&#34;");
    }
}
