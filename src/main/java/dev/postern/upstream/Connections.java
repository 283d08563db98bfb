package dev.postern.upstream;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.UserAccount;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.internal.ConnectionRepository;
import dev.postern.upstream.internal.ConnectionValidator;

/**
 * Connection profiles: a user's own, and shared ones that admins create and grant. Passwords are encrypted by the
 * {@link CredentialVault} before they reach the database and are only decrypted for a protocol module about to
 * connect ({@link #use}) or a connection test ({@link #test}).
 *
 * <p>Who may do what: the owner manages an own connection; admins manage shared ones; a user granted a shared
 * connection may use and test it but not change it.
 */
@Service
public class Connections {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final ConnectionRepository repository;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final AccountManagement accounts;
    private final UpstreamProperties properties;
    private final UpstreamPolicy policy;
    private final Map<ConnectionKind, ConnectionProbe> probes = new EnumMap<>(ConnectionKind.class);

    Connections(ConnectionRepository repository, CredentialVault vault, AuditLog audit, AccountManagement accounts,
                UpstreamProperties properties, UpstreamPolicy policy, List<ConnectionProbe> probes) {
        this.policy = policy;
        this.repository = repository;
        this.vault = vault;
        this.audit = audit;
        this.accounts = accounts;
        this.properties = properties;
        probes.forEach(probe -> this.probes.put(probe.kind(), probe));
    }

    /** A user's connections and the shared ones granted to them (admins see every shared one). */
    public List<ConnectionProfile> visibleTo(CurrentUser user) {
        return repository.findVisible(user.id(), user.admin());
    }

    public ConnectionProfile get(UUID id, CurrentUser user) {
        ConnectionProfile profile = repository.find(id).orElseThrow(() -> new ConnectionNotFound(id));
        if (!mayUse(profile, user)) {
            throw new ConnectionNotFound(id);
        }
        return profile;
    }

    public boolean mayManage(ConnectionProfile profile, CurrentUser user) {
        return profile.shared() ? user.admin() : profile.ownerId() != null && profile.ownerId() == user.id();
    }

    private boolean mayUse(ConnectionProfile profile, CurrentUser user) {
        if (profile.shared()) {
            return user.admin() || repository.granted(profile.id(), user.id());
        }
        return profile.ownerId() != null && profile.ownerId() == user.id();
    }

    @Transactional
    public ConnectionProfile create(ConnectionDraft draft, CurrentUser user) {
        ConnectionDraft clean = validated(draft, false);
        if (clean.shared() && !user.admin()) {
            throw new AccessDeniedException("only admins create shared connections");
        }
        UUID id = UUID.randomUUID();
        byte[] secret = clean.password() == null || clean.password().isEmpty() ? null
                : vault.encrypt(clean.password(), context(id));
        repository.insert(id, clean.kind(), clean.name(), clean.host(), clean.port(), clean.security(),
                clean.username(), secret, clean.options(), clean.shared() ? null : user.id(), clean.shared());
        ConnectionProfile created = repository.find(id).orElseThrow();
        audit.record(entry(user, UpstreamActions.CONNECTION_CREATED, created, Outcome.SUCCESS));
        return created;
    }

    /** Changes a connection; an empty password keeps the stored one. */
    @Transactional
    public ConnectionProfile update(UUID id, ConnectionDraft draft, CurrentUser user) {
        ConnectionProfile existing = manageable(id, user);
        ConnectionDraft clean = validated(new ConnectionDraft(existing.kind(), draft.name(), draft.host(), draft.port(),
                draft.security(), draft.username(), draft.password(), existing.shared(), draft.options()), true);
        byte[] secret = clean.password() == null || clean.password().isEmpty() ? null
                : vault.encrypt(clean.password(), context(id));
        repository.update(id, clean.name(), clean.host(), clean.port(), clean.security(), clean.username(), secret,
                clean.options());
        ConnectionProfile updated = repository.find(id).orElseThrow();
        audit.record(entry(user, UpstreamActions.CONNECTION_UPDATED, updated, Outcome.SUCCESS)
                .with("passwordChanged", secret != null));
        return updated;
    }

    @Transactional
    public void delete(UUID id, CurrentUser user) {
        ConnectionProfile existing = manageable(id, user);
        repository.delete(id);
        audit.record(entry(user, UpstreamActions.CONNECTION_DELETED, existing, Outcome.SUCCESS));
    }

    /**
     * Tests a stored connection: connects, logs in where it can and reports each server's greeting, capabilities and
     * transcript, or the precise failure. Audited with its outcome.
     */
    public ProbeReport test(UUID id, CurrentUser user) {
        ResolvedConnection connection = use(id, user);
        ConnectionProfile profile = connection.profile();
        ConnectionProbe probe = probes.get(profile.kind());
        if (probe == null) {
            throw new IllegalStateException("No connection test for " + profile.kind());
        }
        ProbeReport report = probe.probe(new ProbeTarget(profile, connection.password(),
                protocol -> policy.sockets(protocol, user), properties.connectTimeout(), properties.readTimeout()));
        AuditEntry entry = entry(user, UpstreamActions.CONNECTION_TESTED, profile,
                report.ok() ? Outcome.SUCCESS : Outcome.FAILURE).with("status", report.status().name());
        for (ProbeStep step : report.steps()) {
            entry = entry.with(step.label().toLowerCase(java.util.Locale.ROOT), step.status().name());
        }
        audit.record(entry);
        return report;
    }

