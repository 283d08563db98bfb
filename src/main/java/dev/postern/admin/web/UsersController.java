package dev.postern.admin.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.NewUser;
import dev.postern.account.Role;
import dev.postern.account.UserAccount;
import dev.postern.platform.FormErrors;
import dev.postern.platform.InvalidInput;

/** Admins list, create, disable and re-enable users, set their roles, reset passwords and lift lockouts. */
@Controller
@RequestMapping("/admin/users")
class UsersController {

    private final AccountManagement accounts;

    UsersController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    public static class NewUserForm {
        private String username = "";
        private String displayName = "";
        private String password = "";
        private boolean admin;

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getDisplayName() {
            return displayName;
        }

        public void setDisplayName(String displayName) {
            this.displayName = displayName;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public boolean isAdmin() {
            return admin;
        }

        public void setAdmin(boolean admin) {
            this.admin = admin;
        }
    }

    public record UserRow(UserAccount account, boolean locked) {
    }

    @GetMapping
    String list(CurrentUser admin, Model model) {
        List<UserRow> rows = accounts.list(admin).stream()
                .map(user -> new UserRow(user, accounts.lockedUntil(user.username()).isPresent())).toList();
        model.addAttribute("users", rows);
        return "admin/users";
    }

    @GetMapping("/new")
    String newUser(Model model) {
        model.addAttribute("form", new NewUserForm());
        model.addAttribute("minLength", accounts.passwordMinLength());
        return "admin/user-new";
    }

    @PostMapping
    String create(@ModelAttribute("form") NewUserForm form, BindingResult binding, CurrentUser admin, Model model,
                  RedirectAttributes redirect) {
        try {
            UserAccount created = accounts.create(new NewUser(form.getUsername(), form.getDisplayName(),
                    form.getPassword(), form.isAdmin() ? EnumSet.of(Role.USER, Role.ADMIN) : EnumSet.of(Role.USER)), admin);
            redirect.addFlashAttribute("notice", "admin.users.created.notice");
            redirect.addFlashAttribute("noticeArgument", created.username());
            return "redirect:/admin/users";
        } catch (InvalidInput invalid) {
            FormErrors.reject(binding, invalid);
            form.setPassword("");
            model.addAttribute("minLength", accounts.passwordMinLength());
            return "admin/user-new";
        }
    }

    @GetMapping("/{id}")
    String user(@PathVariable long id, CurrentUser admin, Model model) {
        return userPage(id, admin, model);
    }

    @PostMapping("/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, CurrentUser admin, Model model,
                      RedirectAttributes redirect) {
        return act(id, admin, model, redirect, enabled ? "admin.users.enabled.notice" : "admin.users.disabled.notice",
                () -> accounts.setEnabled(id, enabled, admin));
    }

    @PostMapping("/{id}/roles")
    String setRoles(@PathVariable long id, @RequestParam(defaultValue = "false") boolean admin, CurrentUser by,
                    Model model, RedirectAttributes redirect) {
        Set<Role> roles = admin ? EnumSet.of(Role.USER, Role.ADMIN) : EnumSet.of(Role.USER);
        return act(id, by, model, redirect, "admin.users.rolesChanged", () -> accounts.setRoles(id, roles, by));
    }

    @PostMapping("/{id}/password")
    String resetPassword(@PathVariable long id, @RequestParam String password, CurrentUser admin, Model model,
                         RedirectAttributes redirect) {
        return act(id, admin, model, redirect, "admin.users.passwordReset",
                () -> accounts.resetPassword(id, password, admin));
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable long id, CurrentUser admin, Model model, RedirectAttributes redirect) {
        return act(id, admin, model, redirect, "admin.users.unlocked", () -> accounts.unlock(id, admin));
    }

    private String act(long id, CurrentUser admin, Model model, RedirectAttributes redirect, String notice,
                       Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
            return "redirect:/admin/users/" + id;
        } catch (InvalidInput invalid) {
            model.addAttribute("problems", invalid.problems());
            return userPage(id, admin, model);
        }
    }

    private String userPage(long id, CurrentUser admin, Model model) {
        UserAccount user = accounts.list(admin).stream().filter(u -> u.id() == id).findFirst()
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND));
        model.addAttribute("user", user);
        model.addAttribute("self", user.id() == admin.id());
        model.addAttribute("lockedUntil", accounts.lockedUntil(user.username()).orElse(null));
        model.addAttribute("minLength", accounts.passwordMinLength());
        return "admin/user";
    }
}
