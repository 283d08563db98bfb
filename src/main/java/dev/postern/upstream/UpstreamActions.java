package dev.postern.upstream;

/** The audit log's names for what happens to connections and the policy. */
public final class UpstreamActions {

    public static final String CONNECTION_CREATED = "upstream.connection_created";
    public static final String CONNECTION_UPDATED = "upstream.connection_updated";
    public static final String CONNECTION_DELETED = "upstream.connection_deleted";
    public static final String CONNECTION_TESTED = "upstream.connection_tested";
    public static final String CONNECTION_GRANTED = "upstream.connection_granted";
    public static final String CONNECTION_REVOKED = "upstream.connection_revoked";
    public static final String POLICY_REFUSED = "upstream.policy_refused";
    public static final String RULE_ADDED = "upstream.rule_added";
    public static final String RULE_REMOVED = "upstream.rule_removed";
    public static final String SECRETS_REENCRYPTED = "upstream.secrets_reencrypted";

    private UpstreamActions() {
    }
}
