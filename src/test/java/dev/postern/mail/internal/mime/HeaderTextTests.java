package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderTextTests {

    /** Encoded words made outside Java (Python's codecs), so that the test does not grade Java with Java. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            UTF-8 Korean           | =?UTF-8?B?7Jyg64uI7L2U65Oc?=                 | 유니코드
            ks_c_5601-1987 as CP949| =?ks_c_5601-1987?B?jGO55rCix88=?=            | 똠방각하
            EUC-KR as CP949        | =?EUC-KR?B?wWQ=?=                            | 햏
            plain EUC-KR           | =?EUC-KR?B?yKux5rW/?=                        | 홍길동
            ISO-2022-KR            | =?ISO-2022-KR?B?GyQpQw5HUTE5Pm4PIA5FVz06Ri4P?= | 한국어 테스트
            GB2312                 | =?GB2312?B?vPLM5dbQzsTTyrz+?=                | 简体中文邮件
            Shift_JIS              | =?Shift_JIS?B?k/qWe4zqgsyMj5a8?=             | 日本語の件名
            ISO-8859-2             | =?ISO-8859-2?B?WmG/87PmIGfqtmyx?=            | Zażółć gęślą
            ISO-8859-15            | =?iso-8859-15?B?UHJpeCAyMKQ=?=               | Prix 20€
            Q encoding, lower case | =?euc-kr?q?=BE=C8=B3=E7=C7=CF=BC=BC=BF=E4?=  | 안녕하세요
            language tag           | =?UTF-8*ko?B?7Jyg64uI7L2U65Oc?=              | 유니코드
            """)
    void decodesEncodedWordsInManyCharsets(String label, String encoded, String expected) {
        assertThat(HeaderText.decode(encoded, null)).isEqualTo(expected);
    }

    @Test
    void guessesAnUnknownCharsetFromTheBytesInsteadOfFailing() {
        assertThat(HeaderText.decode("=?x-unknown-charset?B?7Jyg64uI7L2U65Oc?=", null)).isEqualTo("유니코드");
        assertThat(HeaderText.decode("=?x-unknown?B?yKux5rW/?=", null)).isEqualTo("홍길동");
    }

    @Test
    void joinsACharacterThatTheSenderSplitAcrossTwoEncodedWords() {
        assertThat(HeaderText.decode("=?UTF-8?B?7JWI6w==?= =?UTF-8?B?hZXtlZjshLjsmpQ=?=", null)).isEqualTo("안녕하세요");
    }

    @Test
    void dropsWhiteSpaceBetweenEncodedWordsButKeepsItAroundText() {
        assertThat(HeaderText.decode("=?UTF-8?Q?a?=  \r\n =?UTF-8?Q?b?= c =?UTF-8?Q?d_e?=", null)).isEqualTo("ab c d e");
        assertThat(HeaderText.decode("[공지]=?UTF-8?B?7Jyg64uI7L2U65Oc?=!", null)).isEqualTo("[공지]유니코드!");
    }

    @Test
    void keepsAMalformedEncodedWordAsText() {
        assertThat(HeaderText.decode("=?UTF-8?X?abc?= and =?broken", null)).isEqualTo("=?UTF-8?X?abc?= and =?broken");
    }

    @Test
    void readsRawUtf8HeaderBytes() {
        String raw = new String("회의록 송부".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(raw, MimeCharsets.CP949)).isEqualTo("회의록 송부");
    }

    @Test
    void readsRawEucKrHeaderBytesWithTheHintOrElseAsCp949() {
        String raw = new String("회의록 똠방".getBytes(MimeCharsets.CP949), StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(raw, null)).isEqualTo("회의록 똠방");
        assertThat(HeaderText.decode(raw, java.nio.charset.Charset.forName("EUC-KR"))).startsWith("회의록");
    }

    @Test
    void readsRawLatin1WhenNeitherUtf8NorCp949FitsTheBytes() {
        String raw = new String("Café Müller".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(raw, null)).isEqualTo("Café Müller");
    }

    @Test
    void unfoldsAndRemovesControlCharactersThatEncodedWordsSmuggleIn() {
        // "a\r\nBcc: x@y" encoded: decoded header text must never hold a line break
        assertThat(HeaderText.decode("=?UTF-8?Q?a=0D=0ABcc:_x@y=00?=", null)).isEqualTo("a  Bcc: x@y");
        assertThat(HeaderText.decode("Hello\r\n\tworld", null)).isEqualTo("Hello\tworld".replace('\t', ' '));
    }
}
