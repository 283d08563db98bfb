package dev.postern.admin.web;

import java.net.UnknownHostException;

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

import dev.postern.account.CurrentUser;
import dev.postern.platform.FormErrors;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.UpstreamPolicy;

/** The upstream policy: allow rules, and a check of where a host:port would lead. */
@Controller
@RequestMapping("/admin/policy")
class PolicyController {

    private final UpstreamPolicy policy;

    PolicyController(UpstreamPolicy policy) {
        this.policy = policy;
    }

    public static class RuleForm {
        private String protocol = "";
        private String hostPattern = "";
        private int portFrom = 1;
        private int portTo = 65535;
        private String description = "";

        public String getProtocol() {
            return protocol;
        }

        public void setProtocol(String protocol) {
            this.protocol = protocol;
        }

        public String getHostPattern() {
            return hostPattern;
        }

        public void setHostPattern(String hostPattern) {
            this.hostPattern = hostPattern;
        }

        public int getPortFrom() {
            return portFrom;
        }

        public void setPortFrom(int portFrom) {
            this.portFrom = portFrom;
        }

        public int getPortTo() {
            return portTo;
        }

        public void setPortTo(int portTo) {
            this.portTo = portTo;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }
    }

    @GetMapping
    String policy(Model model) {
        model.addAttribute("form", new RuleForm());
        return page(model);
    }

    @PostMapping("/rules")
    String addRule(@ModelAttribute("form") RuleForm form, BindingResult binding, CurrentUser admin, Model model,
                   RedirectAttributes redirect) {
        Protocol protocol = parseProtocol(form.getProtocol());
        if (binding.hasErrors()) {
            return page(model);
        }
        if (protocol == null && !form.getProtocol().isBlank()) {
            binding.rejectValue("protocol", "policy.protocol.invalid");
            return page(model);
        }
        try {
            policy.addRule(protocol, form.getHostPattern(), form.getPortFrom(), form.getPortTo(), form.getDescription(),
                    admin);
            redirect.addFlashAttribute("notice", "policy.ruleAdded");
            return "redirect:/admin/policy";
        } catch (InvalidInput invalid) {
            FormErrors.reject(binding, invalid);
            return page(model);
        }
    }

    @PostMapping("/rules/{id}/delete")
    String removeRule(@PathVariable long id, CurrentUser admin, RedirectAttributes redirect) {
        policy.removeRule(id, admin);
        redirect.addFlashAttribute("notice", "policy.ruleRemoved");
        return "redirect:/admin/policy";
    }

    @GetMapping("/check")
    String check(@RequestParam String protocol, @RequestParam String host, @RequestParam int port, Model model) {
        model.addAttribute("form", new RuleForm());
        Protocol chosen = parseProtocol(protocol);
        model.addAttribute("checkProtocol", protocol);
        model.addAttribute("checkHost", host);
        model.addAttribute("checkPort", port);
        if (chosen == null || port < 1 || port > 65535) {
            model.addAttribute("checkError", "policy.check.invalid");
        } else {
            try {
                model.addAttribute("decision", policy.evaluate(chosen, host, port));
            } catch (UnknownHostException e) {
                model.addAttribute("checkError", "upstream.status.UNKNOWN_HOST");
            }
        }
        return page(model);
    }

    private String page(Model model) {
        model.addAttribute("rules", policy.rules());
        model.addAttribute("protocols", Protocol.values());
        model.addAttribute("publicOpen", policy.publicHostsOpen());
        return "admin/policy";
    }

    private static Protocol parseProtocol(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Protocol.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
