package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import dev.postern.mail.internal.html.MailHtml.Sanitized;

class MailHtmlTests {

    private static final String NEWSLETTER = resource("/mail/newsletter.html");
    private static final String HERO = "https://cdn.acme.test/campaigns/spring/hero.jpg";
    private static final String PIXEL = "https://track.acme.test/open.gif?id=42";

    private final TestImageLinks links = TestImageLinks.gateway();

    @Test
    void newsletterKeepsItsTablesColoursAndLinks() {
        Sanitized sanitized = MailHtml.sanitize(NEWSLETTER, links, false);
        Document frame = InertHtml.frame(sanitized.html());

        InertHtml.assertInert(sanitized.html());
        assertThat(frame.select("table")).hasSize(4);
        Element container = frame.selectFirst("table[width=600]");
        assertThat(container).isNotNull();
        assertThat(container.attr("bgcolor")).isEqualTo("#ffffff");
        assertThat(container.attr("cellpadding")).isEqualTo("0");
        assertThat(container.attr("style")).isEqualTo("border-collapse:collapse;border:1px solid #dddddd");
        assertThat(container.hasAttr("class")).isFalse();
        assertThat(frame.select("td[style*=background-color:#1a73e8]")).hasSize(1);
        assertThat(frame.selectFirst("h1").attr("style")).isEqualTo("margin:0 0 16px;font-size:28px;color:#1a73e8");
        assertThat(frame.selectFirst("span").attr("style")).isEqualTo("color:#d93025;font-weight:bold");
        assertThat(frame.selectFirst("font").attributes().asList()).extracting(a -> a.getKey() + "=" + a.getValue())
                .containsExactly("face=Georgia, serif", "size=2", "color=#555555");
        Element shop = frame.selectFirst("a:contains(Shop now)");
        assertThat(shop.attr("href")).isEqualTo("https://shop.acme.test/spring?utm_source=newsletter&utm_medium=email");
        assertThat(shop.attr("style")).contains("display:inline-block", "color:#ffffff", "padding:12px 24px");
        assertThat(frame.select("a").eachAttr("href")).containsExactly(
                "https://shop.acme.test/spring?utm_source=newsletter&utm_medium=email", "mailto:help@acme.test",
                "https://acme.test/unsubscribe?id=42");
    }

    @Test
    void bodyBecomesADivThatKeepsTheBodyColours() {
        Document frame = InertHtml.frame(MailHtml.sanitize(NEWSLETTER, links, false).html());

        Element wrapper = frame.body().child(0);
        assertThat(wrapper.normalName()).isEqualTo("div");
        assertThat(wrapper.attr("style")).isEqualTo("background-color:#f4f4f4;margin:0;padding:0");
    }

    @Test
    void headTitleAndStyleSheetsAreDroppedWithTheirText() {
        String html = MailHtml.sanitize(NEWSLETTER, links, false).html();

        assertThat(InertHtml.frame(html).text()).doesNotContain("Spring Sale | ", "@media", ".container", "margin: 0;");
    }

    @Test
    void koreanTextSurvivesUntouched() {
        String korean = "안녕하세요, 고객님! 봄맞이 세일이 시작되었습니다. 지금 바로 확인하세요.";

        String html = MailHtml.sanitize(NEWSLETTER, links, false).html();

        assertThat(html).contains(korean, "이번 주만 최대 50% 할인", "₩50,000");
        assertThat(MailHtml.sanitize("<p lang=\"ko\">한글 — 가나다라 &amp; 『인용』</p>", links, false).html())
                .isEqualTo("<p lang=\"ko\">한글 — 가나다라 &amp; 『인용』</p>");
    }

    @Test
    void inlineImagesAreRewrittenThroughTheMessageParts() {
        Document frame = InertHtml.frame(MailHtml.sanitize(NEWSLETTER, links, false).html());

        assertThat(links.inlineRequests).containsExactly("logo.png@01D9A1B2.3C4D5E60");
        Element logo = frame.selectFirst("img[alt=Acme Shop]");
        assertThat(logo.attr("src")).isEqualTo("/gateway/part/logo.png%4001D9A1B2.3C4D5E60");
        assertThat(logo.attr("width")).isEqualTo("120");
        assertThat(logo.attr("style")).isEqualTo("display:block");
    }

