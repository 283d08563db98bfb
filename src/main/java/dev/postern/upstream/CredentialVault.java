package dev.postern.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

import dev.postern.platform.Storage;
import dev.postern.upstream.internal.MasterKeys;

/**
 * Encrypts upstream passwords at rest with AES-256-GCM. A ciphertext is {@code version (1) | key id (8) | nonce (12) |
 * ciphertext and tag}; the associated data binds it to what it belongs to (e.g. a connection's id), so that a
 * ciphertext copied to another row does not decrypt.
 */
@Component
public class CredentialVault {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int KEY_ID_BYTES = 8;
    private static final int TAG_BITS = 128;

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    CredentialVault(UpstreamProperties properties, Storage storage) {
        this.keys = MasterKeys.load(properties, storage);
    }

    /** The stored secret could not be decrypted: its key is unknown, or it was altered. */
    public static class UnreadableSecret extends RuntimeException {
        public UnreadableSecret(String message) {
            super(message);
        }
    }

    public byte[] encrypt(String secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyById(keys.currentId()), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + KEY_ID_BYTES + NONCE_BYTES + sealed.length)
                    .put(VERSION).put(HexFormat.of().parseHex(keys.currentId())).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String decrypt(byte[] stored, String context) {
        if (stored == null || stored.length < 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new UnreadableSecret("not a Postern ciphertext");
        }
        String keyId = keyId(stored);
        SecretKey key = keys.find(keyId) == null ? null : keyById(keyId);
        if (key == null) {
            throw new UnreadableSecret("encrypted under an unknown master key " + keyId);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, stored, 1 + KEY_ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            int offset = 1 + KEY_ID_BYTES + NONCE_BYTES;
            return new String(cipher.doFinal(stored, offset, stored.length - offset), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UnreadableSecret("the ciphertext does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * A signature (HMAC-SHA256, base64url) of the message for the purpose, under a key derived from the current master
     * key, so that every gateway instance makes and checks the same signatures. For short-lived tokens in URLs.
     */
    public String sign(String purpose, String message) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(keyById(keys.currentId()));
            byte[] subkey = derive.doFinal(("postern-sign:" + purpose).getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(subkey, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    public boolean verify(String purpose, String message, String signature) {
        return signature != null && java.security.MessageDigest.isEqual(
                sign(purpose, message).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The id of the key a ciphertext was made with. */
    public static String keyId(byte[] stored) {
        return HexFormat.of().formatHex(stored, 1, 1 + KEY_ID_BYTES);
    }

    public String currentKeyId() {
        return keys.currentId();
    }

    public boolean canDecrypt(byte[] stored) {
        return stored != null && stored.length > 1 + KEY_ID_BYTES && keys.find(keyId(stored)) != null;
    }

    private SecretKey keyById(String id) {
        return keys.find(id);
    }
}
