package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.CDataNode;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.XmlDeclaration;
import org.jsoup.parser.Parser;

/**
 * What "inert" means, checked the way a browser would see the HTML: parsed by jsoup (an HTML5 tree builder) as the
 * body of the frame document, never by searching the string. The allow-lists here are the tests' own statement of
 * the contract, written apart from the policy so that widening the policy by accident fails a test.
 */
final class InertHtml {

    static final Set<String> ELEMENTS = Set.of(
            "p", "div", "span", "br", "hr", "b", "i", "u", "s", "strong", "em", "small", "big", "sub", "sup",
            "blockquote", "pre", "code", "tt", "font", "center", "h1", "h2", "h3", "h4", "h5", "h6",
            "ul", "ol", "li", "dl", "dt", "dd",
            "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
            "a", "img", "abbr", "address", "cite", "q", "del", "ins", "mark", "wbr");

    private static final Set<String> GLOBAL_ATTRIBUTES = Set.of("title", "dir", "lang", "style");
    private static final Map<String, Set<String>> ATTRIBUTES = new HashMap<>();

    static {
        ATTRIBUTES.put("a", Set.of("href", "target", "rel"));
        ATTRIBUTES.put("img", Set.of("src", "alt", "width", "height", "border", "align", "hspace", "vspace"));
        ATTRIBUTES.put("table", Set.of("width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "align",
                "background"));
        ATTRIBUTES.put("tr", Set.of("height", "bgcolor", "align", "valign"));
        for (String cell : List.of("td", "th")) {
            ATTRIBUTES.put(cell, Set.of("width", "height", "align", "valign", "bgcolor", "colspan", "rowspan",
                    "nowrap", "background"));
        }
        for (String group : List.of("thead", "tbody", "tfoot")) {
            ATTRIBUTES.put(group, Set.of("align", "valign"));
        }
        for (String column : List.of("col", "colgroup")) {
            ATTRIBUTES.put(column, Set.of("span", "width", "align", "valign"));
        }
        ATTRIBUTES.put("font", Set.of("face", "size", "color"));
        for (String block : List.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption")) {
            ATTRIBUTES.put(block, Set.of("align"));
        }
        ATTRIBUTES.put("hr", Set.of("align", "width"));
        ATTRIBUTES.put("ol", Set.of("start", "type"));
        ATTRIBUTES.put("ul", Set.of("type"));
    }

    static final Set<String> CSS_PROPERTIES = Set.of(
            "color", "background-color", "background", "background-position", "background-repeat",
            "font", "font-family", "font-size", "font-style", "font-variant", "font-weight", "font-stretch",
            "line-height", "letter-spacing", "word-spacing",
            "text-align", "text-decoration", "text-indent", "text-transform", "text-overflow", "vertical-align",
            "white-space", "word-wrap", "direction",
            "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
            "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
            "border", "border-top", "border-right", "border-bottom", "border-left",
            "border-color", "border-top-color", "border-right-color", "border-bottom-color", "border-left-color",
            "border-style", "border-top-style", "border-right-style", "border-bottom-style", "border-left-style",
            "border-width", "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
            "border-radius", "border-top-left-radius", "border-top-right-radius", "border-bottom-left-radius",
            "border-bottom-right-radius", "border-collapse", "border-spacing",
            "width", "height", "min-width", "max-width", "min-height", "max-height",
            "float", "clear", "overflow", "display",
            "table-layout", "caption-side", "empty-cells", "list-style-type", "list-style-position");

    private static final Set<String> DISPLAY_VALUES = Set.of(
            "none", "block", "inline", "inline-block", "list-item", "table", "table-row", "table-cell",
            "table-row-group", "table-header-group", "table-footer-group");

    private static final List<String> CSS_NEVER = List.of(
            "url(", "expression", "javascript", "vbscript", "behavior", "binding", "@import", "\\", "/*", "image(",
            "gradient", "position", "z-index", "content", "cursor", "<", ">");

    private static final Pattern LINK = Pattern.compile("(?:https?://[^/?#\\s\\\\]+(?:[/?#].*)?|mailto:\\S.*)");
    private static final Pattern IMAGE = Pattern.compile(
            "(?:/gateway/|https://gateway\\.test/).*|data:image/(?:png|gif|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}");

    private InertHtml() {
    }

    /** The document the reading page's frame would hold, parsed like a browser would. */
    static Document frame(String body) {
        Document document = Jsoup.parse("<!DOCTYPE html><html><head></head><body>" + body + "</body></html>");
        document.outputSettings().prettyPrint(false);
        return document;
    }

    /** The body as a browser's DOM would serialise it. */
    static String reparsed(String body) {
        return frame(body).body().html();
    }

    static void assertInert(String sanitized) {
        Document document = frame(sanitized);
        assertThat(document.head().childNodes()).as("nothing reaches the frame's head").isEmpty();
        document.forEachNode(node -> {
            assertThat(node).as("no comment, script or style data, CDATA or doctype in the body")
                    .isNotInstanceOfAny(Comment.class, DataNode.class, CDataNode.class, XmlDeclaration.class);
            if (node instanceof DocumentType) {
                assertThat(node.parent()).isSameAs(document);
            }
        });
        for (Element element : document.body().getAllElements()) {
            if (element == document.body()) {
                assertThat(element.attributes().size()).as("no attribute reaches the frame's body").isZero();
                continue;
            }
            assertElement(element);
        }
    }

    private static void assertElement(Element element) {
        String name = element.normalName();
        assertThat(element.tag().namespace()).as("<%s> is an HTML element, not SVG or MathML", name)
                .isEqualTo(Parser.NamespaceHtml);
        assertThat(ELEMENTS).as("element <%s> is on the allow-list", name).contains(name);
        for (Attribute attribute : element.attributes()) {
            String key = attribute.getKey().toLowerCase(Locale.ROOT);
            String value = attribute.getValue();
            assertThat(key).as("no event handler on <%s>", name).doesNotStartWith("on");
            assertThat(GLOBAL_ATTRIBUTES.contains(key) || ATTRIBUTES.getOrDefault(name, Set.of()).contains(key))
                    .as("attribute %s on <%s> is on the allow-list", key, name).isTrue();
            switch (key) {
                case "href" -> assertThat(value).as("link target").matches(LINK);
                case "src", "background" -> assertThat(value).as("image URL on <%s>", name).matches(IMAGE);
                case "style" -> assertSafeCss(value);
                default -> {
                }
            }
        }
        if (name.equals("a") && element.hasAttr("href")) {
            assertThat(element.attr("target")).isEqualTo("_blank");
            assertThat(element.attr("rel")).isEqualTo("noopener noreferrer nofollow");
        }
        if (name.equals("a") && !element.hasAttr("href")) {
            assertThat(element.hasAttr("target") || element.hasAttr("rel")).isFalse();
        }
    }

    static void assertSafeCss(String style) {
        String css = style.toLowerCase(Locale.ROOT);
        for (String never : CSS_NEVER) {
            assertThat(css).as("style %s", style).doesNotContain(never);
        }
        for (String declaration : css.split(";")) {
            if (declaration.isBlank()) {
                continue;
            }
            int colon = declaration.indexOf(':');
            assertThat(colon).as("declaration %s", declaration).isPositive();
            String property = declaration.substring(0, colon).strip();
            assertThat(CSS_PROPERTIES).as("CSS property in %s", style).contains(property);
            if (property.equals("display")) {
                assertThat(DISPLAY_VALUES).contains(declaration.substring(colon + 1).strip());
            }
        }
    }
}
