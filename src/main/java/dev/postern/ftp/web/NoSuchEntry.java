package dev.postern.ftp.web;

/** The path names nothing on the server (found out by a look-up the page made, not by the facade refusing it). */
class NoSuchEntry extends RuntimeException {

    NoSuchEntry(String path) {
        super("no such entry: " + path);
    }
}
