package dev.postern.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.audit.Outcome;
import dev.postern.platform.InvalidInput;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestHosts;
import dev.postern.upstream.PolicyDecision.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@PosternIntegrationTest
class UpstreamPolicyIntegrationTests {

    static final CurrentUser ADMIN = new CurrentUser(1, "admin", true, "127.0.0.1");

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    TestHosts hosts;

    @Autowired
    AuditLog audit;

    private final List<Long> addedRules = new java.util.ArrayList<>();

    @AfterEach
    void removeRules() {
        addedRules.forEach(id -> policy.removeRule(id, ADMIN));
    }

    private void allow(Protocol protocol, String pattern, int from, int to) {
        addedRules.add(policy.addRule(protocol, pattern, from, to, "test", ADMIN).id());
    }

    private static CurrentUser user() {
        return new CurrentUser(999, "policy-" + UUID.randomUUID().toString().substring(0, 8), false, "203.0.113.9");
    }

    @Test
    void alwaysRefusesTheMetadataAddressEvenWhenARuleCoversIt() throws Exception {
        allow(null, "0.0.0.0/0", 1, 65535);
        PolicyDecision decision = policy.evaluate(Protocol.IMAP, "169.254.169.254", 143);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.firstRefusal().reason()).isEqualTo(Reason.ALWAYS_BLOCKED);
        assertThat(policy.evaluate(Protocol.IMAP, "fd00:ec2::254", 143).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.IMAP, "fe80::1", 143).allowed()).isFalse();
    }

    @Test
    void refusesANameThatResolvesToTheMetadataAddressAndAuditsIt() {
        hosts.put("metadata.attacker.test", "169.254.169.254");
        CurrentUser user = user();
        assertThatThrownBy(() -> policy.check(Protocol.SMTP, "metadata.attacker.test", 25, user))
                .isInstanceOf(RefusedByPolicy.class)
                .satisfies(e -> assertThat(((RefusedByPolicy) e).decision().firstRefusal().reason())
                        .isEqualTo(Reason.ALWAYS_BLOCKED));
        List<AuditEvent> events = audit.search(AuditQuery.byActor(user.username())).events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(UpstreamActions.POLICY_REFUSED);
            assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(e.target()).isEqualTo("metadata.attacker.test:25");
            assertThat(e.clientIp()).isEqualTo("203.0.113.9");
            assertThat(e.detail()).containsEntry("address", "169.254.169.254").containsEntry("protocol", "SMTP");
        });
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsRefused() throws Exception {
        hosts.put("mixed.attacker.test", "93.184.216.34", "169.254.169.254");
        assertThat(policy.evaluate(Protocol.FTP, "mixed.attacker.test", 21).allowed()).isFalse();
        hosts.put("public.example.test", "93.184.216.34");
        PolicyDecision decision = policy.evaluate(Protocol.FTP, "public.example.test", 21);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.addresses().getFirst().reason()).isEqualTo(Reason.PUBLIC);
    }

    @Test
    void refusesLoopbackAndPrivateAddressesWithoutARule() throws Exception {
        assertThat(policy.evaluate(Protocol.TELNET, "127.0.0.1", 23).firstRefusal().reason())
                .isEqualTo(Reason.INTERNAL_WITHOUT_RULE);
        assertThat(policy.evaluate(Protocol.TELNET, "::1", 23).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.TELNET, "localhost", 23).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.TELNET, "10.1.2.3", 23).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.TELNET, "192.168.0.10", 23).allowed()).isFalse();
    }

    @Test
    void aRuleAllowsOnlyItsProtocolAddressesAndPorts() throws Exception {
        allow(Protocol.FTP, "127.0.0.0/8", 2100, 2199);
        PolicyDecision allowed = policy.evaluate(Protocol.FTP, "127.0.0.1", 2121);
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.addresses().getFirst().reason()).isEqualTo(Reason.RULE);
        assertThat(policy.evaluate(Protocol.FTP, "127.0.0.1", 2200).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.IMAP, "127.0.0.1", 2121).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.FTP, "10.0.0.1", 2121).allowed()).isFalse();
    }

    @Test
    void aDomainRuleAllowsTheInternalAddressesItsNamesResolveTo() throws Exception {
        hosts.put("mail.corp.test", "10.20.30.40");
        hosts.put("evil-corp.test", "10.20.30.41");
        allow(Protocol.IMAP, "*.corp.test", 993, 993);
        assertThat(policy.evaluate(Protocol.IMAP, "mail.corp.test", 993).allowed()).isTrue();
        assertThat(policy.evaluate(Protocol.IMAP, "evil-corp.test", 993).allowed()).isFalse();
        assertThat(policy.evaluate(Protocol.IMAP, "10.20.30.40", 993).allowed()).isFalse();
    }

    @Test
    void unknownNamesAreReportedAsSuchNotAsRefusals() {
        assertThatThrownBy(() -> policy.evaluate(Protocol.SMTP, "no-such-host.invalid", 25))
                .isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> policy.evaluate(Protocol.SMTP, "bad host\r\nname", 25))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aGuardedSocketNeverReachesARefusedDestination() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            GuardedSocketFactory sockets = policy.sockets(Protocol.TELNET, user());
            assertThatThrownBy(() -> sockets.createSocket("127.0.0.1", server.getLocalPort()))
                    .isInstanceOf(RefusedByPolicy.class);
            Socket unconnected = sockets.createSocket();
            assertThatThrownBy(() -> unconnected.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 1000))
                    .isInstanceOf(RefusedByPolicy.class);
            assertThatThrownBy(server::accept).isInstanceOf(java.net.SocketTimeoutException.class);

            allow(Protocol.TELNET, "127.0.0.1", server.getLocalPort(), server.getLocalPort());
            try (Socket connected = sockets.createSocket("localhost", server.getLocalPort());
                 Socket accepted = server.accept()) {
                assertThat(connected.isConnected()).isTrue();
                assertThat(accepted.getInetAddress().isLoopbackAddress()).isTrue();
            }
        }
    }

    @Test
    void rulesAreValidatedAndOnlyForAdmins() {
        assertThatThrownBy(() -> policy.addRule(null, "not a host/99", 1, 2, "", ADMIN))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::field)
                        .containsExactly("hostPattern"));
        assertThatThrownBy(() -> policy.addRule(null, "10.0.0.0/8", 0, 70000, "line\r\nbreak", ADMIN))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::field)
                        .containsExactlyInAnyOrder("portFrom", "portTo", "description"));
        assertThatThrownBy(() -> policy.addRule(null, "10.0.0.0/8", 1, 2, "", user()))
                .isInstanceOf(AccessDeniedException.class);
        int before = policy.rules().size();
        assertThat(policy.rules()).hasSize(before);
    }
}
