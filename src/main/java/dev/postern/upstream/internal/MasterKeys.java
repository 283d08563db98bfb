package dev.postern.upstream.internal;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.postern.platform.InvalidSetting;
import dev.postern.platform.Storage;
import dev.postern.platform.SecretFiles;
import dev.postern.upstream.UpstreamProperties;

/**
 * The AES-256 keys that protect stored passwords: the current one, which encrypts, and previous ones, which still
 * decrypt until the secrets are re-encrypted. Each key is known by an id, the first 8 bytes of its SHA-256, which is
 * stored with every ciphertext.
 */
public final class MasterKeys {

    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);
    static final String SETTING = "POSTERN_MASTER_KEY (postern.upstream.master-key)";
    static final String FILE_SETTING = "POSTERN_MASTER_KEY_FILE (postern.upstream.master-key-file)";
    static final String PREVIOUS_SETTING = "POSTERN_PREVIOUS_MASTER_KEYS (postern.upstream.previous-master-keys)";
    static final String KEY_FILE = "master.key";

    private final SecretKey current;
    private final String currentId;
    private final Map<String, SecretKey> byId;

    MasterKeys(SecretKey current, List<SecretKey> previous) {
        this.current = current;
        this.currentId = id(current);
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(currentId, current);
        previous.forEach(key -> keys.putIfAbsent(id(key), key));
        this.byId = Map.copyOf(keys);
    }

    /**
     * The keys from the settings. Without a configured key, the embedded database's installation generates one into
     * the data directory (once, owner-only); with an external database a missing key stops start-up, since a key
     * kept on one instance's disk would leave every other instance unable to read the secrets.
     */
    public static MasterKeys load(UpstreamProperties properties, Storage storage) {
        SecretKey current;
        if (!properties.masterKey().isBlank()) {
            current = parse(properties.masterKey(), SETTING);
        } else if (!properties.masterKeyFile().isBlank()) {
            current = parse(readKeyFile(Path.of(properties.masterKeyFile())), FILE_SETTING);
        } else if (storage.embeddedDatabase()) {
            Path file = storage.dataDir().resolve(KEY_FILE);
            boolean existed = SecretFiles.exists(file);
            current = parse(SecretFiles.readOrCreate(file, MasterKeys::generate), "the key file " + file);
            if (!existed) {
                log.warn("No {} is set: generated a master key into {} (readable by its owner only). Back it up: "
                        + "without it the stored connection passwords cannot be read.", SETTING, file);
            }
        } else {
            throw new InvalidSetting(SETTING, "must be set when an external database is used (POSTERN_DB_URL); "
                    + "generate one with: openssl rand -base64 32");
        }
        List<SecretKey> previous = new ArrayList<>();
        for (String key : properties.previousMasterKeys()) {
            if (!key.isBlank()) {
                previous.add(parse(key.strip(), PREVIOUS_SETTING));
            }
        }
        return new MasterKeys(current, previous);
    }

    private static String readKeyFile(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new InvalidSetting(FILE_SETTING, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static SecretKey parse(String base64, String setting) {
        byte[] bytes;
        try {
            String text = base64.strip();
            bytes = text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(setting, "is not valid base64; generate a key with: openssl rand -base64 32");
        }
        if (bytes.length != 32) {
            throw new InvalidSetting(setting, "must be 32 bytes (256 bits) in base64, not " + bytes.length
                    + " bytes; generate a key with: openssl rand -base64 32");
        }
        SecretKey key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
        return key;
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String id(SecretKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public SecretKey current() {
        return current;
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey find(String id) {
        return byId.get(id);
    }
}
