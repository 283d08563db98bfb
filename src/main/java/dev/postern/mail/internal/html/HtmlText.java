package dev.postern.mail.internal.html;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The text of an HTML body, for previews and for quoting in a reply: parsed as a browser would (jsoup), block
 * elements and {@code <br>} as line breaks, paragraphs and headings set off by a blank line, list items marked,
 * whitespace collapsed except in {@code pre}, and a link whose text is not its URL written as {@code text <url>}.
 * Text hidden with CSS stays (a newsletter's hidden preheader is written for exactly this preview).
 */
final class HtmlText {

    private static final Set<String> SKIPPED = Set.of(
            "script", "style", "template", "noscript", "noembed", "noframes", "title", "head", "svg", "math",
            "object", "embed", "iframe", "frame", "frameset", "select", "textarea", "button", "audio", "video");

    /** Set off by a blank line, as their default margins do in a browser. */
    private static final Set<String> PARAGRAPHS = Set.of(
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "address",
            "figure", "hr");

    /** On a line of their own. */
    private static final Set<String> LINES = Set.of(
            "div", "center", "table", "tr", "li", "dt", "dd", "caption", "thead", "tbody", "tfoot", "section", "article",
            "header", "footer", "main", "nav", "aside", "figcaption", "form", "fieldset", "legend", "details",
            "summary", "body", "html");

    private HtmlText() {
    }

    static String convert(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Text out = new Text();
        NodeTraversor.filter(new Walker(out), Jsoup.parse(html).body());
        return out.finish();
    }

    private static final class Walker implements NodeFilter {

        private final Text out;
        private final Map<Element, Integer> ordinals = new IdentityHashMap<>();
        private int pre;

        Walker(Text out) {
            this.out = out;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                out.text(text.getWholeText(), pre > 0);
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String name = element.normalName();
            if (SKIPPED.contains(name)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (name.equals("br")) {
                out.lineBreak();
            } else if (PARAGRAPHS.contains(name)) {
                out.paragraph();
            } else if (LINES.contains(name)) {
                out.lineStart();
            } else if (name.equals("td") || name.equals("th")) {
                out.space();
            }
            if (name.equals("pre")) {
                pre++;
            } else if (name.equals("li")) {
                out.text(listMark(element), true);
            }
            return FilterResult.CONTINUE;
        }

        /** "- " in a bulleted list, "n. " in a numbered one (counted as the walk meets the items). */
        private String listMark(Element item) {
            Element list = item.parent();
            if (list == null || !list.normalName().equals("ol")) {
                return "- ";
            }
            int ordinal = ordinals.merge(list, 1, Integer::sum);
            int start = 1;
            try {
                start = list.hasAttr("start") ? Integer.parseInt(list.attr("start").strip()) : 1;
            } catch (NumberFormatException e) {
                // a broken start attribute counts from 1, as browsers do
            }
            return (start + ordinal - 1) + ". ";
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String name = element.normalName();
            if (name.equals("pre")) {
                pre--;
            }
            if (PARAGRAPHS.contains(name)) {
                out.paragraph();
            } else if (LINES.contains(name)) {
                out.lineStart();
            } else if (name.equals("a")) {
                String target = linkTarget(element);
                if (target != null) {
                    out.text(" <" + target + ">", pre > 0);
                }
            }
            return FilterResult.CONTINUE;
        }
    }

    /** The URL to write after a link's text: none when the text already says it, or there is no text at all. */
    private static String linkTarget(Element link) {
        String url = MailUrls.clean(link.attr("href"));
        String text = link.text().strip();
        if (text.isEmpty()) {
            return null;
        }
        String shown = switch (MailUrls.kind(url)) {
            case HTTP -> MailUrls.link(url);
            case MAILTO -> mailAddress(url);
            default -> null;
        };
        if (shown == null || comparable(shown).equals(comparable(text))) {
            return null;
        }
        return shown;
    }

    private static String mailAddress(String mailto) {
        String address = mailto.substring("mailto:".length());
        int query = address.indexOf('?');
        return query >= 0 ? address.substring(0, query) : address;
    }

    /** A URL or link text with what does not change where it leads taken off: scheme, escapes, a final slash. */
    private static String comparable(String url) {
        String s = url.strip().toLowerCase(Locale.ROOT);
        for (String scheme : new String[]{"https://", "http://", "mailto:"}) {
            if (s.startsWith(scheme)) {
                s = s.substring(scheme.length());
                break;
            }
        }
        s = s.replace("%28", "(").replace("%29", ")").replace("%20", " ");
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Text being written: collapses whitespace outside {@code pre}, never more than one blank line from markup. */
    private static final class Text {

        private final StringBuilder sb = new StringBuilder();
        private boolean pendingSpace;

        void text(String s, boolean preformatted) {
            if (preformatted) {
                flushSpace();
                sb.append(s.replace('\u00a0', ' '));
                return;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                    pendingSpace = true;
                } else {
                    flushSpace();
                    sb.append(c == '\u00a0' ? ' ' : c);
                }
            }
        }

        void space() {
            pendingSpace = true;
        }

        void lineBreak() {
            sb.append('\n');
            pendingSpace = false;
        }

        void lineStart() {
            if (!atLineStart()) {
                sb.append('\n');
            }
            pendingSpace = false;
        }

        void paragraph() {
            lineStart();
            if (!sb.isEmpty() && !(sb.length() >= 2 && sb.charAt(sb.length() - 2) == '\n')) {
                sb.append('\n');
            }
        }

        String finish() {
            int start = 0;
            while (start < sb.length() && sb.charAt(start) == '\n') {
                start++;
            }
            int end = sb.length();
            while (end > start && Character.isWhitespace(sb.charAt(end - 1))) {
                end--;
            }
            return sb.substring(start, end);
        }

        private void flushSpace() {
            if (pendingSpace && !atLineStart()) {
                sb.append(' ');
            }
            pendingSpace = false;
        }

        private boolean atLineStart() {
            return sb.isEmpty() || sb.charAt(sb.length() - 1) == '\n';
        }
    }
}
