package dev.postern.mail.web;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.postern.mail.MailUnavailable;
import dev.postern.mail.MessageNotFound;
import dev.postern.upstream.ConnectionNotFound;

/**
 * What the mail pages show when the folder, message or connection is not there (404, saying no more than that), or
 * when the mail server failed: its status in the gateway's vocabulary and its own words (502).
 */
@ControllerAdvice(assignableTypes = {MailController.class, MessageController.class, ComposeController.class,
        MailEventsController.class})
class MailErrorPages {

    @ExceptionHandler({MessageNotFound.class, ConnectionNotFound.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    @ExceptionHandler(MailUnavailable.class)
    @ResponseStatus(HttpStatus.BAD_GATEWAY)
    String unavailable(MailUnavailable failure, Model model) {
        model.addAttribute("status", failure.status());
        model.addAttribute("detail", failure.detail());
        return "mail/unavailable";
    }
}
