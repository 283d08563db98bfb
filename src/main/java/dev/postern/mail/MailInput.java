package dev.postern.mail;

import java.util.List;
import java.util.regex.Pattern;

import dev.postern.platform.InvalidInput;

/** Checks what a user sends before any of it reaches the mail server. */
final class MailInput {

    /** IMAP UIDs are numbers; POP3 UIDLs are 1 to 70 printable ASCII characters (RFC 1939). */
    private static final Pattern ID = Pattern.compile("^[\\x21-\\x7E]{1,70}$");
    static final int MAX_IDS = 1000;

    private MailInput() {
    }

    static String folder(String folder) {
        if (folder == null || folder.isBlank() || folder.length() > 500 || hasControl(folder)) {
            throw new InvalidInput("folder", "mail.folder.invalid");
        }
        return folder;
    }

    static List<String> ids(List<String> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new InvalidInput("ids", "mail.ids.invalid");
        }
        for (String id : ids) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new InvalidInput("ids", "mail.ids.invalid");
            }
        }
        return List.copyOf(ids);
    }

    static String newFolderName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > 100 || hasControl(stripped)
                || stripped.chars().anyMatch(c -> c == '/' || c == '.' && stripped.length() == 1)
                || stripped.equals("..") || stripped.startsWith("%") || stripped.contains("*")) {
            throw new InvalidInput("name", "mail.folderName.invalid");
        }
        return stripped;
    }

    static void query(MessageQuery query) {
        for (String text : new String[]{query.text(), query.from(), query.to(), query.subject(), query.body()}) {
            if (text != null && (text.length() > 200 || hasControl(text))) {
                throw new InvalidInput("q", "mail.query.invalid");
            }
        }
        if (query.since() != null && query.before() != null && !query.since().isBefore(query.before())) {
            throw new InvalidInput("before", "mail.query.dates");
        }
    }

    static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029);
    }
}
