package dev.postern.mail.internal.html;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.owasp.html.AttributePolicy;
import org.owasp.html.CssSchema;
import org.owasp.html.ElementPolicy;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The OWASP sanitiser policy for mail HTML: an allow-list of elements, attributes and CSS properties, with every URL
 * judged and every image URL rewritten to the gateway inside the policy itself.
 *
 * <p>The policy is built once; what differs per message (the {@link ImageLinks}, whether remote images load, the
 * count of remote images) travels in a {@link Rewriting} bound to the sanitising thread for the length of one
 * {@code sanitize} call, because OWASP hands attribute policies only the element, attribute and value. Outside such a
 * call an image URL policy finds no rewriting and drops the URL.
 *
 * <p>OWASP runs its own protocol filter on {@code href}, {@code src} and {@code background} before ours; it is
 * opened to every scheme we handle ({@code cid} and {@code data} included) so that ours is the one that decides.
 */
final class MailHtmlPolicy {

    /** Elements kept as they are. */
    static final Set<String> ELEMENTS = Set.of(
            "p", "div", "span", "br", "hr", "b", "i", "u", "s", "strong", "em", "small", "big", "sub", "sup",
            "blockquote", "pre", "code", "tt", "font", "center", "h1", "h2", "h3", "h4", "h5", "h6",
            "ul", "ol", "li", "dl", "dt", "dd",
            "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
            "a", "img", "abbr", "address", "cite", "q", "del", "ins", "mark", "wbr");

    /**
     * CSS properties allowed in {@code style} attributes, each with OWASP's own value grammar. Not allowed, on
     * purpose: {@code position}, {@code z-index}, {@code top}/{@code left} and friends (no overlays), {@code opacity}
     * and {@code visibility}, {@code cursor}, {@code content}, {@code background-image}, {@code list-style-image}
     * and the {@code list-style} shorthand (images only ever through {@code img}), {@code behavior},
     * {@code -moz-binding}. URLs are refused in every property (OWASP's default: {@code allowUrlsInStyles} is not
     * called), so {@code background} can only carry colours and positions; functions other than the colour ones
     * ({@code expression()}, gradients, {@code image()}) are refused because their argument grammars are not in the
     * schema.
     */
    static final List<String> CSS_PROPERTIES = List.of(
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
            "float", "clear", "overflow",
            "table-layout", "caption-side", "empty-cells", "list-style-type", "list-style-position",
            "rgb()", "rgba()", "hsl()", "hsla()");

    /** {@code display}, limited to the values mail layouts use; no flex, grid, run-in or vendor boxes. */
    static final Set<String> DISPLAY_VALUES = Set.of(
            "none", "block", "inline", "inline-block", "list-item", "table", "table-row", "table-cell",
            "table-row-group", "table-header-group", "table-footer-group");

