package dev.postern.account.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** User names are compared and stored in lower case: {@code Alice} and {@code alice} are one user. */
public final class Usernames {

    private static final Pattern VALID = Pattern.compile("^[a-z0-9][a-z0-9._@-]{1,63}$");

    private Usernames() {
    }

    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    public static boolean valid(String normalized) {
        return VALID.matcher(normalized).matches();
    }
}
