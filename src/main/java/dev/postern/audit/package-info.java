/**
 * The audit log: who did what, from where, against which server, with what outcome. Append-only (a trigger
 * refuses UPDATE, DELETE and TRUNCATE) and hash-chained so that tampering is detectable; see {@link dev.postern.audit.AuditLog}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package dev.postern.audit;
