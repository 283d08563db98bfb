package dev.postern.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailProperties;
import dev.postern.platform.InvalidInput;
import dev.postern.platform.Storage;

/**
 * Files attached to a message being written, kept on disk under the data directory (never in memory) until the
 * message is sent or discarded, the session ends, or a day has passed. Each compose window has its own id; a user can
 * only reach the files of their own session.
 */
@Component
public class DraftFiles {

    static final Duration KEEP = Duration.ofDays(1);

    /** A file waiting to be sent. */
    public record Stored(String token, String filename, String contentType, long size) {
    }

    private record Key(String session, String compose) {
    }

    private record Workspace(Path dir, List<Stored> files, Instant created) {
    }

    private final Path root;
    private final MailProperties properties;
    private final Clock clock;
    private final Map<Key, Workspace> workspaces = new ConcurrentHashMap<>();

    DraftFiles(Storage storage, MailProperties properties, Clock clock) {
        this.root = storage.dataDir().resolve("compose");
        this.properties = properties;
        this.clock = clock;
    }

    /** A fresh compose id. */
    public static String newComposeId() {
        return UUID.randomUUID().toString();
    }

    public Stored store(String session, String compose, String filename, String contentType, InputStream content)
            throws IOException {
        checkCompose(compose);
        Workspace workspace = workspace(session, compose);
        String token = UUID.randomUUID().toString();
        Path file = workspace.dir().resolve(token);
        long limit = properties.maxAttachmentSize().toBytes();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = content.read(buffer)) > 0; ) {
                size += n;
                if (size > limit || total(workspace) + size > properties.maxMessageSize().toBytes()) {
                    out.close();
                    Files.deleteIfExists(file);
                    throw new InvalidInput("attachments", "mail.attachment.tooLarge",
                            properties.maxAttachmentSize().toMegabytes());
                }
                out.write(buffer, 0, n);
            }
        }
        Stored stored = new Stored(token, safeName(filename), safeType(contentType), size);
        synchronized (workspace) {
            workspace.files().add(stored);
        }
        return stored;
    }

    public List<Stored> list(String session, String compose) {
        Workspace workspace = workspaces.get(new Key(session, compose));
        if (workspace == null) {
            return List.of();
        }
        synchronized (workspace) {
            return List.copyOf(workspace.files());
        }
    }

    public void remove(String session, String compose, String token) {
        Workspace workspace = workspaces.get(new Key(session, compose));
        if (workspace == null) {
            return;
        }
        synchronized (workspace) {
            workspace.files().removeIf(f -> f.token().equals(token));
        }
        try {
            Files.deleteIfExists(workspace.dir().resolve(checkToken(token)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files as attachments of a draft; each opens its file when the message is written out. */
    public List<DraftAttachment> attachments(String session, String compose) {
        Workspace workspace = workspaces.get(new Key(session, compose));
        if (workspace == null) {
            return List.of();
        }
        List<DraftAttachment> attachments = new ArrayList<>();
        for (Stored stored : list(session, compose)) {
            Path file = workspace.dir().resolve(stored.token());
            attachments.add(new DraftAttachment(stored.filename(), stored.contentType(), stored.size(),
                    () -> Files.newInputStream(file)));
        }
        return attachments;
    }

    public void discard(String session, String compose) {
        Workspace workspace = workspaces.remove(new Key(session, compose));
        if (workspace != null) {
            FileSystemUtils.deleteRecursively(workspace.dir().toFile());
        }
    }

    public void closeSession(String session) {
        workspaces.keySet().stream().filter(k -> k.session().equals(session)).toList()
                .forEach(k -> discard(k.session(), k.compose()));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void forgetOld() {
        Instant cutoff = clock.instant().minus(KEEP);
        workspaces.entrySet().stream().filter(e -> e.getValue().created().isBefore(cutoff)).map(Map.Entry::getKey)
                .toList().forEach(k -> discard(k.session(), k.compose()));
    }

    private Workspace workspace(String session, String compose) {
        return workspaces.computeIfAbsent(new Key(session, compose), key -> {
            try {
                Path dir = Files.createDirectories(root.resolve(hash(session)).resolve(compose));
                return new Workspace(dir, new ArrayList<>(), clock.instant());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static long total(Workspace workspace) {
        synchronized (workspace) {
            return workspace.files().stream().mapToLong(Stored::size).sum();
        }
    }

    static void checkCompose(String compose) {
        try {
            UUID.fromString(compose);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInput("compose", "mail.compose.invalid");
        }
    }

    private static String checkToken(String token) {
        try {
            return UUID.fromString(token).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInput("attachment", "mail.compose.invalid");
        }
    }

    /** The name as the user's browser gave it, without a path, control characters or more than 200 characters. */
    static String safeName(String filename) {
        String name = filename == null ? "" : filename;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "attachment";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    static String safeType(String contentType) {
        if (contentType == null || !contentType.matches("^[a-zA-Z0-9!#$&^_.+-]{1,64}/[a-zA-Z0-9!#$&^_.+-]{1,64}$")) {
            return "application/octet-stream";
        }
        return contentType.toLowerCase(java.util.Locale.ROOT);
    }

    private static String hash(String session) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(session.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