    @Test
    void contentIdsAreDecodedFromTheirCidUrls() {
        String html = MailHtml.sanitize("<img src=\"CID:part1.%252E%40example\" alt=a>"
                + "<img src=\"cid:%3Cangle@example%3E\" alt=b><img src=\"cid:\" alt=c><img src=\"cid:%zz\" alt=d>",
                links, false).html();

        assertThat(links.inlineRequests).containsExactly("part1.%2E@example", "angle@example");
        assertThat(InertHtml.frame(html).select("img[src]")).hasSize(2);
        assertThat(InertHtml.frame(html).select("img:not([src])").eachAttr("alt")).containsExactly("c", "d");
    }

    @Test
    void remoteImagesAreBlockedByDefaultAndCounted() {
        Sanitized sanitized = MailHtml.sanitize(NEWSLETTER, links, false);
        Document frame = InertHtml.frame(sanitized.html());

        assertThat(sanitized.remoteImagesBlocked()).isTrue();
        assertThat(sanitized.remoteImageCount()).isEqualTo(2);
        assertThat(links.remoteRequests).isEmpty();
        Element hero = frame.selectFirst("img[alt=Spring collection]");
        assertThat(hero.hasAttr("src")).as("the hero keeps only its alt text as a placeholder").isFalse();
        assertThat(frame.select("img")).as("the tracking pixel, with no alt text, is gone").hasSize(2);
        assertThat(sanitized.html()).doesNotContain("acme.test/campaigns", "track.acme.test");
    }

    @Test
    void remoteImagesGoThroughTheImageProxyWhenAllowed() {
        Sanitized sanitized = MailHtml.sanitize(NEWSLETTER, links, true);
        Document frame = InertHtml.frame(sanitized.html());

        assertThat(sanitized.remoteImagesBlocked()).isFalse();
        assertThat(sanitized.remoteImageCount()).isEqualTo(2);
        assertThat(links.remoteRequests).containsExactly(HERO, PIXEL);
        assertThat(frame.selectFirst("img[alt=Spring collection]").attr("src")).isEqualTo(proxied(HERO));
        assertThat(frame.select("img[width=1]").attr("src")).isEqualTo(proxied(PIXEL));
        InertHtml.assertInert(sanitized.html());
    }

    @Test
    void remoteImageUrlsAreMadeStrictBeforeTheProxySeesThem() {
        Sanitized sanitized = MailHtml.sanitize("<img src=\"//cdn.test/a b.png#top\">"
                + "<img src=\"HTTPS://Bücher.TEST:8443/x.png?q=한\"><img src=\" http://cdn.test/\ttab.png \">"
                + "<img src=\"https://user:secret@cdn.test/x.png\"><img src=\"https:///nohost.png\">", links, true);

        assertThat(links.remoteRequests).containsExactly("https://cdn.test/a%20b.png",
                "https://xn--bcher-kva.test:8443/x.png?q=%ED%95%9C", "http://cdn.test/%09tab.png");
        assertThat(sanitized.remoteImageCount()).as("URLs the proxy could never fetch are not counted").isEqualTo(3);
    }

    @Test
    void eachElementCountsOnceWhateverItsDuplicateAttributes() {
        Sanitized sanitized = MailHtml.sanitize("<img src=\"https://a.test/1.png\" src=\"https://a.test/2.png\">"
                + "<table background=\"https://a.test/bg.png\"><tr><td background=\"https://a.test/td.png\">x</td>"
                + "</tr></table>", links, false);

        assertThat(sanitized.remoteImageCount()).isEqualTo(3);
        assertThat(sanitized.remoteImagesBlocked()).isTrue();
    }

    @Test
    void backgroundAttributesAreRewrittenLikeImages() {
        String html = "<table background=\"cid:bg@example\"><tr><td background=\"https://cdn.test/cell.png\">x</td>"
                + "<th background=\"javascript:alert(1)\">y</th></tr></table>";

        Document blocked = InertHtml.frame(MailHtml.sanitize(html, links, false).html());
        Document loaded = InertHtml.frame(MailHtml.sanitize(html, links, true).html());

        assertThat(blocked.selectFirst("table").attr("background")).isEqualTo("/gateway/part/bg%40example");
        assertThat(blocked.selectFirst("td").hasAttr("background")).isFalse();
        assertThat(loaded.selectFirst("td").attr("background")).isEqualTo(proxied("https://cdn.test/cell.png"));
        assertThat(loaded.selectFirst("th").hasAttr("background")).isFalse();
    }

