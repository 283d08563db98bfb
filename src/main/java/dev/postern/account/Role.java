package dev.postern.account;

/** What a user may do: every user has USER; ADMIN adds the administration pages. */
public enum Role {
    USER,
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
