package dev.postern.telnet.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AsciicastRecorderTests {

    @Test
    void quotesAsJson() {
        StringBuilder out = new StringBuilder();

        AsciicastRecorder.quote(out, "a\"b\\c\r\n\t\u001B[0m\u0000\u007F\u2028한글");

        assertThat(out.toString())
                .isEqualTo("\"a\\\"b\\\\c\\r\\n\\t\\u001b[0m\\u0000\\u007f\\u2028한글\"");
    }
}
