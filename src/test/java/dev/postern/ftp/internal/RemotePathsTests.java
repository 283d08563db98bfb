package dev.postern.ftp.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.postern.ftp.InvalidPath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemotePathsTests {

    @Test
    void normalisesSlashesDotsAndInnerParents() {
        assertThat(RemotePaths.normalize(null)).isEqualTo("/");
        assertThat(RemotePaths.normalize("")).isEqualTo("/");
        assertThat(RemotePaths.normalize("docs//2026/./")).isEqualTo("/docs/2026");
        assertThat(RemotePaths.normalize("/docs/old/../new")).isEqualTo("/docs/new");
        assertThat(RemotePaths.normalize("/문서/보고서.txt")).isEqualTo("/문서/보고서.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "../etc", "/a/../../b", "/a/b/../../../c"})
    void refusesAWayOutOfTheRoot(String path) {
        assertThatThrownBy(() -> RemotePaths.normalize(path))
                .isInstanceOfSatisfying(InvalidPath.class, e -> assertThat(e.messageKey()).isEqualTo("files.path.outside"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\r\nDELE b", "/a\nb", "/a\rb", "/a\u0000b", "/a\tb", "/a\u007fb"})
    void refusesControlCharacters(String path) {
        assertThatThrownBy(() -> RemotePaths.normalize(path))
                .isInstanceOfSatisfying(InvalidPath.class, e -> assertThat(e.messageKey()).isEqualTo("files.path.control"));
    }

    @Test
    void refusesBackslashesAndOverlongNames() {
        assertThatThrownBy(() -> RemotePaths.normalize("/..\\..\\windows")).isInstanceOf(InvalidPath.class);
        assertThatThrownBy(() -> RemotePaths.name("가".repeat(86))).isInstanceOf(InvalidPath.class);
        assertThat(RemotePaths.name("가".repeat(85))).hasSize(85);
        assertThatThrownBy(() -> RemotePaths.normalize("/" + "a/".repeat(2100))).isInstanceOf(InvalidPath.class);
    }

    @Test
    void checksSingleNames() {
        assertThat(RemotePaths.name("report 2026.pdf")).isEqualTo("report 2026.pdf");
        for (String bad : new String[]{"", " ", ".", "..", "a/b", "a\nb"}) {
            assertThatThrownBy(() -> RemotePaths.name(bad)).as(bad).isInstanceOf(InvalidPath.class);
        }
    }

    @Test
    void joinsAndSplits() {
        assertThat(RemotePaths.child("/", "a.txt")).isEqualTo("/a.txt");
        assertThat(RemotePaths.child("/docs", "a.txt")).isEqualTo("/docs/a.txt");
        assertThat(RemotePaths.parent("/docs/a.txt")).isEqualTo("/docs");
        assertThat(RemotePaths.parent("/a.txt")).isEqualTo("/");
        assertThat(RemotePaths.fileName("/docs/a.txt")).isEqualTo("a.txt");
        assertThat(RemotePaths.onServer("/home/kim", "/docs")).isEqualTo("/home/kim/docs");
        assertThat(RemotePaths.onServer("/", "/docs")).isEqualTo("/docs");
        assertThat(RemotePaths.onServer("/home/kim", "/")).isEqualTo("/home/kim");
        assertThat(RemotePaths.within("/docs/a", "/docs")).isTrue();
        assertThat(RemotePaths.within("/docs2", "/docs")).isFalse();
    }
}
