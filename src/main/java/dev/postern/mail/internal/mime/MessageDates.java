package dev.postern.mail.internal.mime;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MailDateFormat;

/**
 * Dates as mailers write them: RFC 5322 through Angus's lenient {@link MailDateFormat}, with the zone names it does not
 * know (KST above all) replaced by offsets first, and a few shapes that are not RFC 5322 at all (ISO 8601, asctime,
 * full month names).
 */
final class MessageDates {

    /** Zones that appear in real Date headers and that MailDateFormat would silently take for UTC. */
    private static final Map<String, String> ZONES = Map.of(
            "KST", "+0900", "JST", "+0900", "HKT", "+0800", "SGT", "+0800", "CET", "+0100", "CEST", "+0200",
            "EET", "+0200", "EEST", "+0300", "BST", "+0100", "UTC", "+0000");
    private static final Pattern ZONE_NAME = Pattern.compile("\\b(KST|JST|HKT|SGT|CET|CEST|EET|EEST|BST|UTC)\\b");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern ASCTIME = Pattern.compile(
            "(?:[A-Za-z]{3}\\s+)?([A-Za-z]{3})\\s+(\\d{1,2})\\s+(\\d{1,2}:\\d{2}:\\d{2})\\s+(\\d{4})");
    private static final Pattern FULL_MONTH = Pattern.compile(
            "\\b(January|February|March|April|June|July|August|September|October|November|December)\\b",
            Pattern.CASE_INSENSITIVE);

    private MessageDates() {
    }

    /** The instant a date header names, or null when it cannot be read. */
    static Instant parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = COMMENT.matcher(HeaderText.unfold(raw)).replaceAll(" ").strip().replaceAll("\\s+", " ");
        Matcher zone = ZONE_NAME.matcher(text);
        text = zone.replaceAll(match -> ZONES.get(match.group(1)));
        Matcher month = FULL_MONTH.matcher(text);
        text = month.replaceAll(match -> match.group(1).substring(0, 3));
        Instant iso = iso(text);
        if (iso != null) {
            return iso;
        }
        Instant asctime = asctime(text);
        if (asctime != null) {
            return asctime;
        }
        try {
            Date date = new MailDateFormat().parse(text);
            return date == null ? null : date.toInstant();
        } catch (ParseException | RuntimeException unreadable) {
            return null;
        }
    }

    private static Instant iso(String text) {
        Matcher m = ISO.matcher(text);
        if (!m.lookingAt()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            String offset = m.group(7);
            ZoneOffset zone = offset == null || offset.equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset);
            return OffsetDateTime.of(local, zone).toInstant();
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    private static Instant asctime(String text) {
        Matcher m = ASCTIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + " " + m.group(2) + " " + m.group(4) + " " + m.group(3),
                    DateTimeFormatter.ofPattern("MMM d yyyy H:mm:ss", Locale.ENGLISH));
            return local.toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException invalid) {
            return null;
        }
    }
}
