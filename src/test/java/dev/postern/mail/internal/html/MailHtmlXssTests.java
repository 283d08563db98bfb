package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every payload of the malicious corpus ({@code src/test/resources/mail/xss/*.html}: script, event handlers, script
 * URLs in every disguise, SVG, MathML, mXSS, CSS, frames, forms, plug-ins...) comes out inert, with remote images
 * blocked and with them loaded; the output is a fixed point of the sanitiser; and what a browser parses from it is
 * what the sanitiser wrote.
 */
class MailHtmlXssTests {

    private static final Path CORPUS = corpus();

    static Stream<Arguments> payloads() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(file -> file.toString().endsWith(".html")).sorted()
                    .map(file -> Arguments.of(file.getFileName().toString(), read(file))).toList().stream();
        }
    }

    @Test
    void corpusIsThere() throws IOException {
        assertThat(payloads()).hasSizeGreaterThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void comesOutInertWithRemoteImagesBlocked(String name, String payload) {
        String sanitized = MailHtml.sanitize(payload, TestImageLinks.gateway(), false).html();

        InertHtml.assertInert(sanitized);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void comesOutInertWithRemoteImagesLoaded(String name, String payload) {
        String sanitized = MailHtml.sanitize(payload, TestImageLinks.gateway(), true).html();

        InertHtml.assertInert(sanitized);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void sanitisingTheOutputAgainChangesNothing(String name, String payload) {
        TestImageLinks links = TestImageLinks.recognisingItsOwnUrls();
        String once = MailHtml.sanitize(payload, links, true).html();

        String twice = MailHtml.sanitize(once, links, true).html();

        assertThat(twice).isEqualTo(once);
        InertHtml.assertInert(once);
    }

    /**
     * The mXSS check: a browser's parse of the output, written out again, parses the same (no mutation on re-parse),
     * and holds nothing the sanitiser would remove or change.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void whatABrowserParsesIsWhatTheSanitiserWrote(String name, String payload) {
        TestImageLinks links = TestImageLinks.recognisingItsOwnUrls();
        String sanitized = MailHtml.sanitize(payload, links, true).html();
        String parsed = InertHtml.reparsed(sanitized);

        assertThat(InertHtml.reparsed(parsed)).as("stable under re-parse").isEqualTo(parsed);
        assertThat(InertHtml.reparsed(MailHtml.sanitize(parsed, links, true).html()))
                .as("the parsed DOM survives the sanitiser unchanged").isEqualTo(parsed);
    }

    private static Path corpus() {
        URL url = MailHtmlXssTests.class.getResource("/mail/xss");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
