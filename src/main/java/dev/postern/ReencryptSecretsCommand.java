package dev.postern;

import java.io.PrintStream;
import java.util.Arrays;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.postern.upstream.Connections;

/**
 * {@code java -jar postern.jar --reencrypt-secrets}: starts Postern without its web server, re-encrypts every stored
 * password under the current master key ({@code POSTERN_MASTER_KEY}, reading older ones with
 * {@code POSTERN_PREVIOUS_MASTER_KEYS}), prints the counts and exits: 0 when every password was readable, 2 when some
 * were not (they are left as they were).
 */
final class ReencryptSecretsCommand {

    static final String OPTION = "--reencrypt-secrets";

    private ReencryptSecretsCommand() {
    }

    static boolean requested(String[] args) {
        return Arrays.asList(args).contains(OPTION);
    }

    static int run(String[] args, PrintStream out) {
        String[] rest = Arrays.stream(args).filter(arg -> !arg.equals(OPTION)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PosternApplication.class)
                .web(WebApplicationType.NONE).run(rest)) {
            Connections connections = context.getBean(Connections.class);
            Connections.Reencryption result = connections.reencryptSecrets(null);
            out.printf("Re-encrypted %d stored password(s) under master key %s; %d could not be read with any "
                    + "configured key.%n", result.reencrypted(), connections.currentKeyId(), result.unreadable());
            return result.unreadable() == 0 ? 0 : 2;
        }
    }
}
