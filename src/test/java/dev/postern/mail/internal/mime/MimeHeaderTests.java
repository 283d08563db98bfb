package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MimeHeaderTests {

    @Test
    void joinsRfc2231ContinuationsThatSplitACharacter() {
        MimeHeader header = MimeHeader.parse("attachment;\r\n filename*0*=UTF-8''%EB%B6%84%EA%B8;\r\n filename*1*=%B0%20x.pdf",
                null);

        assertThat(header.value()).isEqualTo("attachment");
        assertThat(header.text("filename", null)).isEqualTo("분기 x.pdf");
    }

    @Test
    void decodesRfc2231InKoreanLegacyCharsetsAndMixedSegments() {
        assertThat(MimeHeader.parse("attachment; filename*=ks_c_5601-1987'ko'%8Cc%B9%E6.txt", null)
                .text("filename", null)).isEqualTo("똠방.txt");
        assertThat(MimeHeader.parse("attachment; filename*0*=euc-kr''%C8%B8; filename*1=\"-v2.txt\"", null)
                .text("filename", null)).isEqualTo("회-v2.txt");
    }

    @Test
    void prefersTheRfc2231ValueToThePlainOne() {
        MimeHeader header = MimeHeader.parse("attachment; filename=\"old.pdf\"; filename*=UTF-8''%EC%83%88.pdf", null);

        assertThat(header.text("filename", null)).isEqualTo("새.pdf");
    }

    @Test
    void decodesEncodedWordsInsideQuotedValues() {
        MimeHeader header = MimeHeader.parse(
                "application/pdf; name=\"=?EUC-KR?B?yKux5rW/?=\r\n =?EUC-KR?B?LnBkZg==?=\"", null);

        assertThat(header.value()).isEqualTo("application/pdf");
        assertThat(header.text("name", null)).isEqualTo("홍길동.pdf");
    }

    @Test
    void readsRawEightBitValuesAndLeftoverRfc2231Values() {
        String raw = new String("보고서.hwp".getBytes(MimeCharsets.CP949), StandardCharsets.ISO_8859_1);
        assertThat(MimeHeader.parse("attachment; filename=\"" + raw + "\"", null).text("filename", null))
                .isEqualTo("보고서.hwp");
        assertThat(MimeHeader.decodeValue("ks_c_5601-1987''%C8%B8.txt", null)).isEqualTo("회.txt");
    }

    @Test
    void survivesMissingQuotesEmptyValuesAndStrayText() {
        MimeHeader header = MimeHeader.parse("Text/HTML; charset=\"utf-8; ; junk; name=", null);

        assertThat(header.value()).isEqualTo("text/html");
        assertThat(header.param("charset")).isEqualTo("utf-8; ; junk; name=");
        assertThat(MimeHeader.parse(null, null)).isEqualTo(MimeHeader.EMPTY);
        assertThat(MimeHeader.parse("text/plain; format=flowed; charset=UTF-8", null).param("charset")).isEqualTo("UTF-8");
    }

    @Test
    void keepsBackslashesOfWindowsPaths() {
        assertThat(MimeHeader.parse("attachment; filename=\"C:\\Users\\kim\\doc.txt\"", null).param("filename"))
                .isEqualTo("C:\\Users\\kim\\doc.txt");
        assertThat(Filenames.clean("C:\\Users\\kim\\doc.txt")).isEqualTo("doc.txt");
        assertThat(Filenames.clean("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Filenames.clean("..")).isNull();
    }
}
