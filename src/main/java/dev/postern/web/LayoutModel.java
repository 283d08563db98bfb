package dev.postern.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;

/** What the layout shows on every page: who is signed in (null on the login and error pages). */
@ControllerAdvice
class LayoutModel {

    @ModelAttribute("me")
    CurrentUser me(HttpServletRequest request) {
        return AccountManagement.currentUser(SecurityContextHolder.getContext().getAuthentication(),
                request.getRemoteAddr()).orElse(null);
    }
}
