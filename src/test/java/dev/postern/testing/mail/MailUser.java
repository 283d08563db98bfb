package dev.postern.testing.mail;

/** A mailbox on a test mail server: the login name, its password, and the address mail to it is sent to. */
public record MailUser(String name, String password, String address) {
}
