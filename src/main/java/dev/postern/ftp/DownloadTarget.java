package dev.postern.ftp;

import java.io.IOException;
import java.io.OutputStream;

/** Where a download goes: told what is coming once the server has agreed to send it, then written to. */
@FunctionalInterface
public interface DownloadTarget {

    /**
     * @param file the file, as the server describes it
     * @param offset the first byte that will be written (0, or where a Range starts)
     * @param length how many bytes will be written, or -1 when unknown (ASCII transfers)
     * @return the stream the bytes go to; it is not closed by the download
     */
    OutputStream begin(RemoteEntry file, long offset, long length) throws IOException;
}
