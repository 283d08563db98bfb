package dev.postern.account.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import dev.postern.account.UserAccount;

/** The principal kept in the (database-backed) HTTP session after sign-in; its password hash is erased then. */
public final class PosternUserDetails implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final String username;
    private String passwordHash;
    private final boolean enabled;
    private final boolean admin;
    private final List<SimpleGrantedAuthority> authorities;

    PosternUserDetails(UserAccount account, String passwordHash) {
        this.id = account.id();
        this.username = account.username();
        this.passwordHash = passwordHash;
        this.enabled = account.enabled();
        this.admin = account.admin();
        this.authorities = account.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList();
    }

    public long id() {
        return id;
    }

    public boolean admin() {
        return admin;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PosternUserDetails that && that.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "PosternUserDetails[" + username + "]";
    }
}
