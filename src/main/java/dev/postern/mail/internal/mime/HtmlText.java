package dev.postern.mail.internal.mime;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * HTML as plain text for a reply's quote or a message's text alternative: line breaks where the HTML breaks lines
 * ({@code <br>}, paragraphs, blocks, list items), links as {@code text <url>}, no scripts, styles or markup.
 */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
            "table", "tr", "blockquote", "pre", "hr", "section", "article", "header", "footer", "address", "dl", "dt",
            "dd", "form", "fieldset", "figure", "figcaption", "main", "nav", "aside", "center");
    /** Blocks that stand apart from what follows by an empty line, as they do on screen. */
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table",
            "blockquote", "pre", "ul", "ol");
    private static final Set<String> HIDDEN = Set.of("head", "script", "style", "title", "template", "noscript");

    private HtmlText() {
    }

    static String toText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Element body = Jsoup.parse(html).body();
        Writer writer = new Writer();
        body.filter(writer);
        return writer.result();
    }

    private static final class Writer implements NodeFilter {

        private final StringBuilder out = new StringBuilder();
        private int preformatted;

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                if (preformatted > 0) {
                    out.append(text.getWholeText());
                } else {
                    String words = text.getWholeText().replaceAll("[\\s\\u00A0]+", " ");
                    if (atLineStart() || endsWithSpace()) {
                        words = words.stripLeading();
                    }
                    out.append(words);
                }
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String tag = element.normalName();
            if (HIDDEN.contains(tag)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("br")) {
                trimLineEnd();
                out.append('\n');
            } else if (BLOCKS.contains(tag)) {
                newLine();
                if (tag.equals("li")) {
                    out.append("- ");
                } else if (tag.equals("hr")) {
                    out.append("----------\n");
                } else if (tag.equals("pre")) {
                    preformatted++;
                }
            } else if (tag.equals("img") && !element.attr("alt").isBlank()) {
                out.append('[').append(element.attr("alt").strip()).append(']');
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String tag = element.normalName();
            if (tag.equals("a")) {
                String href = element.attr("href").strip();
                String text = element.text().strip();
                if (!href.isEmpty() && !href.startsWith("#") && !href.regionMatches(true, 0, "javascript:", 0, 11)
                        && !href.equals(text) && !href.equalsIgnoreCase("mailto:" + text)) {
                    out.append(" <").append(href).append('>');
                }
            } else if (tag.equals("td") || tag.equals("th")) {
                out.append(' ');
            } else if (BLOCKS.contains(tag)) {
                if (tag.equals("pre")) {
                    preformatted--;
                }
                newLine();
                if (PARAGRAPHS.contains(tag)) {
                    out.append('\n');
                }
            }
            return FilterResult.CONTINUE;
        }

        private boolean atLineStart() {
            return out.isEmpty() || out.charAt(out.length() - 1) == '\n';
        }

        private boolean endsWithSpace() {
            return !out.isEmpty() && out.charAt(out.length() - 1) == ' ';
        }

        private void trimLineEnd() {
            while (endsWithSpace()) {
                out.setLength(out.length() - 1);
            }
        }

        private void newLine() {
            trimLineEnd();
            if (!atLineStart()) {
                out.append('\n');
            }
        }

        String result() {
            return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        }
    }
}
