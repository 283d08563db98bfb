/**
 * Mail: reading a mailbox over IMAP (or POP3 where a server has no IMAP) and sending over SMTP submission. Angus Mail
 * ({@code jakarta.mail}) is used only under {@code dev.postern.mail.internal}; every socket it opens comes from the
 * upstream policy's {@link dev.postern.upstream.GuardedSocketFactory}. The module's connection test is
 * {@code MailConnectionProbe}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Mail")
package dev.postern.mail;
