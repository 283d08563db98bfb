package dev.postern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where Postern is built, so `docker compose up` cannot be tried here: these tests check the
 * compose file and the Dockerfile against each other and against the code as far as that is possible.
 */
class DeploymentFilesTests {

    static Map<String, Object> compose;
    static Map<String, Object> services;
    static String dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        services = (Map<String, Object>) compose.get("services");
        dockerfile = Files.readString(Path.of("Dockerfile"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String name) {
        return (Map<String, String>) service(name).get("environment");
    }

    @SuppressWarnings("unchecked")
    static List<String> volumes(String name) {
        return (List<String>) service(name).get("volumes");
    }

    @Test
    void postgresAndPosternAreBothThereAndPosternIsBuiltFromThisRepository() {
        assertThat(service("postern").get("build")).isEqualTo(".");
        assertThat(Path.of("Dockerfile")).exists();
        assertThat((String) service("postgres").get("image")).startsWith("postgres:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void posternWaitsForAHealthyDatabaseWhichWaitsForTheSecrets() {
        Map<String, Map<String, String>> posternDependsOn = (Map<String, Map<String, String>>) service("postern").get("depends_on");
        assertThat(posternDependsOn.get("postgres")).containsEntry("condition", "service_healthy");
        assertThat(service("postgres")).containsKey("healthcheck");
        Map<String, Map<String, String>> postgresDependsOn = (Map<String, Map<String, String>>) service("postgres").get("depends_on");
        assertThat(postgresDependsOn.get("secrets")).containsEntry("condition", "service_completed_successfully");
    }

    @Test
    void theDatabaseSettingsMatchOnBothSides() {
        Map<String, String> postern = environment("postern");
        Map<String, String> postgres = environment("postgres");
        Matcher url = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)$").matcher(postern.get("POSTERN_DB_URL"));
        assertThat(url.matches()).isTrue();
        assertThat(services).containsKey(url.group(1));
        assertThat(url.group(2)).isEqualTo("5432");
        assertThat(url.group(3)).isEqualTo(postgres.get("POSTGRES_DB"));
        assertThat(postern.get("POSTERN_DB_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(postern.get("POSTERN_DB_PASSWORD_FILE")).isEqualTo(postgres.get("POSTGRES_PASSWORD_FILE"));
    }

    @Test
    void theSecretsPosternReadsAreTheOnesTheSecretsServiceWrites() {
        String script = String.join("\n", entrypoint("secrets"));
        Map<String, String> postern = environment("postern");
        for (String file : List.of(postern.get("POSTERN_MASTER_KEY_FILE"), postern.get("POSTERN_DB_PASSWORD_FILE"))) {
            assertThat(script).contains("> " + file);
            String dir = file.substring(0, file.lastIndexOf('/'));
            assertThat(volumes("postern")).anySatisfy(v -> assertThat(v).endsWith(":" + dir + ":ro"));
            assertThat(volumes("secrets")).anySatisfy(v -> assertThat(v).endsWith(":" + dir));
        }
        // The master key belongs to the image's user.
        Matcher uid = Pattern.compile("--uid (\\d+)").matcher(dockerfile);
        assertThat(uid.find()).isTrue();
        assertThat(script).contains("chown " + uid.group(1) + ":" + uid.group(1) + " " + postern.get("POSTERN_MASTER_KEY_FILE"));
        // No secret is written into the compose file itself.
        assertThat(postern).doesNotContainKeys("POSTERN_MASTER_KEY", "POSTERN_DB_PASSWORD");
        assertThat(postern.get("POSTERN_ADMIN_PASSWORD")).isEqualTo("${POSTERN_ADMIN_PASSWORD:-}");
    }

    @SuppressWarnings("unchecked")
    private static List<String> entrypoint(String name) {
        return (List<String>) service(name).get("entrypoint");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNamedVolumeIsDeclared() {
        Map<String, Object> declared = (Map<String, Object>) compose.get("volumes");
        for (String service : services.keySet()) {
            List<String> mounts = (List<String>) ((Map<String, Object>) services.get(service)).get("volumes");
            if (mounts != null) {
                for (String mount : mounts) {
                    assertThat(declared).as(service + " mounts " + mount).containsKey(mount.substring(0, mount.indexOf(':')));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePublishedPortIsTheOneTheImageListensOn() {
        List<String> ports = (List<String>) service("postern").get("ports");
        String containerPort = ports.getFirst().substring(ports.getFirst().lastIndexOf(':') + 1);
        assertThat(dockerfile).contains("EXPOSE " + containerPort).contains("POSTERN_PORT=" + containerPort);
    }

    @Test
    void theDataVolumeIsWhereTheImageKeepsItsData() {
        Matcher dataDir = Pattern.compile("POSTERN_DATA_DIR=(\\S+)").matcher(dockerfile);
        assertThat(dataDir.find()).isTrue();
        assertThat(volumes("postern")).contains("postern-data:" + dataDir.group(1));
    }

    @Test
    void everyFileTheDockerfileCopiesExistsAndTheJarNameMatchesThePom() throws IOException {
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+?) \\S+$").matcher(dockerfile);
        List<String> sources = new ArrayList<>();
        while (copy.find()) {
            for (String source : copy.group(1).split("\\s+")) {
                sources.add(source);
            }
        }
        assertThat(sources).contains("pom.xml", "mvnw", "src/", "db/", ".mvn/");
        sources.forEach(source -> assertThat(Path.of(source)).as(source).exists());
        String artifactId = Files.readString(Path.of("pom.xml")).replaceAll("(?s).*?</parent>.*?<artifactId>([^<]+)</artifactId>.*", "$1");
        assertThat(dockerfile).contains("target/" + artifactId + "-*.jar");
        assertThat(dockerfile).containsPattern("(?m)^USER postern$");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target/").contains("data/");
    }
}