    @Test
    void rasterDataImagesStayAndOtherDataUrlsDoNot() {
        String png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/"
                + "PchI7wAAAABJRU5ErkJggg==";
        String html = "<img src=\"" + png + "\" alt=png><img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=svg>"
                + "<img src=\"data:image/png,notbase64\" alt=raw><img src=\"data:text/html;base64,PHA+\" alt=html>";

        Sanitized sanitized = MailHtml.sanitize(html, links, false);
        Elements images = InertHtml.frame(sanitized.html()).select("img");

        assertThat(images.select("[alt=png]").attr("src")).isEqualTo(png);
        assertThat(images.select("[src]")).hasSize(1);
        assertThat(sanitized.remoteImagesBlocked()).isFalse();
    }

    @Test
    void linksOpenOutsideTheFrameWithoutOpenerOrReferrer() {
        String html = "<a href=\"https://ok.test/\" target=\"_self\" rel=\"opener\">1</a>"
                + "<a href=\"//ok.test/relative-scheme\">2</a><a href=\"mailto:a@ok.test?subject=Hi\">3</a>"
                + "<a href=\" HTTP://OK.TEST/Upper \">4</a>";

        Elements anchors = InertHtml.frame(MailHtml.sanitize(html, links, false).html()).select("a");

        assertThat(anchors.eachAttr("href")).containsExactly("https://ok.test/", "https://ok.test/relative-scheme",
                "mailto:a@ok.test?subject=Hi", "HTTP://OK.TEST/Upper");
        assertThat(anchors.eachAttr("target")).containsOnly("_blank").hasSize(4);
        assertThat(anchors.eachAttr("rel")).containsOnly("noopener noreferrer nofollow").hasSize(4);
    }

    @Test
    void linksWithNowhereSafeToGoKeepTheirTextOnly() {
        String html = "<p><a href=\"/logout\">a</a> <a href=\"#top\">b</a> <a href=\"javascript:alert(1)\">c</a> "
                + "<a href=\"ftp://files.test/x\">d</a> <a href=\"https:\">e</a> <a>f</a></p>";

        String sanitized = MailHtml.sanitize(html, links, false).html();

        assertThat(sanitized).isEqualTo("<p>a b c d e f</p>");
        assertThat(MailHtml.sanitize("<a title=\"href\" href=\"/x\">g</a>", links, false).html())
                .isEqualTo("<a title=\"href\">g</a>");
    }

    @Test
    void stylesKeepLayoutAndLoseEverythingOutsideTheAllowList() {
        String html = "<p style=\"color: red; display: flex; position: absolute; top: 0; z-index: 9; margin: -10px;"
                + " padding: 4px 8px; font-family: Arial, 'Malgun Gothic', sans-serif; opacity: 0;"
                + " background: #fff url(https://track.test/p.gif) no-repeat; width: 50%; text-align: center\">x</p>"
                + "<div style=\"display:none\">preheader</div><div style=\"display: inline-block\">y</div>";

        Document frame = InertHtml.frame(MailHtml.sanitize(html, links, false).html());

        assertThat(frame.selectFirst("p").attr("style")).isEqualTo("color:red;padding:4px 8px;"
                + "font-family:'arial' , 'malgun gothic' , sans-serif;background:#fff no-repeat;width:50%;"
                + "text-align:center");
        assertThat(frame.select("div").eachAttr("style")).containsExactly("display:none", "display:inline-block");
    }

    @Test
    void legacyAttributesAreKeptOnlyWithSafeValues() {
        String html = "<table width=\"100%\" height=\"expression(1)\" border=\"1\" cellpadding=\"x\" "
                + "bgcolor=\"#abc\" align=\"center\"><tr valign=\"top\"><td colspan=\"2\" nowrap "
                + "bgcolor=\"red;background:url(x)\">x</td></tr></table>"
                + "<font face=\"맑은 고딕, Arial\" size=\"+1\" color=\"#FF0000\">f</font><ol start=\"3\" type=\"a\">"
                + "<li>i</li></ol><p dir=\"rtl\" lang=\"ko-KR\" title=\"t\">p</p><p dir=\"evil\" lang=\"<x>\">q</p>";

        String sanitized = MailHtml.sanitize(html, links, false).html();

        assertThat(sanitized).isEqualTo("<table width=\"100%\" border=\"1\" bgcolor=\"#abc\" align=\"center\">"
                + "<tbody><tr valign=\"top\"><td colspan=\"2\" nowrap=\"nowrap\">x</td></tr></tbody></table>"
                + "<font face=\"맑은 고딕, Arial\" size=\"&#43;1\" color=\"#FF0000\">f</font>"
                + "<ol start=\"3\" type=\"a\"><li>i</li></ol><p dir=\"rtl\" lang=\"ko-KR\" title=\"t\">p</p><p>q</p>");
    }

