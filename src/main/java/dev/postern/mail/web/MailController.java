package dev.postern.mail.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.postern.account.CurrentUser;
import dev.postern.mail.MailContext;
import dev.postern.mail.MailboxView;
import dev.postern.mail.Mailboxes;
import dev.postern.mail.MessageNotFound;
import dev.postern.mail.MessageQuery;
import dev.postern.mail.MessageSort;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.ConnectionProfile;

/** The mailbox page: folders, a page of messages (or conversations, or search results) and what to do with them. */
@Controller
@RequestMapping("/mail")
class MailController {

    private final Mailboxes mailboxes;
    private final MessageRows rows;

    MailController(Mailboxes mailboxes, MessageRows rows) {
        this.mailboxes = mailboxes;
        this.rows = rows;
    }

    static MailContext context(CurrentUser user, HttpServletRequest request, UUID connection) {
        return new MailContext(user, request.getSession().getId(), connection);
    }

    @GetMapping
    String accounts(CurrentUser user, Model model) {
        List<ConnectionProfile> accounts = mailboxes.accounts(user);
        if (accounts.size() == 1) {
            return "redirect:/mail/" + accounts.getFirst().id();
        }
        model.addAttribute("accounts", accounts);
        return "mail/accounts";
    }

    @GetMapping("/switch")
    String switchAccount(@RequestParam UUID to) {
        return "redirect:/mail/" + to;
    }

