package dev.postern.account;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.postern.platform.InvalidInput;
import dev.postern.platform.InvalidInput.Problem;
import dev.postern.account.internal.LoginThrottle;
import dev.postern.account.internal.PasswordPolicy;
import dev.postern.account.internal.PosternUserDetails;
import dev.postern.account.internal.SessionRevocation;
import dev.postern.account.internal.UserRepository;
import dev.postern.account.internal.Usernames;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;

/**
 * Users and what they may change: their own password and language; admins create users, enable and disable them,
 * set their roles and reset their passwords. Every change is audited.
 */
@Service
public class AccountManagement {

    public static final Set<String> LOCALES = Set.of("en", "ko");

    /** HTTP session attribute that holds the user on the password page until a temporary password is replaced. */
    public static final String MUST_CHANGE_PASSWORD_SESSION = "postern.mustChangePassword";

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SessionRevocation sessions;

    AccountManagement(UserRepository users, PasswordEncoder encoder, PasswordPolicy policy, LoginThrottle throttle,
                      AuditLog audit, SessionRevocation sessions) {
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.throttle = throttle;
        this.audit = audit;
        this.sessions = sessions;
    }

    /** The signed-in user behind an authentication, as facades take it. */
    public static Optional<CurrentUser> currentUser(Authentication authentication, String clientIp) {
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof PosternUserDetails user) {
            return Optional.of(new CurrentUser(user.id(), user.getUsername(), user.admin(), clientIp));
        }
        return Optional.empty();
    }

    public Optional<UserAccount> find(long id) {
        return users.findById(id).map(UserRepository.StoredUser::account);
    }

    public Optional<UserAccount> findByUsername(String username) {
        return users.findByUsername(Usernames.normalize(username)).map(UserRepository.StoredUser::account);
    }

    public List<UserAccount> list(CurrentUser by) {
        requireAdmin(by);
        return users.findAll();
    }

    public int passwordMinLength() {
        return policy.minLength();
    }

    /** Problems with a prospective password, as message keys for the given field. */
    public List<Problem> checkPassword(String field, String username, String password) {
        return policy.check(field, username, password);
    }

    @Transactional
    public UserAccount create(NewUser request, CurrentUser by) {
        requireAdmin(by);
        String username = Usernames.normalize(request.username());
        String displayName = request.displayName() == null ? "" : request.displayName().strip();
        List<Problem> problems = new ArrayList<>();
        if (!Usernames.valid(username)) {
            problems.add(new Problem("username", "account.username.invalid"));
        } else if (users.exists(username)) {
            problems.add(new Problem("username", "account.username.taken"));
        }
        if (displayName.length() > 100 || displayName.chars().anyMatch(Character::isISOControl)) {
            problems.add(new Problem("displayName", "account.displayName.invalid"));
        }
        if (request.roles() == null || request.roles().isEmpty()) {
            problems.add(new Problem("roles", "account.roles.required"));
        }
        problems.addAll(policy.check("password", username, request.password()));
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        Set<Role> roles = withUser(request.roles());
        long id = users.insert(username, displayName, encoder.encode(request.password()), roles, true);
        audit.record(AuditEntry.of(by.username(), by.clientIp(), AccountActions.USER_CREATED, username, Outcome.SUCCESS)
                .with("roles", roles.stream().map(Role::name).sorted().toList()));
        return find(id).orElseThrow();
    }

    /** Creates a user without an acting admin: used once at start-up for the first admin. */
    @Transactional
    public UserAccount createInitialAdmin(String username, String password, boolean mustChangePassword) {
        long id = users.insert(Usernames.normalize(username), "", encoder.encode(password),
                EnumSet.of(Role.USER, Role.ADMIN), mustChangePassword);
        audit.record(AuditEntry.of(CurrentUser.SYSTEM, null, AccountActions.USER_CREATED, Usernames.normalize(username),
                Outcome.SUCCESS).with("roles", List.of("ADMIN", "USER")).with("initialAdmin", true));
        return find(id).orElseThrow();
    }

    public long countUsers() {
        return users.count();
    }

    @Transactional
    public void setEnabled(long userId, boolean enabled, CurrentUser by) {
        requireAdmin(by);
        UserAccount user = existing(userId);
        if (!enabled && user.id() == by.id()) {
            throw new InvalidInput(null, "account.cannotDisableSelf");
        }
        if (!enabled && user.admin() && user.enabled() && users.countEnabledAdmins() <= 1) {
            throw new InvalidInput(null, "account.lastAdmin");
        }
        users.updateEnabled(userId, enabled);
        if (!enabled) {
            sessions.revoke(user.username(), null);
        }
        audit.record(AuditEntry.of(by.username(), by.clientIp(),
                enabled ? AccountActions.USER_ENABLED : AccountActions.USER_DISABLED, user.username(), Outcome.SUCCESS));
    }

    @Transactional
    public void setRoles(long userId, Set<Role> roles, CurrentUser by) {
        requireAdmin(by);
        UserAccount user = existing(userId);
        Set<Role> newRoles = withUser(roles);
        boolean losesAdmin = user.admin() && !newRoles.contains(Role.ADMIN);
        if (losesAdmin && user.id() == by.id()) {
            throw new InvalidInput("roles", "account.cannotDemoteSelf");
        }
        if (losesAdmin && user.enabled() && users.countEnabledAdmins() <= 1) {
            throw new InvalidInput("roles", "account.lastAdmin");
        }
        users.updateRoles(userId, newRoles);
        if (!newRoles.equals(user.roles())) {
            // The roles live in each session's security context: make the user sign in again to pick them up.
            sessions.revoke(user.username(), null);
        }
        audit.record(AuditEntry.of(by.username(), by.clientIp(), AccountActions.ROLES_CHANGED, user.username(),
                Outcome.SUCCESS).with("roles", newRoles.stream().map(Role::name).sorted().toList()));
    }

    /** An admin sets a new password that the user must change at the next sign-in; also lifts a lockout. */
    @Transactional
    public void resetPassword(long userId, String newPassword, CurrentUser by) {
        requireAdmin(by);
        UserAccount user = existing(userId);
        List<Problem> problems = policy.check("password", user.username(), newPassword);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        users.updatePassword(userId, encoder.encode(newPassword), true);
        throttle.unlock(user.username());
        sessions.revoke(user.username(), null);
        audit.record(AuditEntry.of(by.username(), by.clientIp(), AccountActions.PASSWORD_RESET, user.username(),
                Outcome.SUCCESS));
    }

    /**
     * The user changes their own password; the current one is required. The user's other sessions end.
     *
     * @param keepSessionId the session making the change, which stays signed in
     */
    @Transactional
    public void changePassword(CurrentUser user, String currentPassword, String newPassword, String keepSessionId) {
        var stored = users.findById(user.id()).orElseThrow(() -> new AccessDeniedException("no such user"));
        if (currentPassword == null || !encoder.matches(currentPassword, stored.passwordHash())) {
            audit.record(AuditEntry.of(user.username(), user.clientIp(), AccountActions.PASSWORD_CHANGED,
                    user.username(), Outcome.FAILURE).with("reason", "wrong_current_password"));
            throw new InvalidInput("currentPassword", "password.currentWrong");
        }
        List<Problem> problems = new ArrayList<>(policy.check("newPassword", user.username(), newPassword));
        if (problems.isEmpty() && encoder.matches(newPassword, stored.passwordHash())) {
            problems.add(new Problem("newPassword", "password.unchanged"));
        }
        if (!problems.isEmpty()) {
            audit.record(AuditEntry.of(user.username(), user.clientIp(), AccountActions.PASSWORD_CHANGED,
                    user.username(), Outcome.FAILURE).with("reason", "policy"));
            throw new InvalidInput(problems);
        }
        users.updatePassword(user.id(), encoder.encode(newPassword), false);
        int ended = sessions.revoke(user.username(), keepSessionId);
        audit.record(AuditEntry.of(user.username(), user.clientIp(), AccountActions.PASSWORD_CHANGED, user.username(),
                Outcome.SUCCESS).with("otherSessionsEnded", ended));
    }

    @Transactional
    public void updatePreferences(CurrentUser user, String displayName, String locale) {
        String name = displayName == null ? "" : displayName.strip();
        if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("displayName", "account.displayName.invalid");
        }
        String language = locale == null || locale.isBlank() ? null : locale.toLowerCase(Locale.ROOT);
        if (language != null && !LOCALES.contains(language)) {
            throw new InvalidInput("locale", "account.locale.invalid");
        }
        users.updateDisplayName(user.id(), name);
        users.updateLocale(user.id(), language);
        audit.record(AuditEntry.of(user.username(), user.clientIp(), AccountActions.PREFERENCES_CHANGED,
                user.username(), Outcome.SUCCESS).with("locale", language == null ? "browser" : language));
    }

    /** Lifts a lockout before it runs out. */
    public void unlock(long userId, CurrentUser by) {
        requireAdmin(by);
        UserAccount user = existing(userId);
        throttle.unlock(user.username());
        audit.record(AuditEntry.of(by.username(), by.clientIp(), AccountActions.UNLOCKED, user.username(),
                Outcome.SUCCESS));
    }

    public Optional<java.time.Instant> lockedUntil(String username) {
        return throttle.lockedUntil(Usernames.normalize(username));
    }

    private UserAccount existing(long userId) {
        return find(userId).orElseThrow(() -> new InvalidInput(null, "account.notFound"));
    }

    private static Set<Role> withUser(Set<Role> roles) {
        Set<Role> all = EnumSet.of(Role.USER);
        if (roles != null) {
            all.addAll(roles);
        }
        return Set.copyOf(all);
    }

    private static void requireAdmin(CurrentUser by) {
        if (by == null || !by.admin()) {
            throw new AccessDeniedException("admin only");
        }
    }
}
