package dev.postern.ftp.web;

import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.postern.account.CurrentUser;
import dev.postern.ftp.DeleteReport;
import dev.postern.ftp.EntryType;
import dev.postern.ftp.FileExists;
import dev.postern.ftp.FileTransfers;
import dev.postern.ftp.FtpContext;
import dev.postern.ftp.FtpUnavailable;
import dev.postern.ftp.InvalidPath;
import dev.postern.ftp.Listing;
import dev.postern.ftp.RemoteEntry;
import dev.postern.upstream.ConnectionProfile;

/**
 * The file manager's pages: the user's FTP connections, and a folder with what can be done to its entries. Every
 * action is a plain form post that comes back to the folder (post, redirect, get) with a notice, or with what went
 * wrong: the server's own reply, or why Postern refused the name.
 */
@Controller
@RequestMapping("/files")
class FilesController {

    static final List<String> SORTS = List.of("name", "size", "modified");

    private final FileTransfers files;
    private final MessageSource messages;

    FilesController(FileTransfers files, MessageSource messages) {
        this.files = files;
        this.messages = messages;
    }

    static FtpContext context(CurrentUser user, HttpServletRequest request, UUID connection) {
        return new FtpContext(user, request.getSession().getId(), connection);
    }

    /** The folder's page, as a redirect target. */
    static String folder(UUID connection, String path) {
        return UriComponentsBuilder.fromPath("/files/" + connection).queryParam("path", RemotePaths.normalize(path))
                .encode().toUriString();
    }

    @GetMapping
    String connections(CurrentUser user, Model model) {
        List<ConnectionProfile> connections = files.connections(user);
        if (connections.size() == 1) {
            return "redirect:/files/" + connections.getFirst().id();
        }
        model.addAttribute("connections", connections);
        return "files/connections";
    }

    @GetMapping("/{connection}")
    String browse(@PathVariable UUID connection, @RequestParam(defaultValue = "/") String path,
                  @RequestParam(defaultValue = "name") String sort, @RequestParam(defaultValue = "asc") String order,
                  CurrentUser user, HttpServletRequest request, Model model) {
        FtpContext context = context(user, request, connection);
        String at = RemotePaths.normalize(path);
        String by = SORTS.contains(sort) ? sort : "name";
        boolean ascending = !"desc".equals(order);
        ConnectionProfile profile = files.connection(context);
        Listing listing = files.list(context, at);
        String shown = RemotePaths.normalize(listing.path() == null ? at : listing.path());
        model.addAttribute("connection", profile);
        model.addAttribute("path", shown);
        model.addAttribute("parent", shown.equals("/") ? null : RemotePaths.parent(shown));
        model.addAttribute("crumbs", RemotePaths.crumbs(shown, profile.name()));
        model.addAttribute("entries", sorted(listing.entries(), by, ascending, LocaleContextHolder.getLocale()));
        model.addAttribute("others", listing.entries().stream().filter(e -> e.type() == EntryType.OTHER).toList());
        model.addAttribute("columns", SORTS);
        model.addAttribute("sort", by);
        model.addAttribute("order", ascending ? "asc" : "desc");
        model.addAttribute("machineReadable", listing.machineReadable());
        return "files/folder";
    }

    /** Folders first, then by the chosen column; entries no parser understood are shown apart. */
    static List<RemoteEntry> sorted(List<RemoteEntry> entries, String sort, boolean ascending, Locale locale) {
        Collator collator = Collator.getInstance(locale);
        collator.setStrength(Collator.SECONDARY);
        Comparator<RemoteEntry> byName = Comparator.comparing(RemoteEntry::name, collator);
        Comparator<RemoteEntry> column = switch (sort) {
            case "size" -> Comparator.comparingLong(RemoteEntry::size).thenComparing(byName);
            case "modified" -> Comparator.comparing(RemoteEntry::modified,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byName);
            default -> byName.thenComparing(RemoteEntry::name);
        };
        Comparator<RemoteEntry> foldersFirst = Comparator.comparing(e -> !e.directory());
        return entries.stream().filter(e -> e.type() != EntryType.OTHER)
                .sorted(foldersFirst.thenComparing(ascending ? column : column.reversed())).toList();
    }

