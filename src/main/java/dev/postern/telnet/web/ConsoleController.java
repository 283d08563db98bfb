package dev.postern.telnet.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.postern.account.CurrentUser;
import dev.postern.telnet.ConsoleContext;
import dev.postern.telnet.ConsoleRefused;
import dev.postern.telnet.ConsoleSessionInfo;
import dev.postern.telnet.ConsoleSessions;
import dev.postern.telnet.EndReason;
import dev.postern.upstream.ConnectionProfile;

/** The console pages: Telnet connections and sessions, the terminal, and a session's recording. */
@Controller
@RequestMapping("/console")
class ConsoleController {

    private static final String[] TEXTS = {"connecting", "connected", "reconnecting", "reconnected", "gaveUp",
        "detached", "ended", "copied", "pasteDenied"};

    private final ConsoleSessions consoles;
    private final MessageSource messages;
    private final JsonMapper json;

    ConsoleController(ConsoleSessions consoles, MessageSource messages, JsonMapper json) {
        this.consoles = consoles;
        this.messages = messages;
        this.json = json;
    }

    @GetMapping
    String index(CurrentUser user, Model model) {
        model.addAttribute("connections", consoles.connections(user));
        model.addAttribute("live", consoles.live(user));
        model.addAttribute("recent", consoles.recent(user, 50));
        return "console/index";
    }

    @GetMapping("/{connection}")
    String terminal(@PathVariable UUID connection, @RequestParam(required = false) UUID session,
                    @RequestParam(defaultValue = "false") boolean screenReader, CurrentUser user,
                    HttpServletRequest request, Model model) {
        ConsoleContext context = new ConsoleContext(user, request.getSession().getId(), connection);
        ConnectionProfile profile = consoles.connection(context);
        model.addAttribute("connection", profile);
        // Not "session": Thymeleaf reserves that name for the HTTP session.
        model.addAttribute("reattach", session == null ? "" : session.toString());
        model.addAttribute("socket", "/console/" + profile.id() + "/socket");
        model.addAttribute("eof", profile.telnet().eof());
        model.addAttribute("texts", json.writeValueAsString(texts()));
        model.addAttribute("consolePage", true);
        model.addAttribute("screenReader", screenReader);
        return "console/terminal";
    }

    @PostMapping("/sessions/{id}/end")
    String end(@PathVariable UUID id, CurrentUser user, RedirectAttributes redirect) {
        consoles.end(id, user);
        redirect.addFlashAttribute("notice", "console.session.endedNotice");
        return "redirect:/console";
    }

    @GetMapping("/sessions/{id}")
    String recording(@PathVariable UUID id, CurrentUser user, Model model) {
        ConsoleSessionInfo session = consoles.session(id, user);
        model.addAttribute("recording", session);
        model.addAttribute("playerPage", true);
        return "console/recording";
    }

    @GetMapping("/sessions/{id}/recording.cast")
    void cast(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean download, CurrentUser user,
              HttpServletResponse response) throws IOException {
        ConsoleSessionInfo session = consoles.session(id, user);
        response.setContentType("application/x-asciicast");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        if (download) {
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename("console-" + session.startedAt().toString().replace(':', '-') + ".cast")
                    .build().toString());
        }
        consoles.writeRecording(id, user, response.getOutputStream());
    }

    @ExceptionHandler(ConsoleRefused.class)
    @ResponseStatus(org.springframework.http.HttpStatus.NOT_FOUND)
    String refused(ConsoleRefused refused, Model model) {
        model.addAttribute("message", refused.messageKey());
        return "console/problem";
    }

    /** What the terminal says, in the page's language (PROTOCOL.md, 3): the console.text.* keys without the prefix. */
    private Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : TEXTS) {
            texts.put(key, text("console.text." + key));
        }
        for (EndReason reason : EndReason.values()) {
            texts.put("ended." + reason.name(), text(reason.messageKey()));
        }
        return texts;
    }

    private String text(String key) {
        // Without arguments: a {0} reaches the script as it is (it fills it in).
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }
}
