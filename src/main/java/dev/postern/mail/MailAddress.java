package dev.postern.mail;

/**
 * A mail address with its display name (decoded; may be empty).
 */
public record MailAddress(String name, String address) {

    public MailAddress {
        name = name == null ? "" : name;
        address = address == null ? "" : address;
    }

    /** The name when there is one, else the address: how a list shows a sender. */
    public String label() {
        return name.isBlank() ? address : name;
    }

    @Override
    public String toString() {
        return name.isBlank() ? address : name + " <" + address + ">";
    }
}
