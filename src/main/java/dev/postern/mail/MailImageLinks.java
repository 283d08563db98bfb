package dev.postern.mail;

/**
 * The gateway URLs a mail's images are shown from (the pages make them; the sanitiser puts them into the HTML): a
 * {@code cid:} part of the message, and the image proxy for a remote image. Both must be same-origin paths.
 */
public interface MailImageLinks {

    String inline(String contentId);

    String remote(String absoluteUrl);
}
