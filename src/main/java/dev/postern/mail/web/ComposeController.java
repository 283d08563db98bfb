package dev.postern.mail.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.postern.account.CurrentUser;
import dev.postern.mail.Draft;
import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MailContext;
import dev.postern.mail.MailRejected;
import dev.postern.mail.Mailboxes;
import dev.postern.mail.Sent;
import dev.postern.mail.Submission;
import dev.postern.mail.internal.DraftFiles;
import dev.postern.platform.FormErrors;
import dev.postern.platform.InvalidInput;

/**
 * Writing a message: new, reply, reply-all, forward or a draft carried on; attachments uploaded to the compose
 * workspace (spooled to disk); saved to Drafts by the button and, from the page's script, while typing; sent over
 * SMTP with a copy in Sent.
 */
@Controller
@RequestMapping("/mail/{connection}/compose")
class ComposeController {

    private final Submission submission;
    private final Mailboxes mailboxes;
    private final DraftFiles files;

    ComposeController(Submission submission, Mailboxes mailboxes, DraftFiles files) {
        this.submission = submission;
        this.mailboxes = mailboxes;
        this.files = files;
    }

    @GetMapping
    String compose(@PathVariable UUID connection, @RequestParam(required = false) String folder,
                   @RequestParam(required = false) String reply, @RequestParam(required = false) String replyAll,
                   @RequestParam(required = false) String forward, @RequestParam(required = false) String draft,
                   @RequestParam(required = false) String to, CurrentUser user, HttpServletRequest request,
                   Model model) throws IOException {
        MailContext context = MailController.context(user, request, connection);
        String compose = DraftFiles.newComposeId();
        ComposeForm form = new ComposeForm();
        form.setCompose(compose);
        Draft start;
        if (reply != null || replyAll != null) {
            String id = reply != null ? reply : replyAll;
            start = submission.reply(context, folder, id, replyAll != null, LocaleContextHolder.getLocale());
            form.setAnsweredFolder(folder);
            form.setAnsweredId(id);
        } else if (forward != null) {
            start = submission.forward(context, folder, forward, LocaleContextHolder.getLocale());
        } else if (draft != null) {
            start = submission.draft(context, folder, draft);
            form.setDraftId(draft);
        } else {
            start = submission.blank(context);
            if (to != null) {
                start = new Draft(start.from(), Submission.parseAddresses("to", to), List.of(), List.of(), "", "",
                        null, List.of(), null, List.of());
            }
        }
        // Attachments from the server (a forward's, a draft's) are copied into the workspace now, streamed to disk.
        for (DraftAttachment attachment : start.attachments()) {
            try (InputStream in = attachment.source().open()) {
                files.store(context.sessionKey(), compose, attachment.filename(), attachment.contentType(), in);
            }
        }
        form.setTo(Submission.formatAddresses(start.to()));
        form.setCc(Submission.formatAddresses(start.cc()));
        form.setBcc(Submission.formatAddresses(start.bcc()));
        form.setSubject(start.subject());
        form.setBody(start.text());
        form.setHtml(start.html() == null ? "" : start.html());
        form.setInReplyTo(start.inReplyTo() == null ? "" : start.inReplyTo());
        form.setReferences(String.join(" ", start.references()));
        return page(context, form, model);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String submit(@PathVariable UUID connection, @ModelAttribute("form") ComposeForm form, BindingResult binding,
                  @RequestParam(name = "upload", required = false) List<MultipartFile> uploads,
                  @RequestParam(defaultValue = "save") String action, CurrentUser user, HttpServletRequest request,
                  Model model, RedirectAttributes redirect) throws IOException {
        MailContext context = MailController.context(user, request, connection);
        try {
            store(context, form, uploads);
            if (action.startsWith("remove:")) {
                files.remove(context.sessionKey(), form.getCompose(), action.substring("remove:".length()));
                return page(context, form, model);
            }
            if (action.equals("attach")) {
                return page(context, form, model);
            }
            Draft draft = draft(context, form);
            if (action.equals("send")) {
                Sent sent = submission.send(context, form.getCompose(), draft, form.getDraftId(),
                        blankToNull(form.getAnsweredFolder()), blankToNull(form.getAnsweredId()));
                files.discard(context.sessionKey(), form.getCompose());
                redirect.addFlashAttribute("notice", sent.savedToSent() ? "mail.sentAndSaved" : "mail.sent");
                redirect.addFlashAttribute("noticeArgument", sent.recipients());
                return "redirect:/mail/" + connection;
            }
            if (action.equals("discard")) {
                submission.discard(context, form.getCompose(), form.getDraftId());
                files.discard(context.sessionKey(), form.getCompose());
                redirect.addFlashAttribute("notice", "mail.discarded");
                return "redirect:/mail/" + connection;
            }
            String saved = submission.saveDraft(context, form.getCompose(), draft, form.getDraftId());
            form.setDraftId(saved == null ? "" : saved);
            model.addAttribute("notice", "mail.draftSaved");
            return page(context, form, model);
        } catch (InvalidInput invalid) {
            FormErrors.reject(binding, invalid);
            return page(context, form, model);
        } catch (MailRejected rejected) {
            form.setDraftId(rejected.draftId() == null ? form.getDraftId() : rejected.draftId());
            model.addAttribute("rejected", rejected.serverReply());
            return page(context, form, model);
        }
    }

    /** Saves while the user types (the page's script); answers with the draft's new id. */
    @PostMapping(path = "/autosave", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, String>> autosave(@PathVariable UUID connection, @ModelAttribute ComposeForm form,
                                                 CurrentUser user, HttpServletRequest request) {
        MailContext context = MailController.context(user, request, connection);
        try {
            String saved = submission.saveDraft(context, form.getCompose(), draft(context, form), form.getDraftId());
            return ResponseEntity.ok(Map.of("draftId", saved == null ? "" : saved));
        } catch (InvalidInput invalid) {
            return ResponseEntity.unprocessableContent().body(Map.of("error", invalid.problems().getFirst().messageKey()));
        }
    }

    @GetMapping(path = "/addresses", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, String>> addresses(@RequestParam(defaultValue = "") String q, CurrentUser user) {
        List<Map<String, String>> found = new ArrayList<>();
        for (MailAddress address : submission.complete(user, q)) {
            found.add(Map.of("name", address.name(), "address", address.address(), "label", address.toString()));
        }
        return found;
    }

    private void store(MailContext context, ComposeForm form, List<MultipartFile> uploads) throws IOException {
        if (uploads == null) {
            return;
        }
        for (MultipartFile upload : uploads) {
            if (upload.isEmpty() && (upload.getOriginalFilename() == null || upload.getOriginalFilename().isBlank())) {
                continue;
            }
            try (InputStream in = upload.getInputStream()) {
                files.store(context.sessionKey(), form.getCompose(), upload.getOriginalFilename(),
                        upload.getContentType(), in);
            }
        }
    }

    private Draft draft(MailContext context, ComposeForm form) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        List<MailAddress> to = addresses("to", form.getTo(), problems);
        List<MailAddress> cc = addresses("cc", form.getCc(), problems);
        List<MailAddress> bcc = addresses("bcc", form.getBcc(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        List<String> references = form.getReferences().isBlank() ? List.of()
                : Arrays.stream(form.getReferences().trim().split("\\s+")).toList();
        String html = form.getHtml() == null || form.getHtml().isBlank() ? null : Submission.composedHtml(form.getHtml());
        String text = html != null && form.getBody().isBlank() ? Submission.htmlToText(html) : form.getBody();
        return new Draft(submission.identity(context), to, cc, bcc, form.getSubject(), text, html,
                files.attachments(context.sessionKey(), form.getCompose()), blankToNull(form.getInReplyTo()),
                references);
    }

    private static List<MailAddress> addresses(String field, String raw, List<InvalidInput.Problem> problems) {
        try {
            return Submission.parseAddresses(field, raw);
        } catch (InvalidInput invalid) {
            problems.addAll(invalid.problems());
            return List.of();
        }
    }

    private String page(MailContext context, ComposeForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("account", mailboxes.account(context));
        model.addAttribute("identity", submission.identity(context));
        model.addAttribute("attachments", files.list(context.sessionKey(), form.getCompose()));
        model.addAttribute("back", UriComponentsBuilder.fromPath("/mail/" + context.connectionId()).toUriString());
        return "mail/compose";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }


}
