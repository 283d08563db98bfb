package dev.postern.mail.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.postern.mail.Folder;
import dev.postern.mail.FolderRole;

/**
 * Which folder is the Sent, Drafts, Trash ... folder: the RFC 6154 special-use attribute when the server gives one,
 * else the names such folders usually have (English, Korean, and what common servers and clients create).
 */
final class FolderRoles {

    private static final Map<String, FolderRole> ATTRIBUTES = Map.of(
            "\\sent", FolderRole.SENT,
            "\\drafts", FolderRole.DRAFTS,
            "\\trash", FolderRole.TRASH,
            "\\junk", FolderRole.JUNK,
            "\\archive", FolderRole.ARCHIVE);

    private static final Map<FolderRole, Set<String>> NAMES = Map.of(
            FolderRole.SENT, Set.of("sent", "sent items", "sent messages", "sent mail", "보낸 편지함", "보낸편지함",
                    "보낸메일함", "보낸 메일함"),
            FolderRole.DRAFTS, Set.of("drafts", "draft", "임시 보관함", "임시보관함", "임시 보관함(draft)"),
            FolderRole.TRASH, Set.of("trash", "deleted items", "deleted messages", "bin", "휴지통", "지운 편지함",
                    "지운편지함"),
            FolderRole.JUNK, Set.of("junk", "spam", "junk e-mail", "junk email", "bulk mail", "스팸", "스팸메일함",
                    "스팸 메일함", "정크 메일"),
            FolderRole.ARCHIVE, Set.of("archive", "archives", "보관함", "보관 메일함"));

    private static final List<FolderRole> ORDER = List.of(FolderRole.INBOX, FolderRole.DRAFTS, FolderRole.SENT,
            FolderRole.ARCHIVE, FolderRole.JUNK, FolderRole.TRASH);

    private FolderRoles() {
    }

    static FolderRole fromAttributes(String name, String[] attributes) {
        if ("INBOX".equalsIgnoreCase(name)) {
            return FolderRole.INBOX;
        }
        if (attributes != null) {
            for (String attribute : attributes) {
                FolderRole role = ATTRIBUTES.get(attribute.toLowerCase(Locale.ROOT));
                if (role != null) {
                    return role;
                }
            }
        }
        return FolderRole.NONE;
    }

    static FolderRole fromName(String name, char separator) {
        String leaf = separator == '\0' || name.indexOf(separator) < 0 ? name
                : name.substring(name.lastIndexOf(separator) + 1);
        String key = leaf.strip().toLowerCase(Locale.ROOT);
        // Only top-level folders or direct children of INBOX (Courier, Cyrus) carry a role by name.
        boolean shallow = separator == '\0' || name.indexOf(separator) < 0
                || name.toUpperCase(Locale.ROOT).startsWith("INBOX" + separator) && name.indexOf(separator) == name.lastIndexOf(separator);
        if (!shallow) {
            return FolderRole.NONE;
        }
        for (var entry : NAMES.entrySet()) {
            if (entry.getValue().contains(key)) {
                return entry.getKey();
            }
        }
        return FolderRole.NONE;
    }

    /** Special folders first, in their usual order; then the rest as a tree, parents before children. */
    static List<Folder> ordered(List<Folder> folders) {
        List<Folder> result = new ArrayList<>();
        for (FolderRole role : ORDER) {
            folders.stream().filter(f -> f.role() == role).forEach(result::add);
        }
        folders.stream().filter(f -> f.role() == FolderRole.NONE)
                .sorted(Comparator.comparing((Folder f) -> f.fullName().toLowerCase(Locale.ROOT)))
                .forEach(result::add);
        return List.copyOf(result);
    }
}
