package dev.postern.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.postern.platform.InvalidInput;

/**
 * Malformed requests that reach no form (a path id that is not a UUID, a missing parameter, input a facade refused
 * outside a form) get the 400 page rather than a stack trace.
 */
@ControllerAdvice
class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            InvalidInput.class})
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badRequest(Exception e) {
        log.debug("Bad request: {}", e.getMessage());
        return "error/400";
    }
}