    /** The connection and its decrypted password, for a protocol module about to connect on the user's behalf. */
    public ResolvedConnection use(UUID id, CurrentUser user) {
        ConnectionProfile profile = get(id, user);
        String password = repository.secret(id).map(secret -> vault.decrypt(secret, context(id))).orElse(null);
        return new ResolvedConnection(profile, password);
    }

    public List<ConnectionGrant> grants(UUID id, CurrentUser admin) {
        ConnectionProfile profile = manageable(id, admin);
        if (!profile.shared()) {
            throw new InvalidInput(null, "connection.grant.notShared");
        }
        return repository.grants(id);
    }

    @Transactional
    public void grant(UUID id, String username, CurrentUser admin) {
        ConnectionProfile profile = manageable(id, admin);
        if (!profile.shared()) {
            throw new InvalidInput(null, "connection.grant.notShared");
        }
        UserAccount user = accounts.findByUsername(username)
                .orElseThrow(() -> new InvalidInput("username", "connection.grant.noSuchUser"));
        if (repository.grant(id, user.id())) {
            audit.record(entry(admin, UpstreamActions.CONNECTION_GRANTED, profile, Outcome.SUCCESS)
                    .with("user", user.username()));
        }
    }

    @Transactional
    public void revoke(UUID id, long userId, CurrentUser admin) {
        ConnectionProfile profile = manageable(id, admin);
        String username = accounts.find(userId).map(UserAccount::username).orElse(Long.toString(userId));
        if (repository.revoke(id, userId)) {
            audit.record(entry(admin, UpstreamActions.CONNECTION_REVOKED, profile, Outcome.SUCCESS)
                    .with("user", username));
        }
    }

    /** How many stored passwords each master key protects, for the admin's key rotation page. */
    public Map<String, Long> secretsByKey(CurrentUser admin) {
        requireAdmin(admin);
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (UUID id : repository.idsWithSecrets()) {
            repository.secret(id).ifPresent(secret -> counts.merge(CredentialVault.keyId(secret), 1L, Long::sum));
        }
        return counts;
    }

    public String currentKeyId() {
        return vault.currentKeyId();
    }

    /**
     * Re-encrypts every stored password under the current master key (after {@code POSTERN_MASTER_KEY} was changed
     * and the old key put in {@code POSTERN_PREVIOUS_MASTER_KEYS}).
     *
     * @return how many were re-encrypted; ones no configured key can read are left as they are and counted apart
     */
    @Transactional
    public Reencryption reencryptSecrets(CurrentUser admin) {
        if (admin != null) {
            requireAdmin(admin);
        }
        int done = 0;
        int unreadable = 0;
        for (UUID id : repository.idsWithSecrets()) {
            byte[] secret = repository.secret(id).orElse(null);
            if (secret == null || CredentialVault.keyId(secret).equals(vault.currentKeyId())) {
                continue;
            }
            try {
                String clear = vault.decrypt(secret, context(id));
                repository.updateSecret(id, vault.encrypt(clear, context(id)));
                done++;
            } catch (CredentialVault.UnreadableSecret e) {
                unreadable++;
                log.warn("The password of connection {} cannot be decrypted with any configured key: {}", id,
                        e.getMessage());
            }
        }
        audit.record(AuditEntry.of(admin == null ? CurrentUser.SYSTEM : admin.username(),
                        admin == null ? null : admin.clientIp(), UpstreamActions.SECRETS_REENCRYPTED,
                        "key " + vault.currentKeyId(), unreadable == 0 ? Outcome.SUCCESS : Outcome.FAILURE)
                .with("reencrypted", done).with("unreadable", unreadable));
        return new Reencryption(done, unreadable);
    }

    public record Reencryption(int reencrypted, int unreadable) {
    }

    private ConnectionProfile manageable(UUID id, CurrentUser user) {
        ConnectionProfile profile = get(id, user);
        if (!mayManage(profile, user)) {
            throw new AccessDeniedException("not allowed to change connection " + id);
        }
        return profile;
    }

    private static ConnectionDraft validated(ConnectionDraft draft, boolean editing) {
        ConnectionValidator.Result result = ConnectionValidator.check(draft, editing);
        if (!result.problems().isEmpty()) {
            throw new InvalidInput(result.problems());
        }
        return result.draft();
    }

    private static String context(UUID id) {
        return "connection:" + id;
    }

    private static AuditEntry entry(CurrentUser user, String action, ConnectionProfile profile, Outcome outcome) {
        return AuditEntry.of(user.username(), user.clientIp(), action, profile.host() + ":" + profile.port(), outcome)
                .with("connection", profile.id().toString())
                .with("kind", profile.kind().name())
                .with("name", profile.name())
                .with("shared", profile.shared());
    }

    private static void requireAdmin(CurrentUser user) {
        if (user == null || !user.admin()) {
            throw new AccessDeniedException("admin only");
        }
    }
}
