package dev.postern.mail.internal.mime;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

import dev.postern.mail.MailAddress;

/**
 * The words that {@link Replies} puts into a reply or a forward, in the user's language (from the message bundles) and
 * with dates in the user's time zone.
 *
 * @param attribution the line above a quote: {@code {0}} becomes the date, {@code {1}} the sender (plain replacement,
 *                    no other pattern syntax), e.g. {@code On {0}, {1} wrote:} or {@code {0}, {1} 님이 작성:}
 * @param unknownDate what {@code {0}} becomes when the original's date is unknown
 * @param forwardBanner the line that opens a forwarded message's block
 * @param dates how dates are written; must carry a time zone ({@link DateTimeFormatter#withZone})
 */
public record ReplyWording(String attribution, String unknownDate, String forwardBanner, String fromLabel,
                           String dateLabel, String subjectLabel, String toLabel, String ccLabel,
                           DateTimeFormatter dates) {

    public ReplyWording {
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(unknownDate, "unknownDate");
        Objects.requireNonNull(forwardBanner, "forwardBanner");
        Objects.requireNonNull(fromLabel, "fromLabel");
        Objects.requireNonNull(dateLabel, "dateLabel");
        Objects.requireNonNull(subjectLabel, "subjectLabel");
        Objects.requireNonNull(toLabel, "toLabel");
        Objects.requireNonNull(ccLabel, "ccLabel");
        if (dates == null || dates.getZone() == null) {
            throw new IllegalArgumentException("The date format needs a time zone");
        }
    }

    /** English, as Gmail words it, with dates in the given zone. */
    public static ReplyWording english(ZoneId zone) {
        return new ReplyWording("On {0}, {1} wrote:", "an unknown date", "---------- Forwarded message ----------",
                "From", "Date", "Subject", "To", "Cc",
                DateTimeFormatter.ofPattern("EEE, MMM d, yyyy 'at' h:mm a", Locale.ENGLISH).withZone(zone));
    }

    String attribution(Instant date, MailAddress sender) {
        return attribution.replace("{0}", date(date)).replace("{1}", sender == null ? "" : sender.toString());
    }

    String date(Instant date) {
        return date == null ? unknownDate : dates.format(date);
    }
}
