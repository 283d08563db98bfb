package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import java.util.stream.Stream;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlainTextHtmlTests {

    static Stream<String> texts() {
        return Stream.of(
                "Hello,\n\nthis is a plain mail.\n-- \nAlice",
                "a < b && c > d\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>",
                "quotes \" ' ` = @ + and entities &amp; &lt;b&gt; &#106;",
                "  indented\n\ttabbed\n    |  ascii | table |\n    +--------+-------+",
                "See https://example.com/a?b=1&c=2#x, www.example.org. or mailto:bob@example.com!",
                "(https://en.wikipedia.org/wiki/Foo_(bar)) [http://x.test/y]",
                "안녕하세요,\n자세한 내용은 https://example.co.kr/공지 에서 확인하세요.\n감사합니다.",
                "On Mon, Bob wrote:\n> first\n>> second https://quoted.test/\n> > third\n>>> fourth\nback",
                "trailing newlines\n\n\n",
                "javascript:alert(1) data:text/html,<b>x</b> \"onmouseover=alert(1)");
    }

    @Test
    void escapesMarkupAndKeepsLinesAndSpacing() {
        String plain = "a < b && c > d\n  indented\n\n<script>alert(1)</script>";

        String html = MailHtml.textToHtml(plain);
        Document frame = InertHtml.frame(html);

        assertThat(html).startsWith("<pre style=\"white-space:pre-wrap;word-wrap:break-word\">")
                .contains("a &lt; b &amp;&amp; c &gt; d\n  indented\n\n&lt;script&gt;");
        assertThat(frame.select("script")).isEmpty();
        assertThat(frame.selectFirst("pre").wholeText()).isEqualTo(plain);
    }

    @Test
    void makesHttpHttpsMailtoAndWwwAddressesLinks() {
        Elements anchors = anchors("See https://example.com/a?b=1&c=2#x, http://plain.test; www.example.org. "
                + "Write to mailto:bob@example.com!");

        assertThat(anchors.eachAttr("href")).containsExactly("https://example.com/a?b=1&c=2#x", "http://plain.test",
                "http://www.example.org", "mailto:bob@example.com");
        assertThat(anchors.eachText()).containsExactly("https://example.com/a?b=1&c=2#x", "http://plain.test",
                "www.example.org", "mailto:bob@example.com");
        assertThat(anchors.eachAttr("target")).containsOnly("_blank");
        assertThat(anchors.eachAttr("rel")).containsOnly("noopener noreferrer nofollow");
    }

    @Test
    void bracketsAroundALinkAreNotPartOfIt() {
        Elements anchors = anchors("(https://en.wikipedia.org/wiki/Foo_(bar)) [http://x.test/y] <https://z.test/>");

        assertThat(anchors.eachText()).containsExactly("https://en.wikipedia.org/wiki/Foo_(bar)", "http://x.test/y",
                "https://z.test/");
        assertThat(anchors.first().attr("href")).isEqualTo("https://en.wikipedia.org/wiki/Foo_%28bar%29");
    }

    @Test
    void koreanTextEndsALink() {
        Elements anchors = anchors("자세한 내용은 https://example.com에서 확인하세요");

        assertThat(anchors.eachAttr("href")).containsExactly("https://example.com");
        assertThat(InertHtml.frame(MailHtml.textToHtml("자세한 내용은 https://example.com에서 확인하세요")).text())
                .isEqualTo("자세한 내용은 https://example.com에서 확인하세요");
    }

    @Test
    void otherSchemesAndNearMissesAreNotLinks() {
        assertThat(anchors("javascript:alert(1) file:///etc/passwd ftp://files.test xhttp://y.test www. "
                + "wwwx.example.com https:// mailto:nobody user@example.com")).isEmpty();
    }

    @Test
    void quotedLinesAreColouredByDepth() {
        Document frame = InertHtml.frame(MailHtml.textToHtml("> one\n>> two\n> > two too\n>>> three\n>>>> four\nback"));

        Elements quotes = frame.select("pre > span");
        assertThat(quotes.eachText()).containsExactly("> one", ">> two", "> > two too", ">>> three", ">>>> four");
        assertThat(quotes.eachAttr("style")).containsExactly("color:#3465a4", "color:#4e9a06", "color:#4e9a06",
                "color:#75507b", "color:#3465a4");
    }

    @Test
    void linksInQuotedLinesStillWork() {
        Element link = InertHtml.frame(MailHtml.textToHtml("> see https://quoted.test/x")).selectFirst("span > a");

        assertThat(link.attr("href")).isEqualTo("https://quoted.test/x");
    }

    @Test
    void lineBreaksAreNormalisedAndControlCharactersDropped() {
        String html = MailHtml.textToHtml("\n\na\r\nb\rc\u0000d\u0007e\tf\uffff\ud800g");

        assertThat(InertHtml.frame(html).selectFirst("pre").wholeText()).isEqualTo("a\nb\ncde\tfg");
    }

    @ParameterizedTest
    @MethodSource("texts")
    void theSanitiserKeepsTheResultAsItIs(String plain) {
        String html = MailHtml.textToHtml(plain);

        MailHtml.Sanitized sanitized = MailHtml.sanitize(html, TestImageLinks.gateway(), false);

        assertThat(InertHtml.reparsed(sanitized.html())).isEqualTo(InertHtml.reparsed(html));
        assertThat(sanitized.remoteImageCount()).isZero();
        InertHtml.assertInert(html);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void itsTextIsThePlainText(String plain) {
        String html = MailHtml.textToHtml(plain);

        assertThat(MailHtml.toText(html)).isEqualTo(plain.stripTrailing());
        assertThat(InertHtml.frame(html).selectFirst("pre").wholeText()).isEqualTo(plain);
    }

    @Test
    void aLineOfBracketsAfterALinkTakesOnePass() {
        String line = "see (https://x.test/" + ")".repeat(200_000) + ".";

        String html = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> MailHtml.textToHtml(line));

        assertThat(InertHtml.frame(html).select("a").eachAttr("href")).containsExactly("https://x.test/");
    }

    @Test
    void nothingInNothingOut() {
        assertThat(MailHtml.textToHtml(null)).isEmpty();
        assertThat(MailHtml.textToHtml("")).isEmpty();
        assertThat(MailHtml.textToHtml("\r\n\n")).isEmpty();
    }

    private static Elements anchors(String plain) {
        return InertHtml.frame(MailHtml.textToHtml(plain)).select("a");
    }
}
