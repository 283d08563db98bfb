package dev.postern.ftp.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.postern.account.CurrentUser;
import dev.postern.ftp.ByteRange;
import dev.postern.ftp.FileTransfers;
import dev.postern.ftp.FtpContext;
import dev.postern.ftp.RangeNotSatisfiable;
import dev.postern.ftp.RemoteEntry;
import dev.postern.ftp.TransferType;
import dev.postern.platform.InvalidInput;

/**
 * Downloads: a file (streamed, with one HTTP byte range so that a broken download resumes where it stopped), and a
 * folder as a ZIP archive built as it goes. Nothing is written until the server has agreed to send; a failure after
 * that cuts the response off, so that the browser knows the file is incomplete.
 */
@Controller
@RequestMapping("/files/{connection}")
class FileDownloads {

    private static final Logger log = LoggerFactory.getLogger(FileDownloads.class);

    /** Downloads are never rendered by the browser as a page of ours. */
    static final String DOWNLOAD_CSP = "default-src 'none'; sandbox";
    /** Types that a browser could run as a page or a script: sent as plain bytes instead. */
    private static final Set<String> ACTIVE_TYPES = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/xml", "application/xml", "text/javascript", "application/javascript", "application/ecmascript",
            "text/ecmascript");

    private final FileTransfers files;

    FileDownloads(FileTransfers files) {
        this.files = files;
    }

    @GetMapping("/download")
    void download(@PathVariable UUID connection, @RequestParam String path,
                  @RequestParam(defaultValue = "binary") String type,
                  @RequestHeader(value = HttpHeaders.RANGE, required = false) String rangeHeader,
                  @RequestHeader(value = HttpHeaders.IF_RANGE, required = false) String ifRange, CurrentUser user,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        FtpContext context = FilesController.context(user, request, connection);
        TransferType transfer = transferType(type);
        String file = RemotePaths.normalize(path);
        // ASCII transfers change line ends, so byte offsets mean nothing: such a download is always whole.
        ByteRanges.Requested requested = transfer == TransferType.BINARY ? ByteRanges.parse(rangeHeader) : null;
        ByteRange range = null;
        if (requested != null) {
            if (requested.isSuffix() || ifRange != null) {
                RemoteEntry entry = files.find(context, file).orElseThrow(() -> new NoSuchEntry(file));
                if (ifRange == null || sameModification(ifRange, entry.modified())) {
                    if (requested.isSuffix() && requested.suffix() == 0 || requested.isSuffix() && entry.size() == 0) {
                        unsatisfiable(response, entry.size());
                        return;
                    }
                    range = requested.within(entry.size());
                }
            } else {
                range = requested.within(-1);
            }
        }
        ByteRange asked = range;
        Started started = new Started(response);
        try {
            files.download(context, file, transfer, asked, (entry, offset, length) -> {
                response.setContentType(contentType(entry.name()));
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment(entry.name()));
                response.setHeader(HttpHeaders.ACCEPT_RANGES, transfer == TransferType.BINARY ? "bytes" : "none");
                if (entry.modified() != null) {
                    response.setDateHeader(HttpHeaders.LAST_MODIFIED, entry.modified().toEpochMilli());
                }
                response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
                downloadHeaders(response);
                if (asked != null) {
                    response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                    response.setHeader(HttpHeaders.CONTENT_RANGE, contentRange(offset, length, entry.size()));
                }
                long sent = length >= 0 ? length : asked != null && entry.size() >= 0 ? entry.size() - offset : -1;
                if (sent >= 0) {
                    response.setContentLengthLong(sent);
                }
                return started.stream();
            });
        } catch (RangeNotSatisfiable e) {
            if (response.isCommitted()) {
                throw new DownloadAborted(e);
            }
            response.reset();
            unsatisfiable(response, e.size());
        } catch (RuntimeException e) {
            started.failed(e);
        }
    }

    /**
     * The entries ticked in the listing's form (whose rows each hold a checkbox named path, and whose dir says which
     * folder the page showed), as one ZIP: named for the entry when there is one, else for the folder. A post, so that
     * the form's CSRF token comes with it and a long selection fits.
     */
    @PostMapping("/zip")
    void zipSelected(@PathVariable UUID connection, @RequestParam(required = false) String dir, CurrentUser user,
                     HttpServletRequest request, HttpServletResponse response) throws IOException {
        FtpContext context = FilesController.context(user, request, connection);
        List<String> chosen = FilesController.ticked(request);
        String folder = dir != null ? RemotePaths.normalize(dir)
                : chosen.isEmpty() ? "/" : RemotePaths.parent(chosen.getFirst());
        String name = chosen.stream().distinct().count() == 1 ? RemotePaths.name(chosen.getFirst())
                : folder.equals("/") ? files.connection(context).name() : RemotePaths.name(folder);
        zip(response, name, out -> files.downloadSelection(context, folder, chosen, out));
    }

    @GetMapping("/zip")
    void zip(@PathVariable UUID connection, @RequestParam String path, CurrentUser user, HttpServletRequest request,
             HttpServletResponse response) throws IOException {
        FtpContext context = FilesController.context(user, request, connection);
        String folder = RemotePaths.normalize(path);
        String name = folder.equals("/") ? files.connection(context).name() : RemotePaths.name(folder);
        zip(response, name, out -> files.downloadFolder(context, folder, out));
    }

    /** Streams a ZIP built on the fly as {@code name}.zip; a failure before the first byte becomes an error page. */
    private void zip(HttpServletResponse response, String name, java.util.function.Consumer<OutputStream> writer)
            throws IOException {
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment(name + ".zip"));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        downloadHeaders(response);
        Started started = new Started(response);
        try {
            writer.accept(started.stream());
        } catch (RuntimeException e) {
            started.failed(e);
        }
    }

    static TransferType transferType(String type) {
        return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
            case "binary", "i" -> TransferType.BINARY;
            case "ascii", "a" -> TransferType.ASCII;
            default -> throw new InvalidInput("type", "files.type.invalid");
        };
    }

    /**
     * {@code attachment; filename="…"; filename*=UTF-8''…} (RFC 6266, RFC 5987): the ASCII name for old clients, the
     * exact name for the rest.
     */
    static String attachment(String name) {
        StringBuilder fallback = new StringBuilder();
        name.codePoints().forEach(c -> fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + rfc5987(name);
    }

    private static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String contentType(String name) {
        Optional<MediaType> guessed = MediaTypeFactory.getMediaType(name);
        return guessed.map(t -> t.getType() + "/" + t.getSubtype()).filter(t -> !ACTIVE_TYPES.contains(t))
                .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    }

    static String contentRange(long offset, long length, long size) {
        String total = size >= 0 ? Long.toString(size) : "*";
        long last = length >= 0 ? offset + length - 1 : size >= 0 ? size - 1 : -1;
        return last >= offset ? "bytes " + offset + "-" + last + "/" + total : "bytes */" + total;
    }

    /**
     * {@code If-Range} with a date matches only the exact Last-Modified this gateway sends (whole seconds); an entity
     * tag never matches, since none is sent.
     */
    static boolean sameModification(String ifRange, Instant modified) {
        if (modified == null || ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return false;
        }
        try {
            Instant asked = ZonedDateTime.parse(ifRange.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return asked.equals(modified.truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    private static void unsatisfiable(HttpServletResponse response, long size) {
        response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
        response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + (size >= 0 ? size : "*"));
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setContentLength(0);
    }

    private static void downloadHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", DOWNLOAD_CSP);
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    /**
     * The response's body, and what a failure does to it: before anything went out, the response is cleared and the
     * failure becomes the usual error page or status; after, the response is cut off.
     */
    private static final class Started {

        private final HttpServletResponse response;

        Started(HttpServletResponse response) {
            this.response = response;
        }

        OutputStream stream() throws IOException {
            return response.getOutputStream();
        }

        void failed(RuntimeException e) {
            if (e instanceof dev.postern.ftp.TransferBroken) {
                // The browser went away; the facade audited the transfer as interrupted. Nobody is left to tell.
                log.debug("Download closed by the browser: {}", e.getMessage());
                return;
            }
            if (!response.isCommitted()) {
                response.reset();
                throw e;
            }
            log.debug("Download cut off after it began: {}", e.toString());
            throw new DownloadAborted(e);
        }
    }

    /**
     * A download failed after its first bytes went out. Nothing handles it, so the servlet container closes the
     * connection: the browser sees a broken download (and can resume it), never a short file that looks complete.
     */
    static final class DownloadAborted extends RuntimeException {

        DownloadAborted(Throwable cause) {
            super("download cut off", cause);
        }
    }
}
