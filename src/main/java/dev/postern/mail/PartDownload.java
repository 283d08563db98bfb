package dev.postern.mail;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a downloaded part goes: first its name, type and size (so that the response headers can be written), then
 * its bytes, streamed.
 */
public interface PartDownload {

    /** Called once, before any bytes; returns where to write them. */
    OutputStream start(AttachmentInfo part) throws IOException;
}
