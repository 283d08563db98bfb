package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HtmlTextTests {

    @Test
    void blockElementsAndBreaksBecomeLines() {
        assertThat(MailHtml.toText("<div>one</div><div>two<br>three</div><p>para</p><p>graph</p><h2>Head</h2>tail"))
                .isEqualTo("one\ntwo\nthree\n\npara\n\ngraph\n\nHead\n\ntail");
    }

    @Test
    void whitespaceCollapsesOutsidePre() {
        assertThat(MailHtml.toText("<p>  a \n  b <b>c</b>d  &nbsp;e</p><pre>  x\n    y</pre>"))
                .isEqualTo("a b cd  e\n\n  x\n    y");
    }

    @Test
    void linksAreTextThenUrl() {
        assertThat(MailHtml.toText("<p><a href=\"https://x.test/a?b=1&amp;c=2\">Read more</a></p>"
                + "<p><a href=\"https://x.test/\">https://x.test</a></p>"
                + "<p><a href=\"mailto:help@x.test?subject=Hi\">Write to us</a></p>"
                + "<p><a href=\"mailto:help@x.test\">help@x.test</a></p>"
                + "<p><a href=\"javascript:alert(1)\">Click</a> <a href=\"/relative\">here</a></p>"
                + "<p><a href=\"https://x.test/banner\"><img src=\"cid:b\" alt=\"\"></a>after</p>"))
                .isEqualTo("Read more <https://x.test/a?b=1&c=2>\n\nhttps://x.test\n\nWrite to us <help@x.test>\n\n"
                        + "help@x.test\n\nClick here\n\nafter");
    }

    @Test
    void scriptsStylesAndTheHeadAreNotText() {
        assertThat(MailHtml.toText("<html><head><title>T</title><style>p{color:red}</style></head><body>"
                + "<script>alert(1)</script><p>visible</p><style>.x{}</style><template>t</template>"
                + "<svg><text>s</text></svg><select><option>o</option></select></body></html>"))
                .isEqualTo("visible");
    }

    @Test
    void hiddenPreheaderTextStaysForThePreview() {
        assertThat(MailHtml.toText("<div style=\"display:none\">50% off this week</div><table><tr><td>Hi</td></tr>"
                + "</table>")).isEqualTo("50% off this week\nHi");
    }

    @Test
    void listItemsAreMarked() {
        assertThat(MailHtml.toText("<ul><li>apples</li><li>pears</li></ul><ol start=\"3\"><li>three</li>"
                + "<li>four</li></ol>")).isEqualTo("- apples\n- pears\n\n3. three\n4. four");
    }

    @Test
    void aLongNumberedListIsCountedInOnePass() {
        String html = "<ol start=\"0\">" + "<li>x</li>".repeat(100_000) + "</ol>";

        String text = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> MailHtml.toText(html));

        assertThat(text).startsWith("0. x\n1. x\n").endsWith("\n99999. x");
    }

    @Test
    void tableCellsAreSpacedAndRowsAreLines() {
        assertThat(MailHtml.toText("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>"))
                .isEqualTo("a b\nc d");
    }

    @Test
    void entitiesAreDecodedAndKoreanKept() {
        assertThat(MailHtml.toText("<p>&lt;tag&gt; &amp; &quot;q&quot; 한글 &#xD55C;</p>"))
                .isEqualTo("<tag> & \"q\" 한글 한");
    }

    @Test
    void newsletterPreviewReadsLikeTheMail() {
        String text = MailHtml.toText(MailHtmlTests.resource("/mail/newsletter.html"));

        assertThat(text).startsWith("Up to 50% off this week only — 이번 주만 최대 50% 할인\n")
                .contains("Spring Sale\n\n안녕하세요, 고객님! 봄맞이 세일이 시작되었습니다. 지금 바로 확인하세요.\n\n")
                .contains("Shop now <https://shop.acme.test/spring?utm_source=newsletter&utm_medium=email>")
                .contains("Questions? help@acme.test")
                .contains("Unsubscribe <https://acme.test/unsubscribe?id=42>")
                .doesNotContain("@media", "Spring Sale | ", "\n\n\n");
    }

    @Test
    void nothingInNothingOut() {
        assertThat(MailHtml.toText(null)).isEmpty();
        assertThat(MailHtml.toText(" \n ")).isEmpty();
    }
}
