package dev.postern.ftp.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.postern.account.CurrentUser;
import dev.postern.ftp.FileExists;
import dev.postern.ftp.FileTransfers;
import dev.postern.ftp.FtpContext;
import dev.postern.ftp.FtpUnavailable;
import dev.postern.ftp.InvalidPath;
import dev.postern.ftp.UploadRequest;
import dev.postern.ftp.UploadResult;
import dev.postern.upstream.ConnectionNotFound;

/**
 * The upload API of the folder page's script. A file goes up as the raw bytes of a PUT body, streamed to the FTP
 * server as they arrive (nothing is staged on disk); a broken upload resumes from the offset the status answers.
 * Answers are JSON; failures are RFC 9457 problem details, with the server's own reply as the detail.
 */
@RestController
@RequestMapping("/files/{connection}")
class FileUploads {

    private static final Logger log = LoggerFactory.getLogger(FileUploads.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final String PROBLEMS = "https://postern.dev/problems/";

    private final FileTransfers files;
    private final MessageSource messages;

    FileUploads(FileTransfers files, MessageSource messages) {
        this.files = files;
        this.messages = messages;
    }

    /** What the folder's new-folder request carries when it comes as JSON. */
    record NewFolder(String parent, String name) {
    }

    /** How much of the file the server holds already, and whether a file of that name is there. */
    @GetMapping("/upload")
    Map<String, Object> status(@PathVariable UUID connection, @RequestParam String dir, @RequestParam String name,
                               @RequestParam String size, @RequestParam String key, CurrentUser user,
                               HttpServletRequest request) {
        FtpContext context = FilesController.context(user, request, connection);
        UploadRequest upload = upload(dir, name, size, key, "0", "false", "binary");
        long offset = files.uploaded(context, upload);
        boolean exists = files.find(context, RemotePaths.child(upload.directory(), upload.name())).isPresent();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("offset", offset);
        body.put("exists", exists);
        return body;
    }

    @PutMapping("/upload")
    Map<String, Object> upload(@PathVariable UUID connection, @RequestParam String dir, @RequestParam String name,
                               @RequestParam String size, @RequestParam String key, @RequestParam String offset,
                               @RequestParam(defaultValue = "false") String overwrite,
                               @RequestParam(defaultValue = "binary") String type, CurrentUser user,
                               HttpServletRequest request) throws IOException {
        FtpContext context = FilesController.context(user, request, connection);
        UploadRequest upload = upload(dir, name, size, key, offset, overwrite, type);
        UploadResult result = files.upload(context, upload, request.getInputStream());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", result.path());
        body.put("received", result.received());
        body.put("stored", result.stored());
        body.put("complete", result.complete());
        return body;
    }

    @DeleteMapping("/upload")
    ResponseEntity<Void> cancel(@PathVariable UUID connection, @RequestParam String dir, @RequestParam String name,
                                @RequestParam String size, @RequestParam String key, CurrentUser user,
                                HttpServletRequest request) {
        files.cancelUpload(FilesController.context(user, request, connection),
                upload(dir, name, size, key, "0", "false", "binary"));
        return ResponseEntity.noContent().build();
    }

    /** A new folder, for the script (a folder upload makes its folders first); the form's twin is on the page. */
    @PostMapping(value = "/folders", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> createFolder(@PathVariable UUID connection, @RequestBody NewFolder folder,
                                                     CurrentUser user, HttpServletRequest request) {
        if (folder.name() == null || folder.name().isBlank()) {
            throw new BadParameter("name", "files.param.required");
        }
        String created = files.createFolder(FilesController.context(user, request, connection),
                RemotePaths.normalize(folder.parent()), folder.name().strip());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("path",
                created == null ? RemotePaths.child(folder.parent(), folder.name().strip()) : created));
    }

    /** The request as the facade takes it, once each parameter has been checked. */
    static UploadRequest upload(String dir, String name, String size, String key, String offset, String overwrite,
                                String type) {
        if (dir == null || dir.isBlank()) {
            throw new BadParameter("dir", "files.param.required");
        }
        if (name == null || name.isBlank()) {
            throw new BadParameter("name", "files.param.required");
        }
        if (key == null || !KEY.matcher(key).matches()) {
            throw new BadParameter("key", "files.param.key");
        }
        long total = count("size", size);
        long from = count("offset", offset);
        if (from > total) {
            throw new BadParameter("offset", "files.param.offset");
        }
        boolean replace = switch (overwrite) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadParameter("overwrite", "files.param.boolean");
        };
        try {
            return new UploadRequest(RemotePaths.normalize(dir), name, total, key, from, replace,
                    FileDownloads.transferType(type));
        } catch (dev.postern.platform.InvalidInput e) {
            throw new BadParameter("type", "files.type.invalid");
        }
    }