    @Test
    void gatewayUrlsThatAreNotHttpOrAPathAreNotTrusted() {
        ImageLinks broken = new ImageLinks() {
            @Override
            public String inline(String contentId) {
                return "javascript:alert(1)";
            }

            @Override
            public String remote(String absoluteUrl) {
                return "//elsewhere.test/x";
            }
        };

        String sanitized = MailHtml.sanitize("<img src=cid:a alt=a><img src=https://x.test/b alt=b>", broken, true)
                .html();

        assertThat(sanitized).isEqualTo("<img alt=\"a\" /><img alt=\"b\" />");
    }

    @Test
    void imageLinksThatSanitiseDoNotDisturbTheMessageBeingSanitised() {
        ImageLinks nested = new ImageLinks() {
            @Override
            public String inline(String contentId) {
                MailHtml.sanitize("<img src=\"https://inner.test/x.png\">", links, true);
                return "/gateway/part/" + contentId;
            }

            @Override
            public String remote(String absoluteUrl) {
                return "/gateway/image";
            }
        };

        Sanitized sanitized = MailHtml.sanitize("<img src=\"cid:a\"><img src=\"cid:b\">"
                + "<img src=\"https://outer.test/y.png\">", nested, false);

        assertThat(sanitized.html()).isEqualTo("<img src=\"/gateway/part/a\" /><img src=\"/gateway/part/b\" />");
        assertThat(sanitized.remoteImageCount()).isEqualTo(1);
        assertThat(sanitized.remoteImagesBlocked()).isTrue();
    }

    @Test
    void thePolicyUsedOutsideSanitizeDropsEveryImageUrl() {
        String sanitized = MailHtmlPolicy.POLICY.sanitize("<img src=\"cid:a@b\" alt=a><img src=\"https://x.test/\">");

        assertThat(sanitized).isEqualTo("<img alt=\"a\" />");
    }

    @Test
    void concurrentMessagesKeepTheirOwnLinksAndCounts() throws Exception {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < 200; i++) {
                    ImageLinks mine = new ImageLinks() {
                        @Override
                        public String inline(String contentId) {
                            return "/t" + thread + "/" + contentId;
                        }

                        @Override
                        public String remote(String absoluteUrl) {
                            return "/t" + thread + "/remote";
                        }
                    };
                    int remote = i % 5;
                    String html = "<img src=cid:c" + i + ">" + "<img src=https://x.test/r.png>".repeat(remote);
                    Sanitized sanitized = MailHtml.sanitize(html, mine, thread % 2 == 0);
                    if (!sanitized.html().startsWith("<img src=\"/t" + thread + "/c" + i + "\" />")
                            || sanitized.remoteImageCount() != remote
                            || sanitized.remoteImagesBlocked() != (thread % 2 != 0 && remote > 0)) {
                        return false;
                    }
                }
                return true;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void theFramePolicyAllowsNoScriptAndExactlyTheImagesTheSanitiserWrites() {
        List<String> directives = List.of(MailHtml.FRAME_CONTENT_SECURITY_POLICY.split("; "));

        assertThat(directives).contains("default-src 'none'", "img-src 'self' data:", "style-src 'unsafe-inline'",
                "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'");
        assertThat(directives).noneMatch(directive -> directive.startsWith("script-src"));
        assertThat(directives).filteredOn(directive -> directive.startsWith("sandbox")).singleElement()
                .asString().doesNotContain("allow-scripts").contains("allow-popups");
        assertThat(MailHtml.sanitize("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">", links, false)
                .html()).as("data: images do reach the frame").contains("src=\"data:image/gif;base64,");
    }

    @Test
    void nothingInNothingOut() {
        assertThat(MailHtml.sanitize(null, links, false)).isEqualTo(new Sanitized("", false, 0));
        assertThat(MailHtml.sanitize("", links, true)).isEqualTo(new Sanitized("", false, 0));
    }

    private static String proxied(String url) {
        return "/gateway/image?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    static String resource(String name) {
        try (InputStream in = MailHtmlTests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
