/**
 * HTML mail made safe to show: {@link dev.postern.mail.internal.html.MailHtml} sanitises HTML bodies (OWASP Java HTML
 * Sanitizer, allow-list in {@code MailHtmlPolicy}), turns text/plain bodies into HTML and HTML into text;
 * {@link dev.postern.mail.internal.html.RemoteImages} fetches remote images for the gateway's image proxy through
 * the upstream policy. See {@code docs/adr/0002-mail-html-in-a-sandboxed-frame.md}.
 */
package dev.postern.mail.internal.html;
