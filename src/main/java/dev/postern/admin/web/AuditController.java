package dev.postern.admin.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.audit.Outcome;

/** The audit log, filtered and paged, and a check of its hash chain. */
@Controller
@RequestMapping("/admin/audit")
class AuditController {

    private static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                 @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
        Outcome chosenOutcome = parseOutcome(outcome);
        Instant fromInstant = parseDay(from, 0);
        Instant toInstant = parseDay(to, 1);
        int safePage = Math.max(0, Math.min(page, 100_000));
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("outcome", chosenOutcome == null ? "" : chosenOutcome.name());
        model.addAttribute("from", fromInstant == null ? "" : from);
        model.addAttribute("to", toInstant == null ? "" : to);
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("result", audit.search(new AuditQuery(blankToNull(actor), blankToNull(action), chosenOutcome,
                fromInstant, toInstant, safePage, PAGE_SIZE)));
        return "admin/audit";
    }

    @PostMapping("/verify")
    String verify(Model model) {
        model.addAttribute("verification", audit.verify());
        return audit(null, null, null, null, null, 0, model);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Outcome parseOutcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Outcome.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A yyyy-mm-dd day as the instant it starts (UTC), plus the given number of days; null when blank or malformed. */
    private static Instant parseDay(String value, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
