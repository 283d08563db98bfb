package dev.postern.account.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.postern.platform.InvalidInput.Problem;
import dev.postern.account.AccountProperties;

/**
 * What a password must be: long enough (length counts far more than character classes, as NIST SP 800-63B says),
 * not the user name, not a well-known password, not one character or a run of keys repeated.
 */
@Component
public class PasswordPolicy {

    static final int MAX_LENGTH = 256;

    private final int minLength;
    private final Set<String> common;

    PasswordPolicy(AccountProperties properties) {
        this.minLength = properties.password().minLength();
        this.common = load("account/common-passwords.txt");
    }

    public int minLength() {
        return minLength;
    }

    /** The problems with the password, as message keys for the given form field; empty when it is acceptable. */
    public List<Problem> check(String field, String username, String password) {
        List<Problem> problems = new ArrayList<>();
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            problems.add(new Problem(field, "password.tooShort", minLength));
            return problems;
        }
        if (password.length() > MAX_LENGTH) {
            problems.add(new Problem(field, "password.tooLong", MAX_LENGTH));
            return problems;
        }
        if (password.chars().anyMatch(c -> c == 0 || c == '\r' || c == '\n')) {
            problems.add(new Problem(field, "password.controlCharacters"));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            problems.add(new Problem(field, "password.containsUsername"));
        }
        if (common.contains(lower) || password.codePoints().distinct().count() < 5 || isKeyRun(lower)) {
            problems.add(new Problem(field, "password.tooCommon"));
        }
        return problems;
    }

    /** "123456789012", "abcdefghijkl", "qwertyuiop[]": each character one step from the one before. */
    private static boolean isKeyRun(String password) {
        for (String row : List.of("1234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")) {
            String doubled = row + row;
            String reversed = new StringBuilder(doubled).reverse().toString();
            int runLength = 0;
            for (int i = 0; i + 1 < password.length(); i++) {
                String pair = password.substring(i, i + 2);
                if (doubled.contains(pair) || reversed.contains(pair)) {
                    runLength++;
                }
            }
            if (runLength >= password.length() - 2) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).forEach(words::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
