package dev.postern.ftp.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's per-connection socket buffers, sized for file transfers (see docs/adr/0009-http-socket-buffers.md).
 */
@Configuration(proxyBeanMethods = false)
class TransferSocketBuffers {

    /**
     * Bytes Tomcat reads from and writes to a connection's socket at a time. Its default, 8 KiB, turns a 1 GiB
     * download into 131,072 write calls and an upload into as many reads; 64 KiB cuts both eightfold, at 112 KiB more
     * heap per open connection. Larger sizes measured no better.
     */
    static final int SOCKET_BUFFER = 64 * 1024;

    @Bean
    TomcatConnectorCustomizer largeSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER));
        };
    }
}
