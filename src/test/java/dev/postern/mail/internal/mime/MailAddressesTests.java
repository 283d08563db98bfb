package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.postern.mail.MailAddress;

class MailAddressesTests {

    @Test
    void readsWhatPeopleTypeSeparatedByCommasOrSemicolons() {
        List<MailAddress> addresses = MailAddresses.parse(
                " \"홍길동\" <hong@example.kr>; kim@example.kr,  이영희 <LEE@Example.KR> ,, \"Doe, Jane\" <jane@example.com>;");

        assertThat(addresses).containsExactly(
                new MailAddress("홍길동", "hong@example.kr"),
                new MailAddress("", "kim@example.kr"),
                new MailAddress("이영희", "LEE@example.kr"),
                new MailAddress("Doe, Jane", "jane@example.com"));
    }

    @Test
    void readsEscapedQuotesCommentNamesAndLocalhost() {
        assertThat(MailAddresses.parse("\"The \\\"Boss\\\" <b>\" <boss@localhost>, park@example.kr (박 팀장)"))
                .containsExactly(new MailAddress("The \"Boss\" <b>", "boss@localhost"),
                        new MailAddress("박 팀장", "park@example.kr"));
    }

    @Test
    void turnsAnInternationalDomainIntoItsAsciiForm() {
        assertThat(MailAddresses.parse("홍길동 <hong@한국.kr>"))
                .containsExactly(new MailAddress("홍길동", "hong@xn--3e0b707e.kr"));
    }

    @Test
    void readsNothingFromBlankInput() {
        assertThat(MailAddresses.parse(null)).isEmpty();
        assertThat(MailAddresses.parse("  , ;  ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hong", "hong@", "@example.kr", "hong@@example.kr", "a@b@example.kr", "hong@example",
            "hong@exa mple.kr", "hong example.kr", "홍길동@example.kr", "hong@-example.kr", "hong@example..kr",
            "\"홍길동\" hong@example.kr", "홍길동 <hong@example.kr", "<hong@example.kr> extra", "\"unclosed <a@b.kr>",
            "hong@example.kr.", "hong@[127.0.0.1]", ".hong@example.kr"})
    void refusesWhatIsNotAnAddressNamingTheEntry(String bad) {
        // (an unclosed quote or < runs to the end of the list, so the entry named is the rest from there)
        assertThatThrownBy(() -> MailAddresses.parse("ok@example.kr, " + bad + ", fine@example.kr"))
                .isInstanceOf(MalformedAddress.class)
                .satisfies(thrown -> assertThat(((MalformedAddress) thrown).text()).startsWith(bad.strip())
                        .doesNotContain("ok@example.kr"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hong@example.kr\r\nBcc: spy@evil.example", "Hong\n <hong@example.kr>", "hong@example.kr\0"})
    void refusesLineBreaksAndNul(String bad) {
        assertThatThrownBy(() -> MailAddresses.parse(bad))
                .isInstanceOf(MalformedAddress.class)
                .hasMessageContaining("line break or NUL")
                .hasMessageNotContaining("\n");
    }

    @Test
    void formatsAddressesSoThatTheyReadBackTheSame() {
        List<MailAddress> addresses = List.of(new MailAddress("홍길동", "hong@example.kr"),
                new MailAddress("", "kim@example.kr"), new MailAddress("Doe, Jane \"JD\"", "jane@example.com"),
                new MailAddress("Dr. No", "no@example.com"));

        String typed = MailAddresses.format(addresses);

        assertThat(typed).isEqualTo("홍길동 <hong@example.kr>, kim@example.kr, \"Doe, Jane \\\"JD\\\"\" <jane@example.com>, "
                + "\"Dr. No\" <no@example.com>");
        assertThat(MailAddresses.parse(typed)).isEqualTo(addresses);
    }
}
