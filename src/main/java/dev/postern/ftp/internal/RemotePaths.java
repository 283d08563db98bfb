package dev.postern.ftp.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.postern.ftp.InvalidPath;

/**
 * Paths as the file manager sees them: below the connection's root, starting with {@code /}, normalised ({@code .}
 * and empty segments dropped, {@code ..} resolved). A path that would leave the root, or any character that could end
 * a command line (CR, LF, NUL and the other control characters), is refused before anything is sent upstream.
 */
public final class RemotePaths {

    /** Longest path Postern sends, in characters. */
    static final int MAX_PATH = 4096;
    /** Longest name, in UTF-8 bytes (what common file systems allow). */
    static final int MAX_NAME_BYTES = 255;

    private RemotePaths() {
    }

    /** The normalised form of a user's path; {@code /} for null or empty. */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        if (path.length() > MAX_PATH) {
            throw new InvalidPath("files.path.tooLong", "path too long");
        }
        refuseControls(path);
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new InvalidPath("files.path.outside", "path leaves the root: " + path);
                }
                segments.removeLast();
                continue;
            }
            checkSegment(segment);
            segments.addLast(segment);
        }
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    /** A single file or folder name, as typed for a new folder, a rename or an upload. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidPath("files.path.empty", "empty name");
        }
        refuseControls(name);
        if (name.contains("/")) {
            throw new InvalidPath("files.path.slash", "name with a slash");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidPath("files.path.outside", "name . or ..");
        }
        checkSegment(name);
        return name;
    }

    /** The child's path in the folder. */
    public static String child(String folder, String name) {
        String parent = normalize(folder);
        return normalize((parent.equals("/") ? "" : parent) + "/" + name(name));
    }

    /** The folder a normalised path is in ({@code /} for the root and its children). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The last segment of a normalised path; empty for the root. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The server's path for a normalised path below the root directory (an absolute server path). */
    public static String onServer(String root, String path) {
        if (path.equals("/")) {
            return root;
        }
        return root.endsWith("/") ? root + path.substring(1) : root + path;
    }

    /** Whether {@code path} is {@code folder} or inside it (both normalised). */
    public static boolean within(String path, String folder) {
        return path.equals(folder) || folder.equals("/") || path.startsWith(folder + "/");
    }

    private static void checkSegment(String segment) {
        // A backslash separates directories on Windows servers: "..\" would leave the root there.
        if (segment.indexOf('\\') >= 0) {
            throw new InvalidPath("files.path.backslash", "backslash in a name");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidPath("files.path.tooLong", "name too long");
        }
    }

    private static void refuseControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidPath("files.path.control", "control character in a path");
            }
        }
    }
}
