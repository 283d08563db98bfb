package dev.postern.mail;

/** The flags of a message that pages show and change. */
public record MessageFlags(boolean seen, boolean flagged, boolean answered, boolean draft) {
}
