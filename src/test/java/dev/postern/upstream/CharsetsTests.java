package dev.postern.upstream;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CharsetsTests {

    @Test
    void cp949IsWindowsKoreanWithEveryModernSyllable() {
        // Java's own "CP949" is IBM's code page, which cannot write 똠 or 햏.
        assertThat(Charsets.forName("CP949").name()).isEqualTo("x-windows-949");
        assertThat(Charsets.forName(" cp949 ").newEncoder().canEncode("똠방각하 햏")).isTrue();
        assertThat(Charsets.forName("EUC-KR").name()).isEqualTo("EUC-KR");
    }

    @Test
    void fallsBackToUtf8ForNothingUnknownOrRaw() {
        assertThat(Charsets.orUtf8(null)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Charsets.orUtf8(" ")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Charsets.orUtf8("no-such-charset")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Charsets.orUtf8("RAW")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Charsets.orUtf8("IBM1047").name()).isEqualTo("IBM1047");
    }
}
