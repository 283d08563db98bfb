package dev.postern.mail.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.postern.account.CurrentUser;
import dev.postern.mail.MailWatch;
import dev.postern.mail.Mailboxes;

/** New mail pushed to the open mailbox page as server-sent events ({@code event: mailbox}). */
@Controller
@RequestMapping("/mail")
class MailEventsController {

    /** The page's EventSource reconnects by itself after this, which also re-checks the user's rights. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
    /** How long the page's EventSource waits before it reconnects to a stream that ended. */
    static final Duration RECONNECT = Duration.ofSeconds(10);

    private final Mailboxes mailboxes;

    MailEventsController(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @GetMapping(path = "/{connection}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID connection, @RequestParam(defaultValue = "INBOX") String folder,
                      CurrentUser user, HttpServletRequest request) throws IOException {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        emitter.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()));
        // A watch that ends by itself (its connection lost, a newer tab's watch in its place, the application
        // stopping) ends the stream: the page then connects again and gets a new watch, rather than a silent stream.
        MailWatch watch = mailboxes.watch(MailController.context(user, request, connection), folder, counts -> {
            try {
                emitter.send(SseEmitter.event().name("mailbox").data(Map.of("folder", counts.folder(),
                        "total", counts.total(), "unread", counts.unread()), MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException gone) {
                emitter.completeWithError(gone);
            }
        }, emitter::complete);
        emitter.onCompletion(watch::close);
        emitter.onTimeout(watch::close);
        emitter.onError(failure -> watch.close());
        return emitter;
    }
}
