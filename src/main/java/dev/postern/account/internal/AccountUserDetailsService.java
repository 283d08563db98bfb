package dev.postern.account.internal;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Loads the sign-in principal by (case-insensitive) user name. */
class AccountUserDetailsService implements UserDetailsService {

    private final UserRepository users;

    AccountUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(Usernames.normalize(username))
                .map(stored -> new PosternUserDetails(stored.account(), stored.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
