package dev.postern.admin.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.postern.account.CurrentUser;
import dev.postern.upstream.Connections;

/** The master key that protects stored passwords: which key protects how many, and re-encryption after a change. */
@Controller
@RequestMapping("/admin/keys")
class KeysController {

    private final Connections connections;

    KeysController(Connections connections) {
        this.connections = connections;
    }

    @GetMapping
    String keys(CurrentUser admin, Model model) {
        model.addAttribute("currentKey", connections.currentKeyId());
        model.addAttribute("secretsByKey", connections.secretsByKey(admin));
        return "admin/keys";
    }

    @PostMapping("/reencrypt")
    String reencrypt(CurrentUser admin, RedirectAttributes redirect) {
        Connections.Reencryption result = connections.reencryptSecrets(admin);
        redirect.addFlashAttribute("reencrypted", result.reencrypted());
        redirect.addFlashAttribute("unreadable", result.unreadable());
        return "redirect:/admin/keys";
    }
}
