package dev.postern.platform;

/**
 * A setting that stops Postern from starting; the message names the setting and what is wrong with it.
 */
public class InvalidSetting extends RuntimeException {

    private final String setting;

    public InvalidSetting(String setting, String problem) {
        super("Invalid setting " + setting + ": " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    public String problem() {
        return getMessage().substring(("Invalid setting " + setting + ": ").length());
    }
}
