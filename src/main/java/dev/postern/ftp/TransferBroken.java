package dev.postern.ftp;

import java.io.IOException;

/**
 * The receiving side of a transfer went away part way (the browser closed the download, say). The transfer is audited
 * as interrupted with the bytes that moved; there is nobody left to show an error to.
 */
public class TransferBroken extends RuntimeException {

    public TransferBroken(IOException cause) {
        super("the receiver went away: " + cause.getMessage(), cause);
    }
}
