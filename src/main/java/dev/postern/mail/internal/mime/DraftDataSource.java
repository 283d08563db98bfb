package dev.postern.mail.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.activation.DataSource;

import dev.postern.mail.DraftAttachment;

/**
 * An attachment's bytes for Angus, opened from the draft's source each time Angus writes the message and never held:
 * Angus copies from it in 8 KiB pieces into the base64 encoder.
 */
final class DraftDataSource implements DataSource {

    private final DraftAttachment attachment;
    private final String contentType;
    private final String filename;

    DraftDataSource(DraftAttachment attachment, String contentType, String filename) {
        this.attachment = attachment;
        this.contentType = contentType;
        this.filename = filename;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream in = attachment.source().open();
        if (in == null) {
            throw new IOException("The attachment's source gave no content: " + filename);
        }
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("An attachment of a draft is read only");
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getName() {
        return filename;
    }
}
