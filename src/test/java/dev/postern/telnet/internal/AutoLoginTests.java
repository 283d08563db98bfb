package dev.postern.telnet.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoLoginTests {

    private final List<String> sent = new ArrayList<>();

    private void show(AutoLogin login, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        login.seen(bytes, 0, bytes.length, sent::add);
    }

    @Test
    void answersTheUsualPromptsOnceEach() throws Exception {
        AutoLogin login = new AutoLogin("", "", "kim", "s3cret");

        show(login, "Debian GNU/Linux 12\r\nhost lo");
        show(login, "gin: ");
        show(login, "kim\r\n\u001B[1mPassword:\u001B[0m ");
        show(login, "\r\nLast login: today\r\n$ password: ");

        assertThat(sent).containsExactly("kim\r", "s3cret\r");
        assertThat(login.done()).isTrue();
    }

    @Test
    void answersKoreanPromptsAndConfiguredOnes() throws Exception {
        AutoLogin korean = new AutoLogin("", "", "kim", "비밀");
        show(korean, "사용자 이름: ");
        show(korean, "비밀번호: ");
        assertThat(sent).containsExactly("kim\r", "비밀\r");

        sent.clear();
        AutoLogin custom = new AutoLogin("USERID\\s*=\\s*$", "PASS\\s*=\\s*$", "OPER1", "X");
        show(custom, "login: ");
        assertThat(sent).isEmpty();
        show(custom, "USERID = ");
        show(custom, "PASS = ");
        assertThat(sent).containsExactly("OPER1\r", "X\r");
    }

    @Test
    void aPromptInTheMiddleOfTextIsNoPrompt() throws Exception {
        AutoLogin login = new AutoLogin("", "", "kim", "s3cret");

        show(login, "Enter your login: details below\r\n");

        assertThat(sent).isEmpty();
    }
}