    private static long count(String field, String value) {
        if (value == null || !value.matches("\\d{1,18}")) {
            throw new BadParameter(field, "files.param.count");
        }
        return Long.parseLong(value);
    }

    /** A parameter of the upload API that is missing or malformed. */
    static final class BadParameter extends RuntimeException {

        private final String field;
        private final String messageKey;

        BadParameter(String field, String messageKey) {
            super(field + ": " + messageKey);
            this.field = field;
            this.messageKey = messageKey;
        }
    }

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<ProblemDetail> badParameter(BadParameter bad, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "files.problem.invalidRequest",
                text(bad.messageKey, bad.field), request);
        problem.setProperty("field", bad.field);
        return respond(problem);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            HttpMessageNotReadableException.class})
    ResponseEntity<ProblemDetail> malformed(Exception e, HttpServletRequest request) {
        String field = e instanceof MissingServletRequestParameterException missing ? missing.getParameterName()
                : e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : "body";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "files.problem.invalidRequest",
                text("files.param.required", field), request);
        problem.setProperty("field", field);
        return respond(problem);
    }

    @ExceptionHandler(InvalidPath.class)
    ResponseEntity<ProblemDetail> invalidPath(InvalidPath refused, HttpServletRequest request) {
        String detail = messages.getMessage(new DefaultMessageSourceResolvable(
                new String[]{refused.messageKey(), "files.path.invalid"}, refused.arguments(), null), LocaleContextHolder.getLocale());
        return respond(problem(HttpStatus.BAD_REQUEST, "invalid-path", "files.invalid.title", detail, request));
    }

    @ExceptionHandler(FileExists.class)
    ResponseEntity<ProblemDetail> exists(FileExists exists, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "file-exists", "files.problem.exists",
                text("files.exists", exists.path()), request);
        problem.setProperty("exists", true);
        problem.setProperty("path", exists.path());
        return respond(problem);
    }

    @ExceptionHandler(dev.postern.ftp.UploadOffsetMismatch.class)
    ResponseEntity<ProblemDetail> offsetMismatch(dev.postern.ftp.UploadOffsetMismatch mismatch,
                                                 HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "upload-offset", "files.problem.offset",
                text("files.upload.offset", mismatch.held()), request);
        problem.setProperty("offset", mismatch.held());
        return respond(problem);
    }

    @ExceptionHandler(ConnectionNotFound.class)
    ResponseEntity<ProblemDetail> notFound(HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "files.problem.notFound", null, request));
    }

    @ExceptionHandler(FtpUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(FtpUnavailable failure, HttpServletRequest request) {
        int status = failure.status().httpStatus() >= 400 ? failure.status().httpStatus() : 502;
        log.debug("Upload request failed upstream: {}", failure.getMessage());
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(failure.status().problemType());
        problem.setTitle(text(failure.status().messageKey()));
        problem.setDetail(failure.detail());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("status", status);
        return respond(problem);
    }

    private ProblemDetail problem(HttpStatus status, String slug, String titleKey, String detail,
                                  HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(PROBLEMS + slug));
        problem.setTitle(text(titleKey));
        if (detail != null) {
            problem.setDetail(detail);
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }
}
