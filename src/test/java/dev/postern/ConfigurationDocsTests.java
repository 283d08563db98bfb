package dev.postern;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.postern.account.AccountProperties;
import dev.postern.platform.PlatformProperties;
import dev.postern.upstream.UpstreamProperties;
import dev.postern.web.WebProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Every setting is in README's configuration table, under the name and environment variable that really work. */
class ConfigurationDocsTests {

    static final List<Class<?>> SETTINGS = List.of(PlatformProperties.class, AccountProperties.class,
            UpstreamProperties.class, WebProperties.class, dev.postern.mail.MailProperties.class,
            dev.postern.ftp.FtpProperties.class);

    @Test
    void everySettingIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (Class<?> settings : SETTINGS) {
            String prefix = settings.getAnnotation(ConfigurationProperties.class).value();
            for (String name : names(prefix, settings)) {
                if (!readme.contains("| `" + name + "` |")) {
                    missing.add(name);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyEnvironmentVariableOfApplicationYmlIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher variables = Pattern.compile("\\$\\{(POSTERN_[A-Z_]+):").matcher(
                Files.readString(Path.of("src/main/resources/application.yml")));
        while (variables.find()) {
            assertThat(readme).contains("| `" + variables.group(1) + "` |");
        }
    }

    @Test
    void theReadmeNamesTheRelaxedVariableOfEverySettingWithoutAnExplicitOne() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `(postern\\.[a-z.-]+)` \\| `([A-Z_]+)` \\|").matcher(readme);
        int rows = 0;
        while (row.find()) {
            rows++;
            String relaxed = row.group(1).replace("-", "").replace('.', '_').toUpperCase();
            String yml = Files.readString(Path.of("src/main/resources/application.yml"));
            boolean explicit = yml.contains("${" + row.group(2) + ":");
            assertThat(explicit || row.group(2).equals(relaxed)).as(row.group(1) + " -> " + row.group(2)).isTrue();
        }
        assertThat(rows).isGreaterThan(20);
    }

    private static List<String> names(String prefix, Class<?> type) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord()) {
                names.addAll(names(name, component.getType()));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
