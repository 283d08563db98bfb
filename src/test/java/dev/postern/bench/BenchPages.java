package dev.postern.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmarks need to read Postern's pages and fill in its forms. */
final class BenchPages {

    private BenchPages() {
    }

    /** A form field's name or value, encoded for an {@code application/x-www-form-urlencoded} body or a query. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The first group of the pattern's first match in the page; it must be there. */
    static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in the page");
        }
        return m.group(1);
    }
}
