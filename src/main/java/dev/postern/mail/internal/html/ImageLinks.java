package dev.postern.mail.internal.html;

/**
 * Where the reading page fetches a mail's images from: always the gateway, never the mail's own URLs. The sanitiser
 * asks for these while it rewrites {@code img src} and {@code background}; what they return goes into the HTML as
 * it is, so both must return a same-origin URL (a path such as {@code /mail/...}) that the frame's
 * {@code img-src 'self'} allows.
 */
public interface ImageLinks {

    /** The gateway URL of the message part with this Content-ID ({@code cid:} URL decoded, no angle brackets). */
    String inline(String contentId);

    /** The gateway image-proxy URL that fetches this absolute http(s) URL. */
    String remote(String absoluteUrl);
}
