package dev.postern.testing;

import java.util.EnumSet;
import java.util.UUID;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.NewUser;
import dev.postern.account.Role;
import dev.postern.account.UserAccount;

/** Users made straight through the account facade, for tests whose subject is not how users are made. */
public final class TestUsers {

    /** The password of every user made here (once it is no longer temporary). */
    public static final String PASSWORD = "Correct-Horse-Battery-9";
    private static final String TEMPORARY = "Temporary-Lantern-Key-5";

    private TestUsers() {
    }

    /** A user name no other test uses: the prefix and a random suffix. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A user (role USER) who has already chosen the password {@link #PASSWORD}; returns the user name. */
    public static String create(AccountManagement accounts, String prefix) {
        String username = uniqueName(prefix);
        UserAccount created = accounts.create(new NewUser(username, "", TEMPORARY, EnumSet.of(Role.USER)),
                admin(accounts));
        accounts.changePassword(new CurrentUser(created.id(), created.username(), false, "127.0.0.1"), TEMPORARY,
                PASSWORD, null);
        return created.username();
    }

    /** The user, as the acting user of facade calls. */
    public static CurrentUser as(AccountManagement accounts, String username) {
        UserAccount user = accounts.findByUsername(username).orElseThrow();
        return new CurrentUser(user.id(), user.username(), user.admin(), "127.0.0.1");
    }

    /** The configured admin, as the acting user of facade calls. */
    public static CurrentUser admin(AccountManagement accounts) {
        return as(accounts, PosternTestConfiguration.ADMIN);
    }
}
