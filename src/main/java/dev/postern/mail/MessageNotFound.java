package dev.postern.mail;

/** No such folder or message (any more): deleted or moved elsewhere, perhaps by another client. */
public class MessageNotFound extends RuntimeException {

    public MessageNotFound(String what) {
        super(what);
    }
}
