/**
 * Console: the Telnet client side of the in-page terminal, with option negotiation (terminal type, window size,
 * echo, suppress-go-ahead) and the connection's character set. Apache Commons Net's {@code TelnetClient} is used only
 * under {@code dev.postern.telnet.internal}, over sockets from the upstream policy's
 * {@link dev.postern.upstream.GuardedSocketFactory}. The module's connection test is {@code TelnetConnectionProbe}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
package dev.postern.telnet;
