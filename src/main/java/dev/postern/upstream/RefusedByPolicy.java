package dev.postern.upstream;

import java.io.IOException;

/**
 * The upstream policy refused a destination. An {@link IOException} so that it travels unchanged through protocol
 * libraries that open sockets with {@link GuardedSocketFactory}.
 */
public class RefusedByPolicy extends IOException {

    private final transient PolicyDecision decision;

    public RefusedByPolicy(PolicyDecision decision) {
        super("Refused by the upstream policy: " + decision.summary());
        this.decision = decision;
    }

    public PolicyDecision decision() {
        return decision;
    }
}
