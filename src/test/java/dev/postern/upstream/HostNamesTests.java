package dev.postern.upstream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostNamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "localhost", "ftp-1.corp.internal", "10.0.0.1", "::1", "2001:db8::25",
            "xn--9t4b11yi5a.kr", "a_b.example"})
    void acceptsNamesAndAddresses(String host) {
        assertThat(HostNames.valid(HostNames.normalize(host))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "exa mple.com", "mail.example.com\r\nRCPT TO:<x>", "host\0name", "-bad.example",
            "bad-.example", "a..b", "256.1.1.1", "1.2.3", "http://example.com", "user@example.com", "example.com:25",
            "메일.example"})
    void refusesWhatIsNotAHost(String host) {
        assertThat(HostNames.valid(HostNames.normalize(host))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void normalizesCaseBracketsAndTheTrailingDot() {
        assertThat(HostNames.normalize(" Mail.Example.COM. ")).isEqualTo("mail.example.com");
        assertThat(HostNames.normalize("[2001:DB8::1]")).isEqualTo("2001:db8::1");
    }
}
