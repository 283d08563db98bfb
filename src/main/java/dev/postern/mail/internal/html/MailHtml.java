package dev.postern.mail.internal.html;

/**
 * Mail bodies made safe to show and turned into text.
 *
 * <p>{@link #sanitize} makes an HTML body inert by itself, through the OWASP sanitiser and a strict allow-list
 * ({@link MailHtmlPolicy} lists it and says why): no script, no style sheet, no form, no frame, no SVG or MathML, no
 * event handler, no URL but http(s) and mailto links and gateway image URLs. The reading page adds a second wall: it
 * shows the result in a sandboxed frame served with {@link #FRAME_CONTENT_SECURITY_POLICY}.
 *
 * <p>Images never load from where the mail says: {@code cid:} parts and (when the reader asks) remote images are
 * rewritten to gateway URLs by {@link ImageLinks}; base64 PNG, GIF, JPEG and WebP {@code data:} images stay, which is
 * why the frame's policy allows {@code img-src data:}.
 */
public final class MailHtml {

    /**
     * The Content-Security-Policy header for the response that serves sanitised mail into the reading page's frame.
     * No script or plug-in of any kind; images from the gateway itself and inline raster {@code data:} images; inline
     * style attributes (the sanitiser has filtered every one); no form, no {@code <base>}; only the gateway may frame
     * it. The {@code sandbox} directive repeats the frame's {@code sandbox} attribute for when the URL is opened on
     * its own: scripts stay off, same origin is kept so that image requests carry the session cookie and the page
     * can size the frame, and links may open a new, unsandboxed top-level page.
     */
    public static final String FRAME_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' data:; "
            + "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; "
            + "sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox";

    /**
     * Sanitised HTML and what became of its remote images.
     *
     * @param html the inert HTML, to be placed in the frame document's body
     * @param remoteImagesBlocked whether remote images were left out because they were not to load
     * @param remoteImageCount how many elements referred to a remote (http or https) image, whether left out or
     *                         rewritten to the image proxy
     */
    public record Sanitized(String html, boolean remoteImagesBlocked, int remoteImageCount) {
    }

    private MailHtml() {
    }

    /**
     * An HTML mail body made inert.
     *
     * @param html the body as the mail sent it; null is taken as empty
     * @param links gateway URLs for inline parts and, when they load, remote images
     * @param loadRemoteImages whether http(s) images are rewritten to the image proxy; otherwise they are left out
     *                         (an image with alt text keeps it as a placeholder) and counted
     */
    public static Sanitized sanitize(String html, ImageLinks links, boolean loadRemoteImages) {
        if (html == null || html.isEmpty()) {
            return new Sanitized("", false, 0);
        }
        MailHtmlPolicy.Rewriting rewriting = new MailHtmlPolicy.Rewriting(links, loadRemoteImages);
        String safe = MailHtmlPolicy.sanitize(html, rewriting);
        int remote = rewriting.remoteImages();
        return new Sanitized(safe, !loadRemoteImages && remote > 0, remote);
    }

    /**
     * A text/plain body as HTML: escaped, line breaks and spacing kept ({@code pre-wrap}), http, https and mailto
     * URLs and bare {@code www.} addresses made links that open in a new page, quoted lines ({@code >}) coloured by
     * depth. The result is made only of what {@link #sanitize} keeps.
     */
    public static String textToHtml(String plain) {
        return PlainTextHtml.convert(plain);
    }

    /**
     * The plain text of an HTML body, for previews and reply quoting: block elements and {@code <br>} as line
     * breaks, links as {@code text <url>}.
     */
    public static String toText(String html) {
        return HtmlText.convert(html);
    }
}
