package dev.postern.ftp.web;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransferSocketBuffersTests {

    @Test
    void tomcatReadsAndWritesSixtyFourKibibytesAtATime() {
        Connector connector = new Connector();
        new TransferSocketBuffers().largeSocketBuffers().customize(connector);
        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("65536");
        assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("65536");
    }
}
