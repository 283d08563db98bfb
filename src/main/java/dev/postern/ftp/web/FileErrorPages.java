package dev.postern.ftp.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.postern.ftp.FtpUnavailable;
import dev.postern.ftp.InvalidPath;
import dev.postern.upstream.ConnectionNotFound;

/**
 * What the file pages and downloads show when the connection or entry is not there (404, saying no more), when
 * Postern refused a path (400, saying why), or when the FTP server failed: its status in the gateway's vocabulary
 * and its own words.
 */
@ControllerAdvice(assignableTypes = {FilesController.class, FileDownloads.class})
class FileErrorPages {

    private final MessageSource messages;

    FileErrorPages(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler({ConnectionNotFound.class, NoSuchEntry.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    @ExceptionHandler(InvalidPath.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalidPath(InvalidPath refused, Model model) {
        model.addAttribute("title", "files.invalid.title");
        model.addAttribute("message", messages.getMessage(new DefaultMessageSourceResolvable(
                new String[]{refused.messageKey(), "files.path.invalid"}, refused.arguments(), null), LocaleContextHolder.getLocale()));
        return "files/problem";
    }

    @ExceptionHandler(FtpUnavailable.class)
    String unavailable(FtpUnavailable failure, HttpServletResponse response, Model model) {
        response.setStatus(failure.status().httpStatus() >= 400 ? failure.status().httpStatus() : 502);
        model.addAttribute("title", "files.unavailable.title");
        model.addAttribute("message", messages.getMessage(failure.status().messageKey(), null,
                LocaleContextHolder.getLocale()));
        model.addAttribute("detail", failure.detail());
        model.addAttribute("hint", true);
        return "files/problem";
    }
}
