package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LenientBase64InputStreamTests {

    private static LenientBase64InputStream decoder(String encoded) {
        return new LenientBase64InputStream(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesWellFormedMimeBase64LikeTheJdk() throws IOException {
        byte[] data = new byte[100_003];
        new Random(7).nextBytes(data);
        String encoded = Base64.getMimeEncoder().encodeToString(data);

        try (LenientBase64InputStream in = decoder(encoded)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.sawGarbage()).isFalse();
        }
    }

    @Test
    void skipsGarbageAndSaysSo() throws IOException {
        try (LenientBase64InputStream in = decoder("aGVs!!!bG8=\r\n")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(in.sawGarbage()).isTrue();
        }
    }

    @Test
    void givesTheBytesOfAShortLastGroupWithoutPadding() throws IOException {
        try (LenientBase64InputStream in = decoder("aGVsbG8")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(in.sawGarbage()).isFalse();
        }
    }

    @Test
    void startsAfreshAfterPaddingInTheMiddle() throws IOException {
        try (LenientBase64InputStream in = decoder("aGk=\r\nIHRoZXJl\r\n")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hi there");
        }
    }
}