    @PostMapping("/{connection}/folders")
    String createFolder(@PathVariable UUID connection, @RequestParam(defaultValue = "/") String parent,
                        @RequestParam String name, CurrentUser user, HttpServletRequest request,
                        RedirectAttributes redirect) {
        FtpContext context = context(user, request, connection);
        return act(connection, parent, redirect, "files.failed.createFolder", name, () -> {
            String created = files.createFolder(context, RemotePaths.normalize(parent), name.strip());
            redirect.addFlashAttribute("notice", "files.folderCreated");
            redirect.addFlashAttribute("noticeArgument", RemotePaths.name(created == null ? name : created));
        });
    }

    @PostMapping("/{connection}/rename")
    String rename(@PathVariable UUID connection, @RequestParam String path, @RequestParam String to, CurrentUser user,
                  HttpServletRequest request, RedirectAttributes redirect) {
        FtpContext context = context(user, request, connection);
        String from = RemotePaths.normalize(path);
        return act(connection, RemotePaths.parent(from), redirect, "files.failed.rename", RemotePaths.name(from), () -> {
            String target = RemotePaths.target(from, requireText(to));
            files.rename(context, from, target);
            redirect.addFlashAttribute("notice", "files.renamed");
            redirect.addFlashAttribute("noticeArgument", target);
        });
    }

    @PostMapping("/{connection}/copy")
    String copy(@PathVariable UUID connection, @RequestParam String path, @RequestParam String to, CurrentUser user,
                HttpServletRequest request, RedirectAttributes redirect) {
        FtpContext context = context(user, request, connection);
        String from = RemotePaths.normalize(path);
        return act(connection, RemotePaths.parent(from), redirect, "files.failed.copy", RemotePaths.name(from), () -> {
            String target = RemotePaths.target(from, requireText(to));
            files.copy(context, from, target);
            redirect.addFlashAttribute("notice", "files.copied");
            redirect.addFlashAttribute("noticeArgument", target);
        });
    }

    /** Deletes a file, or a folder with everything in it ({@code folder=true}, which the form says in so many words). */
    @PostMapping("/{connection}/delete")
    String delete(@PathVariable UUID connection, @RequestParam String path,
                  @RequestParam(defaultValue = "false") boolean folder, CurrentUser user, HttpServletRequest request,
                  RedirectAttributes redirect) {
        FtpContext context = context(user, request, connection);
        String target = RemotePaths.normalize(path);
        String name = RemotePaths.name(target);
        return act(connection, RemotePaths.parent(target), redirect, "files.failed.delete", name, () -> {
            if (!folder) {
                files.delete(context, target);
                redirect.addFlashAttribute("notice", "files.deleted");
                redirect.addFlashAttribute("noticeArgument", name);
                return;
            }
            DeleteReport report = files.deleteFolder(context, target);
            if (report.complete()) {
                redirect.addFlashAttribute("notice", "files.folderDeleted");
                redirect.addFlashAttribute("noticeArgument", name);
            } else {
                redirect.addFlashAttribute("error", text("files.failed.deleteSome", name, report.deleted(),
                        report.failures().size()));
                redirect.addFlashAttribute("failures", report.failures());
            }
        });
    }

    private static String requireText(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidPath("files.path.empty", "no name given");
        }
        return value;
    }

    /**
     * Runs the action and comes back to the folder. What the server or Postern refused is shown on the folder's page:
     * the action that failed, why, and the server's own words.
     */
    private String act(UUID connection, String directory, RedirectAttributes redirect, String failed, String name,
                       Runnable action) {
        try {
            action.run();
        } catch (InvalidPath e) {
            redirect.addFlashAttribute("error", text(failed, name) + " " + pathProblem(e));
        } catch (FileExists e) {
            redirect.addFlashAttribute("error", text(failed, name) + " " + text("files.exists", e.path()));
        } catch (FtpUnavailable e) {
            redirect.addFlashAttribute("error", text(failed, name) + " " + text(e.status().messageKey()));
            redirect.addFlashAttribute("errorDetail", e.detail());
        }
        return "redirect:" + folder(connection, directory);
    }

    /** The page's words for a refused path; the facade names the key, and a key it adds later still reads. */
    String pathProblem(InvalidPath e) {
        return messages.getMessage(new DefaultMessageSourceResolvable(new String[]{e.messageKey(), "files.path.invalid"},
                null, null), LocaleContextHolder.getLocale());
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }
}
