package dev.postern.ftp;

/**
 * What an upload request achieved.
 *
 * @param path the file's final path
 * @param received bytes this request carried to the server
 * @param stored bytes of the file now on the server (all of them when complete)
 * @param complete whether the file is in place under its final name
 */
public record UploadResult(String path, long received, long stored, boolean complete) {
}
