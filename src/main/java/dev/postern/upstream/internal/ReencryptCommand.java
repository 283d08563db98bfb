package dev.postern.upstream.internal;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.postern.upstream.Connections;

/**
 * {@code java -jar postern.jar --reencrypt-secrets}: re-encrypts every stored password under the current master key,
 * prints the counts and exits (see README, "Changing the master key").
 */
@Component
@Order(100)
class ReencryptCommand implements ApplicationRunner {

    static final String OPTION = "reencrypt-secrets";

    private final Connections connections;
    private final ConfigurableApplicationContext context;

    ReencryptCommand(Connections connections, ConfigurableApplicationContext context) {
        this.connections = connections;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        Connections.Reencryption result = connections.reencryptSecrets(null);
        System.out.printf("Re-encrypted %d stored password(s) under key %s; %d could not be read with any configured key.%n",
                result.reencrypted(), connections.currentKeyId(), result.unreadable());
        int status = result.unreadable() == 0 ? 0 : 2;
        System.exit(SpringApplication.exit(context, () -> status));
    }
}
