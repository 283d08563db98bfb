package dev.postern.telnet;

/** The Telnet control functions the console's toolbar offers. */
public enum ConsoleControl {
    /** IAC IP: interrupt the running program. */
    INTERRUPT,
    /** IAC BRK. */
    BREAK,
    /** IAC AYT: the host answers that it is there. */
    ARE_YOU_THERE,
    /** IAC AO: discard output not yet sent. */
    ABORT_OUTPUT,
    /** End of input as the host expects it: Ctrl-D or Ctrl-Z, per connection. */
    EOF
}
