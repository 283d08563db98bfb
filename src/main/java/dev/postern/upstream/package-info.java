/**
 * The servers behind Postern: connection profiles ({@link dev.postern.upstream.Connections}), their encrypted
 * passwords ({@link dev.postern.upstream.CredentialVault}), the admin's rules for which hosts and ports may be
 * reached ({@link dev.postern.upstream.UpstreamPolicy}, applied to every upstream socket by
 * {@link dev.postern.upstream.GuardedSocketFactory}), and connection tests, carried out by each protocol module's
 * {@link dev.postern.upstream.ConnectionProbe}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Upstream")
package dev.postern.upstream;
