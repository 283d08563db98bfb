package dev.postern.mail.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;

import dev.postern.mail.MessageQuery;

/** A {@link MessageQuery} as the IMAP SEARCH that the server runs (Angus sends non-ASCII words as UTF-8). */
final class SearchTerms {

    private SearchTerms() {
    }

    /** The term, or null when the query matches everything. */
    static SearchTerm of(MessageQuery query) {
        List<SearchTerm> terms = new ArrayList<>();
        if (present(query.text())) {
            String text = query.text().strip();
            terms.add(new OrTerm(new SearchTerm[]{new FromStringTerm(text), new SubjectTerm(text), new BodyTerm(text)}));
        }
        if (present(query.from())) {
            terms.add(new FromStringTerm(query.from().strip()));
        }
        if (present(query.to())) {
            String to = query.to().strip();
            terms.add(new OrTerm(new RecipientStringTerm(Message.RecipientType.TO, to),
                    new RecipientStringTerm(Message.RecipientType.CC, to)));
        }
        if (present(query.subject())) {
            terms.add(new SubjectTerm(query.subject().strip()));
        }
        if (present(query.body())) {
            terms.add(new BodyTerm(query.body().strip()));
        }
        if (query.since() != null) {
            terms.add(new ReceivedDateTerm(ComparisonTerm.GE, day(query.since())));
        }
        if (query.before() != null) {
            terms.add(new ReceivedDateTerm(ComparisonTerm.LT, day(query.before())));
        }
        if (query.unreadOnly()) {
            terms.add(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        }
        if (query.flaggedOnly()) {
            terms.add(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true));
        }
        if (terms.isEmpty()) {
            return null;
        }
        return terms.size() == 1 ? terms.getFirst() : new AndTerm(terms.toArray(SearchTerm[]::new));
    }

    private static Date day(LocalDate day) {
        // IMAP compares dates without time; noon keeps the day whatever zone Angus formats it in.
        return Date.from(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
