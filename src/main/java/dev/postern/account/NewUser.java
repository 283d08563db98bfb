package dev.postern.account;

import java.util.Set;

/** What an admin gives to create a user; the user must change the password at first login. */
public record NewUser(String username, String displayName, String password, Set<Role> roles) {
}
