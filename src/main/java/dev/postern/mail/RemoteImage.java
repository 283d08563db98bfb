package dev.postern.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

/** Where a remote image fetched through the gateway goes: its sniffed type and length first, then its bytes. */
public interface RemoteImage {

    OutputStream start(String contentType, OptionalLong length) throws IOException;

    /** The image could not be fetched: refused by the policy, not an image, too large, or the server failed. */
    class Unavailable extends RuntimeException {
        private final boolean refusedByPolicy;

        public Unavailable(String message, boolean refusedByPolicy, Throwable cause) {
            super(message, cause);
            this.refusedByPolicy = refusedByPolicy;
        }

        public boolean refusedByPolicy() {
            return refusedByPolicy;
        }
    }
}
