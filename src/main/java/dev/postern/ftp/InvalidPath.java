package dev.postern.ftp;

/**
 * A path or file name that Postern refuses before anything is sent to the server: control characters (CR, LF, NUL),
 * a way out of the connection's root ({@code ..}), or a name that is empty, too long or has a slash in it.
 */
public class InvalidPath extends RuntimeException {

    private final String messageKey;
    private final Object[] arguments;

    public InvalidPath(String messageKey, String why, Object... arguments) {
        super(why);
        this.messageKey = messageKey;
        this.arguments = arguments.clone();
    }

    /** The message bundle's key for pages ({@code files.path.*}). */
    public String messageKey() {
        return messageKey;
    }

    /** What the message fills in (a limit, a name); empty for most. */
    public Object[] arguments() {
        return arguments.clone();
    }
}
