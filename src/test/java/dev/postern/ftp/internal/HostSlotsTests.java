package dev.postern.ftp.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.postern.ftp.FtpProperties;
import dev.postern.ftp.FtpUnavailable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostSlotsTests {

    private final HostSlots slots = new HostSlots(new FtpProperties(Duration.ofMinutes(5), Duration.ofSeconds(60), 2,
            Duration.ofMillis(50), DataSize.ofKilobytes(256), 100_000, Duration.ofDays(7)));

    @Test
    void capsConnectionsPerServerForEveryoneTogether() {
        Runnable first = slots.take("ftp.example.test", 21);
        slots.take("FTP.example.test", 21);

        assertThatThrownBy(() -> slots.take("ftp.example.test", 21))
                .isInstanceOfSatisfying(FtpUnavailable.class,
                        e -> assertThat(e.detail()).contains("max-connections-per-host"));
        // Another port is another server.
        slots.take("ftp.example.test", 990);

        first.run();
        first.run();
        assertThat(slots.inUse("ftp.example.test", 21)).isEqualTo(1);
        slots.take("ftp.example.test", 21);
        assertThat(slots.inUse("ftp.example.test", 21)).isEqualTo(2);
    }
}
