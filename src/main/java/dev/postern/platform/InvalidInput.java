package dev.postern.platform;

import java.util.List;

/**
 * Input that a facade refuses, changing nothing. Each problem is a message key with the form field it concerns (or
 * null for the request as a whole), so that pages show it beside the field and the API lists it in the problem detail.
 */
public class InvalidInput extends RuntimeException {

    public record Problem(String field, String messageKey, Object... arguments) {
    }

    private final List<Problem> problems;

    public InvalidInput(List<Problem> problems) {
        super(problems.stream().map(p -> (p.field() == null ? "" : p.field() + ": ") + p.messageKey()).toList().toString());
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems given");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidInput(String field, String messageKey, Object... arguments) {
        this(List.of(new Problem(field, messageKey, arguments)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
