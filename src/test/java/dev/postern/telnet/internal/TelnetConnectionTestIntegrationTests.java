package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.account.UserAccount;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.PolicyRule;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamActions;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamStatus;

/** The Telnet probe as the application runs it: found by {@link Connections}, behind the real upstream policy. */
@PosternIntegrationTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TelnetConnectionTestIntegrationTests {

    private static final String PASSWORD = "Tel-Pa55-word";

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    AuditLog audit;

    @Test
    void aLoopbackHostIsRefusedUntilAnAdminAllowsItAndEveryTestIsAudited() throws Exception {
        CurrentUser admin = admin();
        try (FakeTelnetHost host = new FakeTelnetHost("Fake".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, "alice", PASSWORD, Duration.ZERO, false)) {
            ConnectionProfile connection = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "fake host",
                    "127.0.0.1", host.port(), Security.NONE, "alice", PASSWORD, false,
                    new ConnectionOptions.Telnet("UTF-8")), admin);

            ProbeReport refused = connections.test(connection.id(), admin);

            assertThat(refused.status()).isEqualTo(UpstreamStatus.POLICY_REFUSED);

            PolicyRule rule = policy.addRule(Protocol.TELNET, "127.0.0.1/32", host.port(), host.port(),
                    "fake Telnet host", admin);
            try {
                ProbeReport allowed = connections.test(connection.id(), admin);

                assertThat(allowed.status()).isEqualTo(UpstreamStatus.OK);
                assertThat(allowed.steps().getFirst().loggedIn()).isTrue();
                // The refused test never reached the host: this is its first visitor.
                assertThat(host.visit().password()).isEqualTo(PASSWORD);
            } finally {
                policy.removeRule(rule.id(), admin);
            }

            List<AuditEvent> tests = audit.search(new AuditQuery(admin.username(), UpstreamActions.CONNECTION_TESTED,
                    null, null, null, 0, 100)).events().stream()
                    .filter(event -> connection.id().toString().equals(event.detail().get("connection")))
                    .toList();
            assertThat(tests).extracting(event -> event.detail().get("status"))
                    .containsExactlyInAnyOrder("POLICY_REFUSED", "OK");
            assertThat(tests.toString()).doesNotContain(PASSWORD);
        }
    }

    private CurrentUser admin() {
        UserAccount admin = accounts.findByUsername(PosternTestConfiguration.ADMIN).orElseThrow();
        return new CurrentUser(admin.id(), admin.username(), true, "127.0.0.1");
    }
}
