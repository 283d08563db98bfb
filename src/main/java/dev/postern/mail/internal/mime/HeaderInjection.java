package dev.postern.mail.internal.mime;

/**
 * A value meant for a header that holds CR, LF or NUL: it would end the header and start another one (a Bcc nobody
 * sees, a second body), so the message is not built. Names the field; the value stays out of the message, as it may
 * be an attack or private.
 */
public class HeaderInjection extends IllegalArgumentException {

    private final String field;

    public HeaderInjection(String field) {
        super("The " + field + " holds a line break or NUL, which a mail header cannot");
        this.field = field;
    }

    /** Which value: {@code subject}, {@code to[1].name}, {@code attachments[0].filename} ... */
    public String field() {
        return field;
    }

    static void check(String field, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0)) {
            throw new HeaderInjection(field);
        }
    }
}
