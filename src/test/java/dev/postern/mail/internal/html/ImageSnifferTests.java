package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSnifferTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "89504E470D0A1A0A0000000D49484452, image/png",
            "474946383761010001000000, image/gif",
            "474946383961010001000000, image/gif",
            "FFD8FFE000104A464946000101, image/jpeg",
            "FFD8FFDB0043000806060706, image/jpeg",
            "524946462400000057454250565038204C, image/webp",
            "0000001C6674797061766966000000006176696D6D696631, image/avif",
            "00000020667479706D696631000000006D696631617669666D696166, image/avif",
            "000000186674797061766973000000006176697300000000, image/avif",
            "424D3A0000000000000036000000280000000100000001000000, image/bmp",
            "0000010001001010000001002000, image/x-icon"
    })
    void knowsTheRasterFormatsByTheirFirstBytes(String hex, String type) {
        assertThat(sniff(bytes(hex))).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "<?xml version=\"1.0\"?><svg/>",
            "<!DOCTYPE html><html><script>alert(1)</script>",
            "%PDF-1.7",
            "GIF90a not quite",
            "RIFF....WAVEfmt ",
            "BM",
            "{\"json\": true}"
    })
    void refusesEverythingElse(String text) {
        assertThat(sniff(text.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0000001C6674797068656963000000006D69663168656963",
            "0000001C667479706D703432000000006D7034316973366F",
            "00000000000000000000",
            "''"
    })
    void otherMediaFilesAndNothingAreNotImages(String hex) {
        assertThat(sniff(bytes(hex))).isNull();
    }

    private static String sniff(byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, ImageSniffer.HEAD_LENGTH);
        return ImageSniffer.sniff(head, Math.min(bytes.length, ImageSniffer.HEAD_LENGTH));
    }

    private static byte[] bytes(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
