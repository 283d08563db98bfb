package dev.postern.ftp.web;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

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
import dev.postern.web.Times;

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
    private final Times times;

    FilesController(FileTransfers files, MessageSource messages, Times times) {
        this.files = files;
        this.messages = messages;
        this.times = times;
    }

    static FtpContext context(CurrentUser user, HttpServletRequest request, UUID connection) {
        return new FtpContext(user, request.getSession().getId(), connection);
    }

    /**
     * The paths ticked in the listing's form, each exactly as sent. They are not bound as a {@code List} parameter:
     * Spring turns a single value into a list by splitting it at its commas and trimming the parts, so one ticked
     * {@code a, b.txt} would arrive as {@code a} and {@code b.txt}.
     */
    static List<String> ticked(HttpServletRequest request) {
        String[] values = request.getParameterValues("path");
        return values == null ? List.of() : List.of(values);
    }

    /** The folder's page in the given order, as a redirect target; the default order is left out of the address. */
    static String folder(UUID connection, String path, Sorting sorting) {
        UriComponentsBuilder page = UriComponentsBuilder.fromPath("/files/" + connection)
                .queryParam("path", RemotePaths.normalize(path));
        if (!sorting.equals(Sorting.DEFAULT)) {
            page.queryParam("sort", sorting.sort()).queryParam("order", sorting.order());
        }
        return page.encode().toUriString();
    }

    /**
     * The column and direction the listing is sorted by, from the page's address or, for a form's post, from the
     * form's hidden fields: a form action comes back to the folder in the order the page showed. Anything unknown is
     * the default (by name, ascending).
     */
    record Sorting(String sort, String order) {

        static final Sorting DEFAULT = new Sorting("name", "asc");

        Sorting {
            sort = sort != null && SORTS.contains(sort) ? sort : "name";
            order = "desc".equals(order) ? "desc" : "asc";
        }

        boolean ascending() {
            return order.equals("asc");
        }
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
                  @ModelAttribute Sorting sorting, CurrentUser user, HttpServletRequest request, Model model) {
        FtpContext context = context(user, request, connection);
        String at = RemotePaths.normalize(path);
        String by = sorting.sort();
        boolean ascending = sorting.ascending();
        ConnectionProfile profile = files.connection(context);
        Listing listing = files.list(context, at);
        String shown = RemotePaths.normalize(listing.path() == null ? at : listing.path());
        model.addAttribute("connection", profile);
        model.addAttribute("path", shown);
        model.addAttribute("parent", shown.equals("/") ? null : RemotePaths.parent(shown));
        model.addAttribute("crumbs", RemotePaths.crumbs(shown, profile.name()));
        Locale locale = LocaleContextHolder.getLocale();
        List<RemoteEntry> entries = sorted(listing.entries(), by, ascending, locale);
        model.addAttribute("rows", rows(entries, connection, by, ascending ? "asc" : "desc", locale));
        model.addAttribute("entryCount", entries.size());
        model.addAttribute("others", listing.entries().stream().filter(e -> e.type() == EntryType.OTHER).toList());
        model.addAttribute("columns", SORTS);
        model.addAttribute("sort", by);
        model.addAttribute("order", ascending ? "asc" : "desc");
        model.addAttribute("machineReadable", listing.machineReadable());
        return "files/folder";
    }

    /**
     * The listing's rows as HTML, written here rather than by the template: with 10,000 entries the template's work per
     * row (an expression per attribute, a message lookup per cell) was most of the page's time, at about 27 µs a row
     * even with every string worked out beforehand. Every value is escaped; every word comes from the bundle.
     */
    String rows(List<RemoteEntry> entries, UUID connection, String sort, String order, Locale locale) {
        String base = "/files/" + connection;
        String browse = base + "?path=";
        String browseTail = "&amp;sort=" + sort + "&amp;order=" + order;
        String download = base + "/download?path=";
        Map<EntryType, String> typeLabels = new EnumMap<>(EntryType.class);
        for (EntryType type : EntryType.values()) {
            typeLabels.put(type, HtmlUtils.htmlEscape(messages.getMessage("files.type." + type, null, locale)));
        }
        StringBuilder html = new StringBuilder(entries.size() * 480);
        for (RemoteEntry entry : entries) {
            String name = HtmlUtils.htmlEscape(entry.name());
            String query = HtmlUtils.htmlEscape(UriUtils.encodeQueryParam(entry.path(), StandardCharsets.UTF_8));
            html.append("<tr class=\"entry ").append(entry.type().name().toLowerCase(Locale.ROOT))
                    .append("\" data-name=\"").append(name)
                    .append("\"><td class=\"pick\"><input type=\"checkbox\" form=\"selection-form\" name=\"path\" value=\"")
                    .append(HtmlUtils.htmlEscape(entry.path())).append("\" aria-label=\"").append(name)
                    .append("\"></td><td class=\"name\"><a class=\"open\" href=\"");
            if (entry.file()) {
                html.append(download).append(query);
            } else {
                html.append(browse).append(query).append(browseTail);
            }
            html.append("\">").append(name).append("</a>");
            if (entry.linkTarget() != null) {
                html.append("<span class=\"muted link-target\">").append(HtmlUtils.htmlEscape(
                        messages.getMessage("files.linkTarget", new Object[]{entry.linkTarget()}, locale))).append("</span>");
            }
            html.append("</td><td class=\"size\"");
            if (entry.size() >= 0) {
                html.append(" title=\"").append(HtmlUtils.htmlEscape(
                        messages.getMessage("files.bytes", new Object[]{entry.size()}, locale))).append('"');
            }
            html.append(" data-bytes=\"").append(entry.size()).append("\">");
            if (!entry.directory()) {
                html.append(times.size(entry.size()));
            }
            html.append("</td><td class=\"modified\">");
            if (entry.modified() != null) {
                html.append("<time datetime=\"").append(times.iso(entry.modified())).append("\">")
                        .append(times.brief(entry.modified())).append("</time>");
            }
            html.append("</td><td class=\"type\">").append(typeLabels.get(entry.type()))
                    .append("</td><td class=\"permissions\">");
            if (entry.permissions() != null) {
                html.append("<code>").append(HtmlUtils.htmlEscape(entry.permissions())).append("</code>");
            }
            html.append("</td></tr>\n");
        }
        return html.toString();
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
                        @RequestParam String name, @ModelAttribute Sorting sorting, CurrentUser user,
                        HttpServletRequest request, RedirectAttributes redirect) {
        FtpContext context = context(user, request, connection);
        return act(connection, parent, sorting, redirect, "files.failed.createFolder", name, () -> {
            String created = files.createFolder(context, RemotePaths.normalize(parent), name.strip());
            redirect.addFlashAttribute("notice", "files.folderCreated");
            redirect.addFlashAttribute("noticeArgument", RemotePaths.name(created == null ? name : created));
        });
    }

    /*
     * Rename, copy and delete come from the one form above the listing, whose rows each hold a checkbox named path:
     * none, one or several paths may arrive, and dir says which folder the page showed.
     */

    @PostMapping("/{connection}/rename")
    String rename(@PathVariable UUID connection, @RequestParam(required = false) String dir,
                  @RequestParam(required = false) String to, @ModelAttribute Sorting sorting, CurrentUser user,
                  HttpServletRequest request, RedirectAttributes redirect) {
        return onOne(connection, dir, to, sorting, user, request, redirect, "files.failed.rename", "files.renamed",
                files::rename);
    }

    @PostMapping("/{connection}/copy")
    String copy(@PathVariable UUID connection, @RequestParam(required = false) String dir,
                @RequestParam(required = false) String to, @ModelAttribute Sorting sorting, CurrentUser user,
                HttpServletRequest request, RedirectAttributes redirect) {
        return onOne(connection, dir, to, sorting, user, request, redirect, "files.failed.copy", "files.copied",
                files::copy);
    }

    /** What rename and copy do with the one ticked entry and the name it is to have ({@code to}). */
    @FunctionalInterface
    private interface OneEntryAction {
        void apply(FtpContext context, String from, String target);
    }

    private String onOne(UUID connection, String dir, String to, Sorting sorting, CurrentUser user,
                         HttpServletRequest request, RedirectAttributes redirect, String failed, String done,
                         OneEntryAction action) {
        List<String> paths = ticked(request);
        if (paths.size() != 1) {
            return refuse(connection, paths, dir, sorting, redirect, paths.isEmpty() ? "files.selection.none"
                    : "files.selection.one");
        }
        FtpContext context = context(user, request, connection);
        String from = RemotePaths.normalize(paths.getFirst());
        return act(connection, RemotePaths.parent(from), sorting, redirect, failed, RemotePaths.name(from), () -> {
            String target = RemotePaths.target(from, requireText(to));
            action.apply(context, from, target);
            redirect.addFlashAttribute("notice", done);
            redirect.addFlashAttribute("noticeArgument", target);
        });
    }

    /**
     * Deletes the chosen files, or the chosen folders with everything in them ({@code folder=true}, sent only by the
     * button that says so in so many words). The entries go one by one; the first refusal stops the rest.
     */
    @PostMapping("/{connection}/delete")
    String delete(@PathVariable UUID connection, @RequestParam(required = false) String dir,
                  @RequestParam(defaultValue = "false") boolean folder, @ModelAttribute Sorting sorting,
                  CurrentUser user, HttpServletRequest request, RedirectAttributes redirect) {
        List<String> paths = ticked(request);
        if (paths.isEmpty()) {
            return refuse(connection, paths, dir, sorting, redirect, "files.selection.none");
        }
        FtpContext context = context(user, request, connection);
        List<String> targets = paths.stream().map(RemotePaths::normalize).distinct().toList();
        String here = dir == null ? RemotePaths.parent(targets.getFirst()) : RemotePaths.normalize(dir);
        String[] current = {RemotePaths.name(targets.getFirst())};
        String failed = "files.failed.delete";
        return actOn(connection, here, sorting, redirect, failed, current, () -> {
            int deleted = 0;
            List<DeleteReport.Failure> failures = new ArrayList<>();
            for (String target : targets) {
                current[0] = RemotePaths.name(target);
                if (folder) {
                    DeleteReport report = files.deleteFolder(context, target);
                    deleted += report.deleted();
                    failures.addAll(report.failures());
                } else {
                    files.delete(context, target);
                }
            }
            String name = RemotePaths.name(targets.getFirst());
            if (!failures.isEmpty()) {
                redirect.addFlashAttribute("error", targets.size() == 1
                        ? text("files.failed.deleteSome", name, deleted, failures.size())
                        : text("files.failed.deleteSomeOf", targets.size(), deleted, failures.size()));
                redirect.addFlashAttribute("failures", failures.stream().map(f -> new Failed(f.path(), f.reply())).toList());
            } else if (targets.size() == 1) {
                redirect.addFlashAttribute("notice", folder ? "files.folderDeleted" : "files.deleted");
                redirect.addFlashAttribute("noticeArgument", name);
            } else {
                redirect.addFlashAttribute("notice", folder ? "files.foldersDeleted" : "files.deletedMany");
                redirect.addFlashAttribute("noticeArgument", targets.size());
            }
        });
    }

    /** What could not be deleted, kept in the session until the folder is shown (so it must be serializable). */
    record Failed(String path, String reply) implements Serializable {
    }

    /** Back to the folder, saying what was wrong with the choice of entries. */
    private String refuse(UUID connection, List<String> paths, String dir, Sorting sorting,
                          RedirectAttributes redirect, String problem) {
        redirect.addFlashAttribute("error", text(problem));
        String here = dir != null ? dir : paths.isEmpty() ? "/" : RemotePaths.parent(paths.getFirst());
        return "redirect:" + folder(connection, here, sorting);
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
    private String act(UUID connection, String directory, Sorting sorting, RedirectAttributes redirect, String failed,
                       String name, Runnable action) {
        return actOn(connection, directory, sorting, redirect, failed, new String[]{name}, action);
    }

    /** As {@link #act}, for an action over several entries: {@code name[0]} is the one being worked on. */
    private String actOn(UUID connection, String directory, Sorting sorting, RedirectAttributes redirect,
                         String failed, String[] current, Runnable action) {
        try {
            action.run();
        } catch (InvalidPath e) {
            redirect.addFlashAttribute("error", text(failed, current[0]) + " " + pathProblem(e));
        } catch (FileExists e) {
            redirect.addFlashAttribute("error", text(failed, current[0]) + " " + text("files.exists", e.path()));
        } catch (FtpUnavailable e) {
            redirect.addFlashAttribute("error", text(failed, current[0]) + " " + text(e.status().messageKey()));
            redirect.addFlashAttribute("errorDetail", e.detail());
        }
        return "redirect:" + folder(connection, directory, sorting);
    }

    /** The page's words for a refused path; the facade names the key, and a key it adds later still reads. */
    String pathProblem(InvalidPath e) {
        return messages.getMessage(new DefaultMessageSourceResolvable(new String[]{e.messageKey(), "files.path.invalid"},
                e.arguments(), null), LocaleContextHolder.getLocale());
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }
}
