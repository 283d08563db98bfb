package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.postern.mail.internal.html.MailUrls.Kind;

class MailUrlsTests {

    @Test
    void cleansAUrlTheWayABrowserReadsIt() {
        assertThat(MailUrls.clean(" \u0001 jav\tas\ncr\ript:alert(1) \u0000")).isEqualTo("javascript:alert(1)");
        assertThat(MailUrls.kind(MailUrls.clean("jav\tascript:x"))).isEqualTo(Kind.OTHER);
    }

    @Test
    void tellsKindsApartWhateverTheCase() {
        assertThat(MailUrls.kind("HTTPS://x")).isEqualTo(Kind.HTTP);
        assertThat(MailUrls.kind("//x.test/a")).isEqualTo(Kind.HTTP);
        assertThat(MailUrls.kind("MailTo:a@b")).isEqualTo(Kind.MAILTO);
        assertThat(MailUrls.kind("CID:a@b")).isEqualTo(Kind.CID);
        assertThat(MailUrls.kind("Data:image/png;base64,AA==")).isEqualTo(Kind.DATA);
        assertThat(MailUrls.kind("/relative")).isEqualTo(Kind.OTHER);
        assertThat(MailUrls.kind("\\\\evil.test\\x")).isEqualTo(Kind.OTHER);
        assertThat(MailUrls.kind("https:\\\\evil.test")).isEqualTo(Kind.OTHER);
    }

    @Test
    void linksNeedAHost() {
        assertThat(MailUrls.link("//x.test/p?q")).isEqualTo("https://x.test/p?q");
        assertThat(MailUrls.link("https://")).isNull();
        assertThat(MailUrls.link("https:///path")).isNull();
    }

    @Test
    void remoteImageUrlsAreStrictUris() {
        assertThat(MailUrls.remoteImage("https://[2001:db8::1]:8443/a.png")).contains(
                URI.create("https://[2001:db8::1]:8443/a.png"));
        assertThat(MailUrls.remoteImage("http://x.test/a%zz{b}.png")).contains(
                URI.create("http://x.test/a%25zz%7Bb%7D.png"));
        assertThat(MailUrls.remoteImage("http://x.test:99999999/a.png")).isEmpty();
        assertThat(MailUrls.remoteImage("http://x.test:port/a.png")).isEmpty();
        assertThat(MailUrls.remoteImage("http://bad_host!.test/a.png")).isEmpty();
    }

    @Test
    void onlyBase64RasterDataImagesPass() {
        assertThat(MailUrls.rasterDataImage("data:image/jpeg;base64,/9j/4AAQ")).isTrue();
        assertThat(MailUrls.rasterDataImage("DATA:IMAGE/WEBP;BASE64,UklGRg==")).isTrue();
        assertThat(MailUrls.rasterDataImage("data:image/svg+xml;base64,PHN2Zz4=")).isFalse();
        assertThat(MailUrls.rasterDataImage("data:image/png,%89PNG")).isFalse();
        assertThat(MailUrls.rasterDataImage("data:image/png;base64,AA==\"onerror=x")).isFalse();
    }
}
