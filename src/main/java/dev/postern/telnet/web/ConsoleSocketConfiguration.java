package dev.postern.telnet.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** The console's WebSocket endpoint; without allowed origins set, Spring accepts same-origin upgrades only. */
@Configuration
@EnableWebSocket
class ConsoleSocketConfiguration implements WebSocketConfigurer {

    private final ConsoleSocket socket;

    ConsoleSocketConfiguration(ConsoleSocket socket) {
        this.socket = socket;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(socket, "/console/*/socket").addInterceptors(new ConsoleHandshake());
    }
}
