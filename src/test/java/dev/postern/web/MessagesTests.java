package dev.postern.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import dev.postern.account.AccountActions;
import dev.postern.audit.Outcome;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.PolicyDecision;
import dev.postern.upstream.Security;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.UpstreamActions;
import dev.postern.upstream.UpstreamStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Every user-facing text comes from the bundles, and English and Korean are both complete. */
class MessagesTests {

    static final Path TEMPLATES = Path.of("src/main/resources/templates");
    static final Path JAVA = Path.of("src/main/java");

    static final Path BUNDLES = Path.of("src/main/resources/i18n");

    /** Every bundle of the language merged ("messages" for English, "messages_ko" for Korean), as the app reads them. */
    static Properties bundle(String name) throws IOException {
        String suffix = name.contains("_") ? name.substring(name.indexOf('_')) : "";
        Properties properties = new Properties();
        for (Path file : files(BUNDLES, ".properties")) {
            String base = file.getFileName().toString().replace(".properties", "");
            boolean korean = base.endsWith("_ko");
            if (suffix.isEmpty() != korean) {
                Properties one = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    one.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
                for (String key : one.stringPropertyNames()) {
                    assertThat(properties).as("key " + key + " defined twice").doesNotContainKey(key);
                    properties.setProperty(key, one.getProperty(key));
                }
            }
        }
        return properties;
    }

    @Test
    void everyBundleIsReadByTheApplication() throws IOException {
        String yml = Files.readString(Path.of("src/main/resources/application.yml"));
        for (Path file : files(BUNDLES, ".properties")) {
            String base = file.getFileName().toString().replace(".properties", "");
            if (!base.endsWith("_ko")) {
                assertThat(yml).contains("i18n/" + base);
                assertThat(BUNDLES.resolve(base + "_ko.properties")).exists();
            }
        }
    }

    static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void englishAndKoreanHaveTheSameKeysAndNoEmptyText() throws IOException {
        Properties english = bundle("messages");
        Properties korean = bundle("messages_ko");
        assertThat(new TreeSet<>(korean.stringPropertyNames())).isEqualTo(new TreeSet<>(english.stringPropertyNames()));
        assertThat(english.values()).allSatisfy(value -> assertThat(value.toString()).isNotBlank());
        assertThat(korean.values()).allSatisfy(value -> assertThat(value.toString()).isNotBlank());
    }

    @Test
    void koreanIsActuallyTranslated() throws IOException {
        Properties english = bundle("messages");
        Properties korean = bundle("messages_ko");
        long same = english.stringPropertyNames().stream()
                .filter(key -> english.getProperty(key).equals(korean.getProperty(key))
                        && english.getProperty(key).chars().anyMatch(Character::isLetter)
                        && english.getProperty(key).length() > 12)
                .count();
        assertThat(same).as("long English texts left untranslated in messages_ko").isZero();
    }

    @Test
    void everyKeyATemplateNamesExists() throws IOException {
        Set<String> keys = bundle("messages").stringPropertyNames();
        Pattern literalKey = Pattern.compile("#\\{([a-zA-Z0-9_.]+)[}(]");
        List<String> missing = new ArrayList<>();
        for (Path template : files(TEMPLATES, ".html")) {
            Matcher m = literalKey.matcher(Files.readString(template));
            while (m.find()) {
                if (!keys.contains(m.group(1))) {
                    missing.add(template + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyKeyBuiltFromAnEnumExists() throws IOException {
        Set<String> keys = bundle("messages").stringPropertyNames();
        List<String> expected = new ArrayList<>();
        for (ConnectionKind kind : ConnectionKind.values()) {
            expected.addAll(List.of("kind." + kind, "home.add." + kind, "home.none." + kind, "connection.new." + kind,
                    "connection.section.server." + kind));
            for (Security security : Security.values()) {
                expected.add("security." + kind + "." + security);
            }
        }
        expected.addAll(List.of("connection.field.charset.FTP", "connection.field.charset.TELNET"));
        for (UpstreamStatus status : UpstreamStatus.values()) {
            expected.add(status.messageKey());
        }
        for (Outcome outcome : Outcome.values()) {
            expected.add("outcome." + outcome);
        }
        for (PolicyDecision.Reason reason : PolicyDecision.Reason.values()) {
            expected.add("policy.reason." + reason);
        }
        for (Transcript.Direction direction : Transcript.Direction.values()) {
            expected.add("test.direction." + direction);
        }
        for (dev.postern.mail.FolderRole role : dev.postern.mail.FolderRole.values()) {
            expected.add("mail.role." + role);
        }
        for (Class<?> actions : List.of(AccountActions.class, UpstreamActions.class, dev.postern.mail.MailActions.class,
                dev.postern.ftp.FtpActions.class)) {
            for (var field : actions.getFields()) {
                try {
                    expected.add("action." + field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(keys).containsAll(expected);
    }

    @Test
    void everyKeyTheJavaCodeNamesExists() throws IOException {
        Set<String> keys = bundle("messages").stringPropertyNames();
        // Message keys appear in Java as string literals handed to problems, notices and form errors.
        Pattern literal = Pattern.compile(
                "(?:Problem|InvalidInput|InvalidPath|rejectValue|reject|addFlashAttribute|addAttribute)\\([^;]*?\"([a-z][a-zA-Z]+(?:\\.[a-zA-Z0-9]+)+)\"");
        List<String> missing = new ArrayList<>();
        for (Path source : files(JAVA, ".java")) {
            Matcher m = literal.matcher(Files.readString(source));
            while (m.find()) {
                String key = m.group(1);
                if (!keys.contains(key) && !key.startsWith("postern.") && !key.startsWith("dev.")) {
                    missing.add(source.getFileName() + ": " + key);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void templatesHoldNoLiteralText() throws IOException {
        List<String> literals = new ArrayList<>();
        for (Path template : files(TEMPLATES, ".html")) {
            Document document = Jsoup.parse(Files.readString(template), "", Parser.xmlParser());
            for (Element element : document.getAllElements()) {
                for (TextNode text : element.textNodes()) {
                    if (!text.text().isBlank() && !replacedByThymeleaf(element)) {
                        literals.add(TEMPLATES.relativize(template) + ": <" + element.tagName() + "> " + text.text().strip());
                    }
                }
            }
        }
        assertThat(literals).isEmpty();
    }

    @Test
    void templatesHoldNoInlineScriptOrStyle() throws IOException {
        for (Path template : files(TEMPLATES, ".html")) {
            Document document = Jsoup.parse(Files.readString(template), "", Parser.xmlParser());
            assertThat(document.select("script:not([src]):not([th:src]), style, [style]")).as(template.toString()).isEmpty();
            assertThat(document.getAllElements().stream()
                    .flatMap(e -> e.attributes().asList().stream())
                    .filter(a -> a.getKey().toLowerCase().startsWith("on") || a.getValue().contains("javascript:")))
                    .as(template.toString()).isEmpty();
        }
    }

    /**
     * Text that Thymeleaf replaces (the element or an ancestor has th:text, th:utext or th:replace) is a prototype. A
     * page's root {@code <html th:replace="~{fragments/layout :: page(...)}">} hands its title and main to the layout,
     * so it does not count.
     */
    private static boolean replacedByThymeleaf(Element element) {
        for (Element e = element; e != null; e = e.parent()) {
            if (e.hasAttr("th:text") || e.hasAttr("th:utext") || e.hasAttr("th:replace") && !e.tagName().equals("html")) {
                return true;
            }
        }
        return false;
    }
}
