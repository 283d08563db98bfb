package dev.postern.account;

/**
 * The signed-in user making the current request, and where the request came from. Controllers receive it as a
 * method argument; facades take it to check rights and to audit.
 */
public record CurrentUser(long id, String username, boolean admin, String clientIp) {

    /** Stands for Postern itself in the audit log (start-up tasks, scheduled jobs). */
    public static final String SYSTEM = "system";
}
