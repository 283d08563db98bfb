package dev.postern.mail;

/** A running watch of a folder for new mail; closing it ends the watch and its server connection. */
public interface MailWatch extends AutoCloseable {

    @Override
    void close();
}
