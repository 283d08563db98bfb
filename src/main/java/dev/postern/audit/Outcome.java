package dev.postern.audit;

/** How an audited action ended. */
public enum Outcome {
    SUCCESS,
    FAILURE,
    /** Refused by a rule (policy, lockout, missing right) rather than failed. */
    DENIED
}
