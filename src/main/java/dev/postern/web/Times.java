package dev.postern.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * How pages show moments and sizes: {@code ${@times.format(instant)}}, in UTC, the same for every user and instance
 * (the page's script shows {@code <time>} elements in the reader's own zone).
 */
@Component("times")
public class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public String format(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }

    /** For a {@code <time datetime>} attribute, which the page's script shows in the reader's own time zone. */
    public String iso(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** A compact form for lists: the time when today, else the day. */
    public String brief(Instant instant) {
        if (instant == null) {
            return "";
        }
        java.time.LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
        return day.equals(java.time.LocalDate.now(ZoneOffset.UTC)) ? SHORT_TIME.format(instant) : SHORT_DAY.format(instant);
    }

    /** Bytes as people read them: 512 B, 12 KB, 3.4 MB. */
    public String size(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(java.util.Locale.ROOT, "%.1f", value) : Long.toString(Math.round(value)))
                + " " + units[unit];
    }
}
