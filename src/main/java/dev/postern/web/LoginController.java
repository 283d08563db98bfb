package dev.postern.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.postern.account.AccountProperties;

/** The sign-in page; the form posts to Spring Security's {@code /login}. */
@Controller
class LoginController {

    private final AccountProperties accounts;

    LoginController(AccountProperties accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) Long wait,
                 Authentication authentication, Model model) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        if (error != null) {
            String reason = switch (error) {
                case "locked", "throttled", "disabled" -> error;
                default -> "bad";
            };
            model.addAttribute("error", reason);
            model.addAttribute("lockMinutes", accounts.lockout().duration().toMinutes());
            model.addAttribute("wait", wait == null || wait < 1 ? 1 : Math.min(wait, 86_400));
        }
        return "login";
    }
}