    @GetMapping("/{connection}")
    String mailbox(@PathVariable UUID connection, @RequestParam(defaultValue = "INBOX") String folder,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "ARRIVAL") String sort,
                   @RequestParam(defaultValue = "false") boolean asc, @RequestParam(defaultValue = "list") String view,
                   @RequestParam(required = false) String q, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String subject, @RequestParam(required = false) String since,
                   @RequestParam(required = false) String before, @RequestParam(defaultValue = "false") boolean unread,
                   @RequestParam(defaultValue = "false") boolean flagged, CurrentUser user, HttpServletRequest request,
                   Model model) {
        MailContext context = context(user, request, connection);
        MessageSort order = parseSort(sort);
        MessageQuery query = new MessageQuery(q, from, null, subject, null, day(since), day(before), unread, flagged);
        MailboxView mailbox = mailboxes.mailbox(context, folder, page, order, asc, query, "threads".equals(view));
        model.addAttribute("account", mailbox.account());
        model.addAttribute("accounts", mailbox.accounts());
        model.addAttribute("hasFolders", mailbox.hasFolders());
        model.addAttribute("folders", mailbox.folders());
        model.addAttribute("folder", mailbox.folder());
        model.addAttribute("sort", order);
        model.addAttribute("asc", asc);
        model.addAttribute("view", mailbox.conversations() != null ? "threads" : "list");
        model.addAttribute("query", query);
        model.addAttribute("searching", mailbox.searching());
        model.addAttribute("sorts", MessageSort.values());
        model.addAttribute("columns", List.of("FROM", "SUBJECT", "DATE", "SIZE"));
        model.addAttribute("back", request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        if (mailbox.conversations() != null) {
            model.addAttribute("conversations", mailbox.conversations());
        } else {
            model.addAttribute("messages", mailbox.messages());
            model.addAttribute("rows", rows.html(mailbox.messages().messages(), mailbox.account().id(),
                    mailbox.folder().fullName(), LocaleContextHolder.getLocale()));
        }
        return "mail/mailbox";
    }

    private static List<String> values(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : List.of(values);
    }

    @PostMapping("/{connection}/actions")
    String act(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String action,
               @RequestParam(required = false) String target, @RequestParam(required = false) String back,
               CurrentUser user, HttpServletRequest request, RedirectAttributes redirect) {
        MailContext context = context(user, request, connection);
        // Read as sent: bound as a list, one value would be split at its commas, and a POP3 message id may hold one.
        List<String> ids = new java.util.ArrayList<>(values(request, "id"));
        // A selected conversation stands for all its messages (IMAP UIDs, joined with commas).
        values(request, "thread").forEach(thread -> ids.addAll(List.of(thread.split(","))));
        if (ids.isEmpty()) {
            redirect.addFlashAttribute("notice", "mail.nothingSelected");
            return "redirect:" + back(back, connection, folder);
        }
        String notice = switch (action) {
            case "read" -> {
                mailboxes.markSeen(context, folder, ids, true);
                yield "mail.markedRead";
            }
            case "unread" -> {
                mailboxes.markSeen(context, folder, ids, false);
                yield "mail.markedUnread";
            }
            case "flag" -> {
                mailboxes.markFlagged(context, folder, ids, true);
                yield "mail.flagged";
            }
            case "unflag" -> {
                mailboxes.markFlagged(context, folder, ids, false);
                yield "mail.unflagged";
            }
            case "delete" -> mailboxes.delete(context, folder, ids) ? "mail.deletedForGood" : "mail.movedToTrash";
            case "move" -> {
                mailboxes.move(context, folder, ids, target);
                yield "mail.moved";
            }
            case "copy" -> {
                mailboxes.copy(context, folder, ids, target);
                yield "mail.copied";
            }
            default -> throw new InvalidInput("action", "mail.action.invalid");
        };
        redirect.addFlashAttribute("notice", notice);
        redirect.addFlashAttribute("noticeArgument", ids.size());
        return "redirect:" + back(back, connection, folder);
    }

    @GetMapping("/{connection}/folders")
    String folders(@PathVariable UUID connection, CurrentUser user, HttpServletRequest request, Model model) {
        MailContext context = context(user, request, connection);
        model.addAttribute("account", mailboxes.account(context));
        model.addAttribute("folders", mailboxes.folders(context));
        return "mail/folders";
    }

    @PostMapping("/{connection}/folders")
    String createFolder(@PathVariable UUID connection, @RequestParam(required = false) String parent,
                        @RequestParam String name, CurrentUser user, HttpServletRequest request,
                        RedirectAttributes redirect) {
        String created = mailboxes.createFolder(context(user, request, connection), parent, name);
        redirect.addFlashAttribute("notice", "mail.folderCreated");
        redirect.addFlashAttribute("noticeArgument", created);
        return "redirect:/mail/" + connection + "/folders";
    }

    @PostMapping("/{connection}/folders/rename")
    String renameFolder(@PathVariable UUID connection, @RequestParam String folder, @RequestParam String name,
                        CurrentUser user, HttpServletRequest request, RedirectAttributes redirect) {
        String renamed = mailboxes.renameFolder(context(user, request, connection), folder, name);
        redirect.addFlashAttribute("notice", "mail.folderRenamed");
        redirect.addFlashAttribute("noticeArgument", renamed);
        return "redirect:/mail/" + connection + "/folders";
    }

    @PostMapping("/{connection}/folders/delete")
    String deleteFolder(@PathVariable UUID connection, @RequestParam String folder, CurrentUser user,
                        HttpServletRequest request, RedirectAttributes redirect) {
        mailboxes.deleteFolder(context(user, request, connection), folder);
        redirect.addFlashAttribute("notice", "mail.folderDeleted");
        redirect.addFlashAttribute("noticeArgument", folder);
        return "redirect:/mail/" + connection + "/folders";
    }

    @PostMapping("/{connection}/folders/subscribe")
    String subscribe(@PathVariable UUID connection, @RequestParam String folder, @RequestParam boolean subscribed,
                     CurrentUser user, HttpServletRequest request) {
        mailboxes.subscribe(context(user, request, connection), folder, subscribed);
        return "redirect:/mail/" + connection + "/folders";
    }



    /** Where to go back to: only a page of this mailbox, never another site. */
    static String back(String back, UUID connection, String folder) {
        String mailbox = "/mail/" + connection;
        if (back != null && (back.equals(mailbox) || back.startsWith(mailbox + "?")) && !back.contains("\r")
                && !back.contains("\n") && !back.contains("\\")) {
            return back;
        }
        return org.springframework.web.util.UriComponentsBuilder.fromPath(mailbox).queryParam("folder", folder)
                .encode().toUriString();
    }

    private static MessageSort parseSort(String sort) {
        try {
            return MessageSort.valueOf(sort.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return MessageSort.ARRIVAL;
        }
    }

    private static LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput("since", "mail.query.date");
        }
    }
}
