package dev.postern.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.UserAccount;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.platform.FormErrors;
import dev.postern.platform.InvalidInput;

/** The signed-in user's own pages: password, preferences (name, language) and recent activity. */
@Controller
@RequestMapping("/account")
class AccountController {

    private final AccountManagement accounts;
    private final AuditLog audit;
    private final LocaleResolver locales;

    AccountController(AccountManagement accounts, AuditLog audit, LocaleResolver locales) {
        this.accounts = accounts;
        this.audit = audit;
        this.locales = locales;
    }

    public static class PasswordForm {
        private String currentPassword = "";
        private String newPassword = "";
        private String confirmPassword = "";

        public String getCurrentPassword() {
            return currentPassword;
        }

        public void setCurrentPassword(String currentPassword) {
            this.currentPassword = currentPassword;
        }

        public String getNewPassword() {
            return newPassword;
        }

        public void setNewPassword(String newPassword) {
            this.newPassword = newPassword;
        }

        public String getConfirmPassword() {
            return confirmPassword;
        }

        public void setConfirmPassword(String confirmPassword) {
            this.confirmPassword = confirmPassword;
        }
    }

    public static class PreferencesForm {
        private String displayName = "";
        private String locale = "";

        public String getDisplayName() {
            return displayName;
        }

        public void setDisplayName(String displayName) {
            this.displayName = displayName;
        }

        public String getLocale() {
            return locale;
        }

        public void setLocale(String locale) {
            this.locale = locale;
        }
    }

    @GetMapping("/password")
    String passwordForm(Model model, HttpSession session) {
        model.addAttribute("form", new PasswordForm());
        return passwordPage(model, session);
    }

    @PostMapping("/password")
    String changePassword(@ModelAttribute("form") PasswordForm form, BindingResult binding, CurrentUser user,
                          HttpSession session, Model model, RedirectAttributes redirect) {
        if (!form.getNewPassword().equals(form.getConfirmPassword())) {
            binding.rejectValue("confirmPassword", "password.mismatch");
        } else {
            try {
                accounts.changePassword(user, form.getCurrentPassword(), form.getNewPassword(), session.getId());
                session.removeAttribute(AccountManagement.MUST_CHANGE_PASSWORD_SESSION);
                redirect.addFlashAttribute("notice", "password.changed");
                return "redirect:/";
            } catch (InvalidInput invalid) {
                FormErrors.reject(binding, invalid);
            }
        }
        form.setCurrentPassword("");
        form.setNewPassword("");
        form.setConfirmPassword("");
        return passwordPage(model, session);
    }

    private String passwordPage(Model model, HttpSession session) {
        model.addAttribute("minLength", accounts.passwordMinLength());
        model.addAttribute("mustChange", Boolean.TRUE.equals(session.getAttribute(AccountManagement.MUST_CHANGE_PASSWORD_SESSION)));
        return "account/password";
    }

    @GetMapping("/preferences")
    String preferences(CurrentUser user, Model model) {
        UserAccount account = accounts.find(user.id()).orElseThrow();
        PreferencesForm form = new PreferencesForm();
        form.setDisplayName(account.displayName());
        form.setLocale(account.locale() == null ? "" : account.locale());
        model.addAttribute("form", form);
        model.addAttribute("account", account);
        return "account/preferences";
    }

    @PostMapping("/preferences")
    String savePreferences(@ModelAttribute("form") PreferencesForm form, BindingResult binding, CurrentUser user,
                           HttpServletRequest request, HttpServletResponse response, Model model,
                           RedirectAttributes redirect) {
        try {
            accounts.updatePreferences(user, form.getDisplayName(), form.getLocale());
        } catch (InvalidInput invalid) {
            FormErrors.reject(binding, invalid);
            model.addAttribute("account", accounts.find(user.id()).orElseThrow());
            return "account/preferences";
        }
        locales.setLocale(request, response,
                form.getLocale() == null || form.getLocale().isBlank() ? null : java.util.Locale.forLanguageTag(form.getLocale()));
        redirect.addFlashAttribute("notice", "preferences.saved");
        return "redirect:/account/preferences";
    }

    @GetMapping("/activity")
    String activity(CurrentUser user, Model model) {
        model.addAttribute("events", audit.search(AuditQuery.byActor(user.username())).events());
        return "account/activity";
    }
}
