package dev.postern.admin.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin area's entry: its sections are users, policy, audit log and keys. */
@Controller
class AdminController {

    @GetMapping("/admin")
    String admin() {
        return "admin/index";
    }
}
