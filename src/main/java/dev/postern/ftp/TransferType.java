package dev.postern.ftp;

/** FTP's representation type for a transfer: BINARY (TYPE I, bytes as they are) or ASCII (TYPE A, line ends converted). */
public enum TransferType {
    BINARY, ASCII
}
