package dev.postern.account.internal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.postern.account.AccountManagement;
import dev.postern.platform.InvalidInput.Problem;
import dev.postern.account.AccountProperties;
import dev.postern.platform.InvalidSetting;

/**
 * Makes sure someone can sign in to a new installation: the admin named by {@code POSTERN_ADMIN_USERNAME} and
 * {@code POSTERN_ADMIN_PASSWORD} is created when missing; with neither set and no user at all, an {@code admin} with
 * a random password is created and the password printed to the log, once. There is never a fixed default password.
 */
@Component
@Order(0)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String USERNAME_SETTING = "POSTERN_ADMIN_USERNAME (postern.account.admin.username)";
    private static final String PASSWORD_SETTING = "POSTERN_ADMIN_PASSWORD (postern.account.admin.password)";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final AccountManagement accounts;
    private final AccountProperties.Admin admin;
    private final MessageSource messages;

    FirstAdmin(AccountManagement accounts, AccountProperties properties, MessageSource messages) {
        this.accounts = accounts;
        this.admin = properties.admin();
        this.messages = messages;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (admin.configured()) {
            createConfiguredAdmin();
        } else if (accounts.countUsers() == 0) {
            String password = randomPassword();
            accounts.createInitialAdmin("admin", password, true);
            log.warn("""

                    ==================================================================
                    No admin was configured, so Postern created one:
                        user name: admin
                        password:  {}
                    This is the only time the password is shown. Sign in and change it,
                    or set POSTERN_ADMIN_USERNAME and POSTERN_ADMIN_PASSWORD instead.
                    ==================================================================""", password);
        }
    }

    private void createConfiguredAdmin() {
        String username = Usernames.normalize(admin.username());
        if (username.isEmpty()) {
            throw new InvalidSetting(USERNAME_SETTING, "must be set when " + PASSWORD_SETTING + " is set");
        }
        if (!Usernames.valid(username)) {
            throw new InvalidSetting(USERNAME_SETTING, "use 2 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        if (admin.password().isEmpty()) {
            throw new InvalidSetting(PASSWORD_SETTING, "must be set when " + USERNAME_SETTING + " is set");
        }
        if (accounts.findByUsername(username).isPresent()) {
            log.info("The admin {} exists; {} is used only to create it", username, PASSWORD_SETTING);
            return;
        }
        List<Problem> problems = accounts.checkPassword("password", username, admin.password());
        if (!problems.isEmpty()) {
            throw new InvalidSetting(PASSWORD_SETTING, problems.stream()
                    .map(p -> messages.getMessage(p.messageKey(), p.arguments(), p.messageKey(), Locale.ENGLISH))
                    .collect(Collectors.joining("; ")));
        }
        accounts.createInitialAdmin(username, admin.password(), false);
        log.info("Created the admin {} from {}", username, USERNAME_SETTING);
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
