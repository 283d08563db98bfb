package dev.postern.ftp;

import java.util.List;

/**
 * What a recursive delete did: how many entries went, and each that did not, with the server's reply.
 */
public record DeleteReport(String path, int deleted, List<Failure> failures) {

    public record Failure(String path, String reply) {
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
