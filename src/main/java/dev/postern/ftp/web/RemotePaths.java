package dev.postern.ftp.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths below a connection's root as pages build them: parents, children and breadcrumbs. They only join and split;
 * whether a path is acceptable is the facade's to decide.
 */
final class RemotePaths {

    /** One step of the breadcrumbs; the root's name is the connection's. */
    record Crumb(String name, String path) {
    }

    private RemotePaths() {
    }

    /** The path made absolute and without a trailing slash ("/" for the root); null or blank is the root. */
    static String normalize(String path) {
        if (path == null || path.isBlank()) {
            return "/";
        }
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static String parent(String path) {
        String p = normalize(path);
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    static String name(String path) {
        String p = normalize(path);
        return p.equals("/") ? "" : p.substring(p.lastIndexOf('/') + 1);
    }

    static String child(String directory, String name) {
        String d = normalize(directory);
        return d.equals("/") ? "/" + name : d + "/" + name;
    }

    /**
     * Where a rename, move or copy goes: a path starting with {@code /} is taken as it is, anything else is a name (or
     * a relative path) in the entry's own folder.
     */
    static String target(String from, String to) {
        String t = to.strip();
        return t.startsWith("/") ? normalize(t) : child(parent(from), t);
    }

    static List<Crumb> crumbs(String path, String rootName) {
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb(rootName, "/"));
        String p = normalize(path);
        if (p.equals("/")) {
            return crumbs;
        }
        StringBuilder at = new StringBuilder();
        for (String part : p.substring(1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            at.append('/').append(part);
            crumbs.add(new Crumb(part, at.toString()));
        }
        return crumbs;
    }
}
