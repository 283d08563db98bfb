package dev.postern.ftp;

/**
 * One file to upload, or to resume uploading.
 *
 * @param directory the folder it goes to, below the connection's root
 * @param name its file name
 * @param size its whole size in bytes, as the browser knows it
 * @param clientKey what the browser knows the file by (e.g. its size and time), so that a resumed upload finds its
 *                  partial file again; letters, digits and {@code ._-} only
 * @param offset where this request's bytes start: 0, or the offset {@link FileTransfers#uploaded} answered
 * @param overwrite whether an existing file of that name may be replaced
 * @param type binary or ASCII
 */
public record UploadRequest(String directory, String name, long size, String clientKey, long offset, boolean overwrite,
                            TransferType type) {
}
