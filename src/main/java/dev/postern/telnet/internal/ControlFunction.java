package dev.postern.telnet.internal;

/** The Telnet control functions a console offers on its toolbar (RFC 854), and EOF as the host expects it. */
public enum ControlFunction {
    /** Interrupt Process: IAC IP (the host usually turns it into its interrupt character, ^C). */
    INTERRUPT,
    /** Break: IAC BRK. */
    BREAK,
    /** Are You There: IAC AYT; the host answers with some visible text such as "[Yes]". */
    ARE_YOU_THERE,
    /** Abort Output: IAC AO. */
    ABORT_OUTPUT,
    /** End of file as data: Ctrl-D or Ctrl-Z, per {@link TelnetSettings#eof()}. */
    EOF
}
