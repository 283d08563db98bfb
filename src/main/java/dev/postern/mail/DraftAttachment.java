package dev.postern.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file to send with a draft. Its bytes are never held in memory: they are read from where they are kept (an
 * uploaded file spooled to disk, or a part of a message on the server) when the message is written out.
 *
 * @param size bytes, or -1 when unknown
 */
public record DraftAttachment(String filename, String contentType, long size, Source source) {

    /** Where the bytes come from; each call opens a fresh stream. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }
}
