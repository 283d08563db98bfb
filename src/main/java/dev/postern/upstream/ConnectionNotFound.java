package dev.postern.upstream;

import java.util.UUID;

/** No such connection, or not one the user may see (the two are not told apart). */
public class ConnectionNotFound extends RuntimeException {

    public ConnectionNotFound(UUID id) {
        super("No connection " + id);
    }
}
