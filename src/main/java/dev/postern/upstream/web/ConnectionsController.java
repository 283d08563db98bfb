package dev.postern.upstream.web;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.postern.account.CurrentUser;
import dev.postern.platform.FormErrors;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.Charsets;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionNotFound;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;

/** Pages to create, edit, test and delete connections, and (for admins) to grant shared ones. */
@Controller
@RequestMapping("/connections")
class ConnectionsController {

    private final Connections connections;

    ConnectionsController(Connections connections) {
        this.connections = connections;
    }

    @GetMapping("/new")
    String newConnection(@RequestParam(defaultValue = "mail") String kind, Model model) {
        ConnectionKind chosen = parseKind(kind);
        return form(model, ConnectionForm.blank(chosen), null);
    }

    @PostMapping
    String create(@ModelAttribute("form") ConnectionForm form, BindingResult binding, CurrentUser user, Model model,
                  RedirectAttributes redirect) {
        if (form.getKind() == null) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown kind");
        }
        if (binding.hasErrors()) {
            form.setPassword("");
            return form(model, form, null);
        }
        try {
            ConnectionProfile created = connections.create(form.toDraft(), user);
            redirect.addFlashAttribute("notice", "connection.created");
            redirect.addFlashAttribute("noticeArgument", created.name());
            return "redirect:/";
        } catch (InvalidInput invalid) {
            FormErrors.reject(binding, invalid);
            form.setPassword("");
            return form(model, form, null);
        }
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, CurrentUser user, Model model) {
        ConnectionProfile profile = manageable(id, user);
        return form(model, ConnectionForm.of(profile), profile);
    }

    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @ModelAttribute("form") ConnectionForm form, BindingResult binding,
                  CurrentUser user, Model model, RedirectAttributes redirect) {
        ConnectionProfile profile = manageable(id, user);
        form.setKind(profile.kind());
        form.setShared(profile.shared());
        if (binding.hasErrors()) {
            form.setPassword("");
            return form(model, form, profile);
        }
        try {
            ConnectionProfile updated = connections.update(id, form.toDraft(), user);
            redirect.addFlashAttribute("notice", "connection.updated");
            redirect.addFlashAttribute("noticeArgument", updated.name());
            return "redirect:/";
        } catch (InvalidInput invalid) {
            FormErrors.reject(binding, invalid);
            form.setPassword("");
            return form(model, form, profile);
        }
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable UUID id, CurrentUser user, Model model) {
        model.addAttribute("connection", manageable(id, user));
        return "connections/delete";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, CurrentUser user, RedirectAttributes redirect) {
        ConnectionProfile profile = manageable(id, user);
        connections.delete(id, user);
        redirect.addFlashAttribute("notice", "connection.deleted");
        redirect.addFlashAttribute("noticeArgument", profile.name());
        return "redirect:/";
    }

    @PostMapping("/{id}/test")
    String test(@PathVariable UUID id, CurrentUser user, Model model) {
        ConnectionProfile profile = connections.get(id, user);
        ProbeReport report = connections.test(id, user);
        model.addAttribute("connection", profile);
        model.addAttribute("report", report);
        model.addAttribute("manageable", connections.mayManage(profile, user));
        return "connections/test";
    }

    @GetMapping("/{id}/grants")
    String grants(@PathVariable UUID id, CurrentUser user, Model model) {
        model.addAttribute("connection", manageable(id, user));
        model.addAttribute("grants", connections.grants(id, user));
        return "connections/grants";
    }

    @PostMapping("/{id}/grants")
    String grant(@PathVariable UUID id, @RequestParam String username, CurrentUser user, Model model,
                 RedirectAttributes redirect) {
        try {
            connections.grant(id, username, user);
            redirect.addFlashAttribute("notice", "connection.granted");
            redirect.addFlashAttribute("noticeArgument", username.strip());
            return "redirect:/connections/" + id + "/grants";
        } catch (InvalidInput invalid) {
            model.addAttribute("connection", manageable(id, user));
            model.addAttribute("grants", connections.grants(id, user));
            model.addAttribute("grantError", invalid.problems().getFirst().messageKey());
            model.addAttribute("username", username);
            return "connections/grants";
        }
    }

    @PostMapping("/{id}/grants/{userId}/delete")
    String revoke(@PathVariable UUID id, @PathVariable long userId, CurrentUser user, RedirectAttributes redirect) {
        connections.revoke(id, userId, user);
        redirect.addFlashAttribute("notice", "connection.revoked");
        return "redirect:/connections/" + id + "/grants";
    }

    @ExceptionHandler(ConnectionNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(HttpServletResponse response) {
        return "error/404";
    }

    private ConnectionProfile manageable(UUID id, CurrentUser user) {
        ConnectionProfile profile = connections.get(id, user);
        if (!connections.mayManage(profile, user)) {
            throw new org.springframework.security.access.AccessDeniedException("not yours to change");
        }
        return profile;
    }

    private String form(Model model, ConnectionForm form, ConnectionProfile existing) {
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        model.addAttribute("securities", form.getKind() == ConnectionKind.TELNET
                ? List.of(Security.NONE) : Arrays.asList(Security.values()));
        model.addAttribute("retrievals", RetrievalProtocol.values());
        model.addAttribute("charsets", form.getKind() == ConnectionKind.TELNET ? Charsets.TERMINALS : Charsets.FILE_NAMES);
        return "connections/form";
    }

    private static ConnectionKind parseKind(String kind) {
        try {
            return ConnectionKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown kind");
        }
    }
}
