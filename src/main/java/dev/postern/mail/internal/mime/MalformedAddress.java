package dev.postern.mail.internal.mime;

/**
 * An entry of an address list that is not a mail address we would send to. Carries the entry as typed, so that a
 * form can say which one.
 */
public class MalformedAddress extends IllegalArgumentException {

    private final String text;
    private final String reason;

    public MalformedAddress(String text, String reason) {
        super("Not a valid mail address (" + reason + "): " + printable(text));
        this.text = text;
        this.reason = reason;
    }

    /** The entry as the user typed it. */
    public String text() {
        return text;
    }

    /** What is wrong with it, in English: {@code missing >}, {@code needs one @ ...}. */
    public String reason() {
        return reason;
    }

    private static String printable(String text) {
        String shown = text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
        return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
    }
}
