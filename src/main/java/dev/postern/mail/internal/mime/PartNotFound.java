package dev.postern.mail.internal.mime;

/** A part id that names no part of the message: a stale link, or a made-up one. */
public class PartNotFound extends IllegalArgumentException {

    private final String partId;

    public PartNotFound(String partId) {
        super("The message has no part " + (partId == null ? "(none given)" : "'" + shorten(partId) + "'"));
        this.partId = partId;
    }

    public String partId() {
        return partId;
    }

    private static String shorten(String id) {
        String printable = id.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
