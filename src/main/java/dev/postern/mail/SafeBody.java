package dev.postern.mail;

/**
 * A message body as HTML that is safe to show: sanitised with a strict allow-list, images pointed at the gateway.
 *
 * @param remoteImagesBlocked whether remote images were left out because the reader has not asked for them
 * @param remoteImageCount how many elements referred to a remote image
 */
public record SafeBody(String html, boolean remoteImagesBlocked, int remoteImageCount) {

    /** The policy the frame that shows {@link #html} must be served with. */
    public static final String FRAME_CONTENT_SECURITY_POLICY =
            dev.postern.mail.internal.html.MailHtml.FRAME_CONTENT_SECURITY_POLICY;
}
