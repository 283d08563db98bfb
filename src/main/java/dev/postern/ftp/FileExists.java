package dev.postern.ftp;

/** An upload, new folder, rename or copy would replace an existing entry, and replacing was not asked for. */
public class FileExists extends RuntimeException {

    private final String path;

    public FileExists(String path) {
        super("exists: " + path);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
