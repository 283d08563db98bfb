package dev.postern.telnet.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class AsciicastRecorderTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void quotesAsJson() {
        StringBuilder out = new StringBuilder();

        AsciicastRecorder.quote(out, "a\"b\\c\r\n\t\u001B[0m\u0000\u007F\u2028한글");

        assertThat(out.toString())
                .isEqualTo("\"a\\\"b\\\\c\\r\\n\\t\\u001b[0m\\u0000\\u007f\\u2028한글\"");
    }

    @Test
    void outputBytesBecomeTheSameTextInTheCast() throws Exception {
        String shown = "say \"hi\" \\ 한글\r\n\u001B[1;31mred\u001B[0m\t\u0007\u007f end";

        String[] lines = record(false, shown.getBytes(StandardCharsets.UTF_8));

        JsonNode header = json.readTree(lines[0]);
        assertThat(header.path("version").asInt()).isEqualTo(2);
        JsonNode event = json.readTree(lines[1]);
        assertThat(event.get(1).asString()).isEqualTo("o");
        assertThat(event.get(2).asString()).isEqualTo(shown);
    }

    @Test
    void rawBytesAreRecordedAsTheLatin1CharactersTheyStandFor() throws Exception {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 'z', 0x18, (byte) 0x80};

        String[] lines = record(true, raw);

        assertThat(json.readTree(lines[1]).get(2).asString())
                .isEqualTo(new String(raw, StandardCharsets.ISO_8859_1));
    }

    private String[] record(boolean raw, byte[] output) {
        ConsoleRepository repository = mock(ConsoleRepository.class);
        UUID session = UUID.randomUUID();
        AsciicastRecorder recorder = new AsciicastRecorder(repository, session, 80, 24, "xterm-256color", "test",
                false, raw);
        recorder.output(output, 0, output.length);
        recorder.close();
        ArgumentCaptor<byte[]> chunk = ArgumentCaptor.forClass(byte[].class);
        verify(repository).appendChunk(eq(session), anyInt(), chunk.capture());
        return new String(chunk.getValue(), StandardCharsets.UTF_8).split("\n");
    }
}
