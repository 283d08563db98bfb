package dev.postern.ftp;

/**
 * A resumed upload's bytes do not start where the server's partial file ends (another tab went on with it, or the
 * partial file was removed): nothing was sent; the browser asks again and sends from {@link #held()}.
 */
public class UploadOffsetMismatch extends RuntimeException {

    private final long held;

    public UploadOffsetMismatch(long held) {
        super("the server holds " + held + " bytes of this upload");
        this.held = held;
    }

    public long held() {
        return held;
    }
}