    static final String LINK_TARGET = "_blank";
    static final String LINK_REL = "noopener noreferrer nofollow";

    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}|[A-Za-z]{3,20}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");
    private static final Pattern LENGTH = Pattern.compile("\\d{1,5}(?:\\.\\d{1,3})?(?:%|px)?");
    private static final Pattern ALIGN = Pattern.compile("(?i)left|right|center|justify|top|middle|bottom|baseline");
    private static final Pattern VALIGN = Pattern.compile("(?i)top|middle|bottom|baseline");
    private static final Pattern DIR = Pattern.compile("(?i)ltr|rtl|auto");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,4}");
    private static final Pattern FONT_FACE = Pattern.compile("[\\p{L}\\p{N} ,._'-]{1,200}");
    private static final Pattern FONT_SIZE = Pattern.compile("[+-]?[1-7]");
    private static final Pattern NOWRAP = Pattern.compile("(?i)(?:nowrap)?");
    private static final Pattern OL_TYPE = Pattern.compile("[1aAiI]");
    private static final Pattern UL_TYPE = Pattern.compile("(?i)disc|circle|square");

    private static final ThreadLocal<Rewriting> REWRITING = new ThreadLocal<>();

    static final PolicyFactory POLICY = build();

    private MailHtmlPolicy() {
    }

    /** Per-message state of one sanitising call: where images go, and how many remote ones were met. */
    static final class Rewriting {

        private final ImageLinks links;
        private final boolean loadRemoteImages;
        private int remoteImages;
        private boolean remoteOnCurrentElement;

        Rewriting(ImageLinks links, boolean loadRemoteImages) {
            this.links = links;
            this.loadRemoteImages = loadRemoteImages;
        }

        int remoteImages() {
            return remoteImages;
        }
    }

    /**
     * Sanitises with the rewriting bound to this thread for the length of the call; a call made from inside another
     * (an {@link ImageLinks} that sanitises) gives the outer one its rewriting back.
     */
    static String sanitize(String html, Rewriting rewriting) {
        Rewriting outer = REWRITING.get();
        REWRITING.set(rewriting);
        try {
            return POLICY.sanitize(html);
        } finally {
            if (outer == null) {
                REWRITING.remove();
            } else {
                REWRITING.set(outer);
            }
        }
    }

    private static PolicyFactory build() {
        ElementPolicy imageCounting = MailHtmlPolicy::countRemoteImages;
        AttributePolicy imageUrl = MailHtmlPolicy::imageUrl;
        return new HtmlPolicyBuilder()
                .allowElements(ELEMENTS.toArray(String[]::new))
                .allowElements(MailHtmlPolicy::link, "a")
                .allowElements(MailHtmlPolicy::image, "img")
                .allowElements(imageCounting, "table", "td", "th")
                .allowElements(MailHtmlPolicy::body, "body")
                .allowUrlProtocols("http", "https", "mailto", "cid", "data")
                .allowAttributes("href").matching(MailHtmlPolicy::href).onElements("a")
                .allowAttributes("src").matching(imageUrl).onElements("img")
                .allowAttributes("background").matching(imageUrl).onElements("table", "td", "th")
                .allowAttributes("title", "dir", "lang").matching(MailHtmlPolicy::globalAttribute).globally()
                .allowAttributes("alt").matching(MailHtmlPolicy::freeText).onElements("img")
                .allowAttributes("align").matching(ALIGN).onElements("p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
                        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup", "caption", "img",
                        "hr")
                .allowAttributes("valign").matching(VALIGN)
                .onElements("thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup")
                .allowAttributes("width").matching(LENGTH).onElements("table", "td", "th", "col", "colgroup", "img",
                        "hr")
                .allowAttributes("height").matching(LENGTH).onElements("table", "tr", "td", "th", "img")
                .allowAttributes("border").matching(NUMBER).onElements("table", "img")
                .allowAttributes("cellpadding", "cellspacing").matching(NUMBER).onElements("table")
                .allowAttributes("bgcolor").matching(COLOR).onElements("body", "table", "tr", "td", "th")
                .allowAttributes("text").matching(COLOR).onElements("body")
                .allowAttributes("color").matching(COLOR).onElements("font")
                .allowAttributes("face").matching(FONT_FACE).onElements("font")
                .allowAttributes("size").matching(FONT_SIZE).onElements("font")
                .allowAttributes("colspan", "rowspan").matching(NUMBER).onElements("td", "th")
                .allowAttributes("span").matching(NUMBER).onElements("col", "colgroup")
                .allowAttributes("nowrap").matching(NOWRAP).onElements("td", "th")
                .allowAttributes("hspace", "vspace").matching(NUMBER).onElements("img")
                .allowAttributes("start").matching(NUMBER).onElements("ol")
                .allowAttributes("type").matching(OL_TYPE).onElements("ol")
                .allowAttributes("type").matching(UL_TYPE).onElements("ul")
                .allowStyling(CssSchema.union(CssSchema.withProperties(CSS_PROPERTIES),
                        CssSchema.withProperties(Map.of("display",
                                new CssSchema.Property(0, DISPLAY_VALUES, Map.of())))))
                .toFactory();
    }

    private static String globalAttribute(String element, String attribute, String value) {
        return switch (attribute) {
            case "dir" -> DIR.matcher(value).matches() ? value : null;
            case "lang" -> LANG.matcher(value).matches() ? value : null;
            default -> freeText(element, attribute, value);
        };
    }

    /**
     * Text attributes lose trailing whitespace: OWASP appends a space to any value holding a backtick (an old IE
     * quoting defence), so without this every pass would add one more.
     */
    private static String freeText(String element, String attribute, String value) {
        return value.stripTrailing();
    }

    /** Links go to http, https or mailto only; relative ones have no base in a mail and are dropped. */
    private static String href(String element, String attribute, String value) {
        String url = MailUrls.clean(value);
        return switch (MailUrls.kind(url)) {
            case HTTP -> MailUrls.link(url);
            case MAILTO -> url;
            default -> null;
        };
    }

    /** Every link that is left opens outside the frame, with no opener, no referrer and no endorsement. */
    private static String link(String element, List<String> attributes) {
        if (value(attributes, "href") != null) {
            attributes.add("target");
            attributes.add(LINK_TARGET);
            attributes.add("rel");
            attributes.add(LINK_REL);
        }
        return element;
    }

    /**
     * {@code cid:} goes to the message part, http(s) to the image proxy when remote images load and nowhere
     * otherwise, a base64 raster {@code data:} image stays; any other URL is dropped.
     */
    private static String imageUrl(String element, String attribute, String value) {
        Rewriting rewriting = REWRITING.get();
        if (rewriting == null) {
            return null;
        }
        String url = MailUrls.clean(value);
        return switch (MailUrls.kind(url)) {
            case CID -> {
                String contentId = MailUrls.contentId(url);
                yield contentId == null ? null : gatewayUrl(rewriting.links.inline(contentId));
            }
            case DATA -> MailUrls.rasterDataImage(url) ? url : null;
            case HTTP -> {
                Optional<URI> remote = MailUrls.remoteImage(url);
                if (remote.isEmpty()) {
                    yield null;
                }
                rewriting.remoteOnCurrentElement = true;
                yield rewriting.loadRemoteImages ? gatewayUrl(rewriting.links.remote(remote.get().toString())) : null;
            }
            default -> null;
        };
    }

    /** What {@link ImageLinks} returns is trusted to point at the gateway, but never to carry a script scheme. */
    private static String gatewayUrl(String url) {
        if (url == null) {
            return null;
        }
        String cleaned = MailUrls.clean(url);
        boolean path = cleaned.startsWith("/") && !cleaned.startsWith("//");
        return path || MailUrls.kind(cleaned) == MailUrls.Kind.HTTP && !cleaned.startsWith("//") ? url : null;
    }

    /**
     * Counts remote images once per element however many image attributes it had (OWASP runs an element's
     * attribute policies, duplicates included, before its element policy).
     */
    private static String countRemoteImages(String element, List<String> attributes) {
        Rewriting rewriting = REWRITING.get();
        if (rewriting != null && rewriting.remoteOnCurrentElement) {
            rewriting.remoteImages++;
            rewriting.remoteOnCurrentElement = false;
        }
        return element;
    }

    /** An image whose source was dropped stays only to show its alt text; with none it goes. */
    private static String image(String element, List<String> attributes) {
        countRemoteImages(element, attributes);
        if (value(attributes, "src") != null) {
            return element;
        }
        String alt = value(attributes, "alt");
        return alt == null || alt.isBlank() ? null : element;
    }

    /** The body becomes a div that keeps the body's colours as CSS (a div ignores bgcolor and text). */
    private static String body(String element, List<String> attributes) {
        StringBuilder css = new StringBuilder();
        // Lower case, as OWASP writes colours in style attributes: a second pass then leaves the result alone.
        String background = lowerCase(remove(attributes, "bgcolor"));
        String text = lowerCase(remove(attributes, "text"));
        if (background != null) {
            css.append("background-color:").append(background);
        }
        if (text != null) {
            css.append(css.isEmpty() ? "" : ";").append("color:").append(text);
        }
        if (!css.isEmpty()) {
            String style = remove(attributes, "style");
            attributes.add("style");
            attributes.add(style == null || style.isEmpty() ? css.toString() : css + ";" + style);
        }
        return "div";
    }

    private static String lowerCase(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String value(List<String> attributes, String name) {
        for (int i = 0; i + 1 < attributes.size(); i += 2) {
            if (attributes.get(i).equals(name)) {
                return attributes.get(i + 1);
            }
        }
        return null;
    }

    private static String remove(List<String> attributes, String name) {
        for (int i = 0; i + 1 < attributes.size(); i += 2) {
            if (attributes.get(i).equals(name)) {
                String value = attributes.get(i + 1);
                attributes.subList(i, i + 2).clear();
                return value;
            }
        }
        return null;
    }
}
