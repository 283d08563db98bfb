package dev.postern.account;

/** The audit log's names for what happens to accounts. */
public final class AccountActions {

    public static final String LOGIN = "account.login";
    public static final String LOGOUT = "account.logout";
    public static final String LOCKED = "account.locked";
    public static final String UNLOCKED = "account.unlocked";
    public static final String PASSWORD_CHANGED = "account.password_changed";
    public static final String PASSWORD_RESET = "account.password_reset";
    public static final String USER_CREATED = "account.user_created";
    public static final String USER_ENABLED = "account.user_enabled";
    public static final String USER_DISABLED = "account.user_disabled";
    public static final String ROLES_CHANGED = "account.roles_changed";
    public static final String PREFERENCES_CHANGED = "account.preferences_changed";

    private AccountActions() {
    }
}
