package dev.postern;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Postern: a gateway that turns browser and HTTP actions into SMTP, IMAP/POP3, FTP and Telnet sessions.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PosternApplication {

    public static void main(String[] args) {
        if (ReencryptSecretsCommand.requested(args)) {
            System.exit(ReencryptSecretsCommand.run(args, System.out));
        }
        SpringApplication.run(PosternApplication.class, args);
    }
}
