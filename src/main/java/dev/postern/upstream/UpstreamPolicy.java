package dev.postern.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;
import dev.postern.platform.InvalidInput;
import dev.postern.upstream.PolicyDecision.AddressVerdict;
import dev.postern.upstream.PolicyDecision.Reason;
import dev.postern.upstream.internal.AddressClass;
import dev.postern.upstream.internal.Cidr;
import dev.postern.upstream.internal.RuleRepository;

/**
 * Which upstream hosts and ports may be reached. A destination is resolved and every address it resolves to is
 * judged: link-local and cloud-metadata addresses never pass; loopback, private and other internal ones pass only
 * by an admin's rule; public ones pass when public hosts are open, or by a rule. Every upstream socket goes through
 * {@link #sockets}, and every refusal is audited.
 */
@Service
public class UpstreamPolicy {

    private final RuleRepository rules;
    private final AuditLog audit;
    private final UpstreamProperties properties;
    private final HostResolver resolver;

    UpstreamPolicy(RuleRepository rules, AuditLog audit, UpstreamProperties properties, HostResolver resolver) {
        this.rules = rules;
        this.audit = audit;
        this.properties = properties;
        this.resolver = resolver;
    }

    /** Resolves the host and judges each address; does not audit. */
    public PolicyDecision evaluate(Protocol protocol, String host, int port) throws UnknownHostException {
        String name = HostNames.normalize(host);
        Optional<InetAddress> literal = HostNames.literal(name);
        if (literal.isEmpty() && !HostNames.validName(name)) {
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = literal.isPresent() ? new InetAddress[]{literal.get()} : resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        List<PolicyRule> all = rules.findAll();
        List<AddressVerdict> verdicts = new ArrayList<>();
        for (InetAddress address : addresses) {
            verdicts.add(judge(protocol, literal.isPresent() ? null : name, address, port, all));
        }
        return new PolicyDecision(protocol, name, port, List.copyOf(verdicts));
    }

    /**
     * The addresses the caller may connect to, or {@link RefusedByPolicy} (audited) when any address the host
     * resolves to is refused.
     */
    public List<InetAddress> check(Protocol protocol, String host, int port, CurrentUser caller) throws IOException {
        PolicyDecision decision = evaluate(protocol, host, port);
        if (!decision.allowed()) {
            AddressVerdict refused = decision.firstRefusal();
            audit.record(AuditEntry.of(caller == null ? CurrentUser.SYSTEM : caller.username(),
                            caller == null ? null : caller.clientIp(), UpstreamActions.POLICY_REFUSED,
                            decision.host() + ":" + port, Outcome.DENIED)
                    .with("protocol", protocol.name())
                    .with("address", refused.address().getHostAddress())
                    .with("reason", refused.reason().name()));
            throw new RefusedByPolicy(decision);
        }
        return decision.allowedAddresses();
    }

    /** Whether an address a server pointed us to (an FTP passive reply, say) may be reached; audits a refusal. */
    public void checkAddress(Protocol protocol, InetAddress address, int port, CurrentUser caller) throws IOException {
        check(protocol, address.getHostAddress(), port, caller);
    }

    /** A socket factory whose sockets connect only where this policy allows, on behalf of the caller. */
    public GuardedSocketFactory sockets(Protocol protocol, CurrentUser caller) {
        return new GuardedSocketFactory((host, port) -> check(protocol, host, port, caller),
                (int) properties.connectTimeout().toMillis());
    }

    public List<PolicyRule> rules() {
        return rules.findAll();
    }

    public boolean publicHostsOpen() {
        return properties.allowPublicHosts();
    }

    /** Adds an allow rule; {@link InvalidInput} names each invalid field. */
    public PolicyRule addRule(Protocol protocol, String hostPattern, int portFrom, int portTo, String description,
                              CurrentUser admin) {
        requireAdmin(admin);
        String pattern = hostPattern == null ? "" : hostPattern.strip().toLowerCase(Locale.ROOT);
        String note = description == null ? "" : description.strip();
        List<InvalidInput.Problem> problems = new ArrayList<>();
        if (!validPattern(pattern)) {
            problems.add(new InvalidInput.Problem("hostPattern", "policy.hostPattern.invalid"));
        }
        if (portFrom < 1 || portFrom > 65535) {
            problems.add(new InvalidInput.Problem("portFrom", "policy.port.invalid"));
        }
        if (portTo < 1 || portTo > 65535 || portTo < portFrom) {
            problems.add(new InvalidInput.Problem("portTo", "policy.portTo.invalid"));
        }
        if (note.length() > 200 || note.chars().anyMatch(Character::isISOControl)) {
            problems.add(new InvalidInput.Problem("description", "policy.description.invalid"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        long id = rules.insert(protocol, pattern, portFrom, portTo, note, admin.username());
        audit.record(AuditEntry.of(admin.username(), admin.clientIp(), UpstreamActions.RULE_ADDED, pattern,
                        Outcome.SUCCESS)
                .with("protocol", protocol == null ? "ANY" : protocol.name())
                .with("ports", portFrom + "-" + portTo).with("rule", id));
        return rules.findAll().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    public void removeRule(long id, CurrentUser admin) {
        requireAdmin(admin);
        rules.delete(id).ifPresent(rule -> audit.record(AuditEntry.of(admin.username(), admin.clientIp(),
                UpstreamActions.RULE_REMOVED, rule.hostPattern(), Outcome.SUCCESS).with("rule", id)));
    }

    static boolean validPattern(String pattern) {
        if (pattern.isEmpty() || pattern.length() > 253) {
            return false;
        }
        if (pattern.startsWith("*.")) {
            return HostNames.validName(pattern.substring(2));
        }
        if (pattern.contains("/")) {
            return Cidr.parse(pattern).isPresent();
        }
        return HostNames.valid(pattern);
    }

    private AddressVerdict judge(Protocol protocol, String name, InetAddress address, int port, List<PolicyRule> all) {
        AddressClass addressClass = AddressClass.of(address);
        if (addressClass == AddressClass.ALWAYS_BLOCKED) {
            return new AddressVerdict(address, false, Reason.ALWAYS_BLOCKED, null);
        }
        for (PolicyRule rule : all) {
            if (matches(rule, protocol, name, address, port)) {
                return new AddressVerdict(address, true, Reason.RULE, rule.id());
            }
        }
        if (addressClass == AddressClass.INTERNAL) {
            return new AddressVerdict(address, false, Reason.INTERNAL_WITHOUT_RULE, null);
        }
        return properties.allowPublicHosts()
                ? new AddressVerdict(address, true, Reason.PUBLIC, null)
                : new AddressVerdict(address, false, Reason.NO_RULE, null);
    }

    private static boolean matches(PolicyRule rule, Protocol protocol, String name, InetAddress address, int port) {
        if (rule.protocol() != null && rule.protocol() != protocol) {
            return false;
        }
        if (port < rule.portFrom() || port > rule.portTo()) {
            return false;
        }
        String pattern = rule.hostPattern();
        if (pattern.startsWith("*.")) {
            return name != null && name.endsWith(pattern.substring(1));
        }
        Optional<Cidr> block = Cidr.parse(pattern);
        if (block.isPresent()) {
            return block.get().contains(address);
        }
        return pattern.equals(name);
    }

    private static void requireAdmin(CurrentUser user) {
        if (user == null || !user.admin()) {
            throw new AccessDeniedException("admin only");
        }
    }
}
