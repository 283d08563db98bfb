/**
 * Console: a terminal in the page bridged over WebSocket to a Telnet host ({@link dev.postern.telnet.ConsoleSessions}).
 * Telnet option negotiation (terminal type, window size, echo, suppress-go-ahead, binary, NEW-ENVIRON), NVT rules and
 * the connection's character set live in {@code internal}, where Apache Commons Net's {@code TelnetClient} is used
 * over sockets from the upstream policy's {@link dev.postern.upstream.GuardedSocketFactory}; sessions survive a
 * dropped WebSocket for a grace period, are flow-controlled by the page's acknowledgements, recorded as asciicast v2
 * and audited (see docs/adr/0008-console-sessions.md). The module's connection test is {@code TelnetConnectionProbe}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
package dev.postern.telnet;
