package dev.postern.mail.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import dev.postern.account.CurrentUser;
import dev.postern.mail.MailContext;
import dev.postern.mail.MailImageLinks;
import dev.postern.mail.Mailboxes;
import dev.postern.mail.MessageNotFound;
import dev.postern.mail.MessageView;
import dev.postern.mail.ReadingView;
import dev.postern.mail.RemoteImage;
import dev.postern.mail.SafeBody;
import dev.postern.upstream.CredentialVault;

/**
 * Reading a message: the page, its HTML body in a sandboxed frame with its own policy, its attachments and inline
 * images, its source, and remote images through the gateway's proxy.
 */
@Controller
@RequestMapping("/mail/{connection}")
class MessageController {

    /** Types an inline part may be served as, to the frame's img elements; anything else is an attachment. */
    static final Set<String> RASTER_IMAGES = Set.of("image/png", "image/gif", "image/jpeg", "image/webp",
            "image/bmp", "image/avif", "image/x-icon", "image/vnd.microsoft.icon");
    /** Downloads are never rendered by the browser as a page of ours. */
    static final String DOWNLOAD_CSP = "default-src 'none'; sandbox";
    static final String IMAGE_SIGNATURE = "mail-image";

    private final Mailboxes mailboxes;
    private final CredentialVault vault;

    MessageController(Mailboxes mailboxes, CredentialVault vault) {
        this.mailboxes = mailboxes;
        this.vault = vault;
    }

    @GetMapping("/message")
    String message(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String uid,
                   @RequestParam(defaultValue = "false") boolean images, @RequestParam(defaultValue = "html") String view,
                   CurrentUser user, HttpServletRequest request, Model model) {
        MailContext context = MailController.context(user, request, connection);
        ReadingView reading = mailboxes.reading(context, folder, uid, true);
        MessageView message = reading.message();
        SafeBody html = mailboxes.safeHtml(message, links(connection, folder, uid, request), images);
        boolean showHtml = html != null && !"text".equals(view);
        if (showHtml && images && html.remoteImageCount() > 0) {
            mailboxes.remoteImagesLoaded(context, folder, uid, html.remoteImageCount());
        }
        model.addAttribute("account", reading.account());
        model.addAttribute("accounts", reading.accounts());
        model.addAttribute("hasFolders", reading.hasFolders());
        model.addAttribute("folders", reading.folders());
        model.addAttribute("message", message);
        model.addAttribute("headers", message.content().headers());
        model.addAttribute("html", showHtml ? html : null);
        model.addAttribute("hasHtml", html != null);
        model.addAttribute("images", images);
        model.addAttribute("hasText", message.content().text() != null);
        model.addAttribute("view", showHtml ? "html" : "text");
        model.addAttribute("back", UriComponentsBuilder.fromPath("/mail/" + connection).queryParam("folder", folder)
                .encode().toUriString());
        return "mail/message";
    }

    /**
     * The body as its own document, for the sandboxed frame: no script can run, images only from here. The HTML body,
     * or the text body ({@code view=text}, or a message without HTML) made HTML, whose line breaks and quote colours
     * are style attributes that only the frame's policy allows.
     */
    @GetMapping("/body")
    void body(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String uid,
              @RequestParam(defaultValue = "false") boolean images, @RequestParam(defaultValue = "html") String view,
              CurrentUser user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        MailContext context = MailController.context(user, request, connection);
        MessageView message = mailboxes.read(context, folder, uid, false);
        SafeBody html = "text".equals(view) ? null
                : mailboxes.safeHtml(message, links(connection, folder, uid, request), images);
        SafeBody shown = html != null ? html : mailboxes.safeText(message);
        response.setHeader("Content-Security-Policy", SafeBody.FRAME_CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        response.setContentType("text/html;charset=UTF-8");
        String document = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><base target=\"_blank\"></head><body>"
                + (shown == null ? "" : shown.html()) + "</body></html>";
        response.getOutputStream().write(document.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/attachment")
    void attachment(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String uid,
                    @RequestParam String part, CurrentUser user, HttpServletRequest request,
                    HttpServletResponse response) {
        mailboxes.download(MailController.context(user, request, connection), folder, uid, part, true, info -> {
            response.setContentType(safeType(info.contentType()));
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(info.filename(), StandardCharsets.UTF_8).build().toString());
            downloadHeaders(response);
            return response.getOutputStream();
        });
    }

    /** An inline part, as the frame's images ask for it by Content-ID. */
    @GetMapping("/inline")
    void inline(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String uid,
                @RequestParam String cid, CurrentUser user, HttpServletRequest request, HttpServletResponse response) {
        MailContext context = MailController.context(user, request, connection);
        String part = mailboxes.inlinePart(context, folder, uid, cid);
        mailboxes.download(context, folder, uid, part, false, info -> {
            String type = info.contentType().toLowerCase(Locale.ROOT);
            if (!RASTER_IMAGES.contains(type)) {
                throw new MessageNotFound("not an image part");
            }
            response.setContentType(type);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "inline");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
            downloadHeaders(response);
            return response.getOutputStream();
        });
    }

    @GetMapping("/source")
    void source(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String uid,
                CurrentUser user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("message/rfc822");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("message-" + uid.replaceAll("[^A-Za-z0-9_-]", "_") + ".eml").build().toString());
        downloadHeaders(response);
        OutputStream out = response.getOutputStream();
        mailboxes.writeSource(MailController.context(user, request, connection), folder, uid, out);
    }

    /** The image proxy: only URLs this gateway put into a page for this session (signed) are fetched. */
    @GetMapping("/image")
    void image(@PathVariable UUID connection, @RequestParam("u") String url, @RequestParam("s") String signature,
               CurrentUser user, HttpServletRequest request, HttpServletResponse response) {
        if (!vault.verify(IMAGE_SIGNATURE, request.getSession().getId() + "\n" + url, signature)) {
            throw new MessageNotFound("unsigned image URL");
        }
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            throw new MessageNotFound("bad image URL");
        }
        mailboxes.remoteImage(MailController.context(user, request, connection), target, (type, length) -> {
            response.setContentType(type);
            length.ifPresent(response::setContentLengthLong);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
            downloadHeaders(response);
            return response.getOutputStream();
        });
    }

    private MailImageLinks links(UUID connection, String folder, String uid, HttpServletRequest request) {
        String session = request.getSession().getId();
        String base = request.getContextPath() + "/mail/" + connection;
        return new MailImageLinks() {
            @Override
            public String inline(String contentId) {
                return UriComponentsBuilder.fromPath(base + "/inline").queryParam("folder", folder)
                        .queryParam("uid", uid).queryParam("cid", contentId).encode().toUriString();
            }

            @Override
            public String remote(String absoluteUrl) {
                return UriComponentsBuilder.fromPath(base + "/image").queryParam("u", "{u}").queryParam("s", "{s}")
                        .encode().buildAndExpand(absoluteUrl, vault.sign(IMAGE_SIGNATURE, session + "\n" + absoluteUrl))
                        .toUriString();
            }
        };
    }

    private static void downloadHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", DOWNLOAD_CSP);
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    private static String safeType(String type) {
        return type != null && type.matches("^[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,64}$")
                && !type.startsWith("text/html") ? type : "application/octet-stream";
    }


    @ExceptionHandler(RemoteImage.Unavailable.class)
    void imageUnavailable(RemoteImage.Unavailable failure, HttpServletResponse response) throws IOException {
        if (!response.isCommitted()) {
            response.sendError(failure.refusedByPolicy() ? HttpServletResponse.SC_FORBIDDEN : HttpServletResponse.SC_BAD_GATEWAY);
        }
    }

}
