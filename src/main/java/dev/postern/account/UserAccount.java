package dev.postern.account;

import java.time.Instant;
import java.util.Set;

/** A user as the rest of Postern sees it (never with the password hash). */
public record UserAccount(long id, String username, String displayName, Set<Role> roles, boolean enabled,
                          boolean mustChangePassword, String locale, Instant createdAt) {

    public boolean admin() {
        return roles.contains(Role.ADMIN);
    }
}
