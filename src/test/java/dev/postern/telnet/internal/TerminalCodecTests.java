package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The streaming character set decoder and the encoder between the host's character set and the browser's UTF-8. */
class TerminalCodecTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            UTF-8       | 한글 and 日本語 and 😀 ok
            EUC-KR      | 한글 텔넷 ok
            CP949       | 똠방각하 한글 ok
            Shift_JIS   | 日本語のテキスト ok
            GBK         | 中文字符 ok
            Big5        | 繁體中文 ok
            ISO-8859-1  | café ÿ ok
            IBM1047     | EBCDIC [text] ok
            IBM037      | EBCDIC text ok
            """)
    void decodesTextSplitAtEveryByteBoundary(String charsetName, String text) {
        Charset charset = new TelnetSettings("h", 23).withCharset(charsetName).hostCharset();
        byte[] encoded = text.getBytes(charset);

        for (int split = 0; split <= encoded.length; split++) {
            TerminalDecoder decoder = new TerminalDecoder(charset);
            ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
            append(utf8, decoder, decoder.decode(encoded, 0, split));
            append(utf8, decoder, decoder.decode(encoded, split, encoded.length - split));
            append(utf8, decoder, decoder.finish());

            assertThat(utf8.toString(StandardCharsets.UTF_8)).as("split at %d", split).isEqualTo(text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UTF-8", "EUC-KR", "CP949", "Shift_JIS", "GBK", "Big5"})
    void neverHandsOnPartOfACharacterWhenBytesComeOneAtATime(String charsetName) {
        Charset charset = new TelnetSettings("h", 23).withCharset(charsetName).hostCharset();
        String text = switch (charsetName) {
            case "Shift_JIS" -> "日本語";
            case "GBK" -> "中文";
            case "Big5" -> "繁體";
            default -> "한글";
        };
        TerminalDecoder decoder = new TerminalDecoder(charset);
        StringBuilder decoded = new StringBuilder();

        for (byte b : text.getBytes(charset)) {
            byte[] out = decoder.decode(new byte[] {b}, 0, 1);
            byte[] piece = java.util.Arrays.copyOf(out, decoder.length());
            String pieceText = new String(piece, StandardCharsets.UTF_8);
            assertThat(pieceText).doesNotContain("\uFFFD");
            assertThat(pieceText.getBytes(StandardCharsets.UTF_8)).isEqualTo(piece);
            decoded.append(pieceText);
        }

        assertThat(decoded.toString()).isEqualTo(text);
    }

    @Test
    void replacesMalformedInputAndAnUnfinishedCharacterAtTheEnd() {
        TerminalDecoder decoder = new TerminalDecoder(Charset.forName("EUC-KR"));
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();

        append(utf8, decoder, decoder.decode(new byte[] {'a', (byte) 0xC7, 'b', (byte) 0xC7}, 0, 4));
        append(utf8, decoder, decoder.finish());

        assertThat(utf8.toString(StandardCharsets.UTF_8)).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void replacesInvalidUtf8() {
        TerminalDecoder decoder = new TerminalDecoder(StandardCharsets.UTF_8);

        byte[] out = decoder.decode(new byte[] {'x', (byte) 0xFF, (byte) 0xC0, 'y'}, 0, 4);

        assertThat(new String(out, 0, decoder.length(), StandardCharsets.UTF_8)).isEqualTo("x\uFFFD\uFFFDy");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"IBM1047", "IBM037"})
    void turnsEbcdicNewLineIntoCrLf(String charsetName) {
        TerminalDecoder decoder = new TerminalDecoder(Charset.forName(charsetName));
        // "A" NL "B" CR LF(0x25) "C"
        byte[] ebcdic = {(byte) 0xC1, 0x15, (byte) 0xC2, 0x0D, 0x25, (byte) 0xC3};

        byte[] out = decoder.decode(ebcdic, 0, ebcdic.length);

        assertThat(new String(out, 0, decoder.length(), StandardCharsets.UTF_8)).isEqualTo("A\r\nB\r\nC");
    }

    @Test
    void leavesLineFeedsAloneOutsideEbcdic() {
        TerminalDecoder decoder = new TerminalDecoder(StandardCharsets.ISO_8859_1);

        byte[] out = decoder.decode(new byte[] {'a', '\n', (byte) 0x85}, 0, 3);

        assertThat(new String(out, 0, decoder.length(), StandardCharsets.UTF_8)).isEqualTo("a\n\u0085");
    }

    @Test
    void knowsEbcdicWhenItSeesIt() {
        assertThat(TerminalDecoder.isEbcdic(Charset.forName("IBM1047"))).isTrue();
        assertThat(TerminalDecoder.isEbcdic(Charset.forName("IBM037"))).isTrue();
        assertThat(TerminalDecoder.isEbcdic(StandardCharsets.UTF_8)).isFalse();
    }

    @Test
    void encodesKoreanTypedInTheBrowserAsEucKr() {
        TerminalEncoder encoder = new TerminalEncoder(Charset.forName("EUC-KR"));

        assertThat(encoder.encode("echo 한글\r")).containsExactly('e', 'c', 'h', 'o', ' ', 0xC7, 0xD1, 0xB1, 0xDB,
                '\r');
    }

    @Test
    void encodesForEbcdicHosts() {
        TerminalEncoder encoder = new TerminalEncoder(Charset.forName("IBM1047"));

        assertThat(encoder.encode("A1\r")).containsExactly(0xC1, 0xF1, 0x0D);
    }

    @Test
    void replacesWhatTheHostCharsetCannotWrite() {
        TerminalEncoder encoder = new TerminalEncoder(Charset.forName("EUC-KR"));

        assertThat(encoder.encode("a😀b")).containsExactly('a', '?', 'b');
    }

    @Test
    void joinsASurrogatePairSplitAcrossTwoStrings() {
        TerminalEncoder encoder = new TerminalEncoder(StandardCharsets.UTF_8);
        String smile = "😀";

        byte[] first = encoder.encode("a" + smile.charAt(0));
        byte[] second = encoder.encode(smile.charAt(1) + "b");

        assertThat(first).containsExactly('a');
        assertThat(second).isEqualTo((smile + "b").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cp949MeansMicrosoftsCodePage() {
        Charset charset = new TelnetSettings("h", 23).withCharset("CP949").hostCharset();

        assertThat(charset.name()).isEqualTo("x-windows-949");
        // A syllable outside EUC-KR's 2,350.
        assertThat(new String("똠".getBytes(charset), charset)).isEqualTo("똠");
    }

    private static void append(ByteArrayOutputStream to, TerminalDecoder decoder, byte[] out) {
        to.write(out, 0, decoder.length());
    }
}
