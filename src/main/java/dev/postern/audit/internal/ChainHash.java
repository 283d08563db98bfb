package dev.postern.audit.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.postern.audit.Outcome;

/**
 * The hash that links each audit row to the one before it: SHA-256 over the previous hash and the row's fields,
 * each written as {@code <byte length>:<UTF-8 bytes>;} (null as {@code -;}) so that no two rows share an encoding.
 * The detail map is written as compact JSON with sorted keys, so that the key order jsonb gives back does not matter.
 */
final class ChainHash {

    static final byte[] GENESIS = new byte[32];

    private ChainHash() {
    }

    static byte[] next(byte[] previous, long seq, Instant occurredAt, String actor, String clientIp, String action,
                       String target, Outcome outcome, long bytes, Map<String, Object> detail) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(256);
        field(canonical, Long.toString(seq));
        field(canonical, Long.toString(micros(occurredAt)));
        field(canonical, actor);
        field(canonical, clientIp);
        field(canonical, action);
        field(canonical, target);
        field(canonical, outcome.name());
        field(canonical, Long.toString(bytes));
        field(canonical, canonicalJson(detail));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous);
            sha256.update(canonical.toByteArray());
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Timestamps are stored by PostgreSQL to the microsecond; hash exactly what is stored. */
    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes("-;".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        out.write(';');
    }

    static String canonicalJson(Object value) {
        StringBuilder json = new StringBuilder();
        writeJson(json, value);
        return json.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writeJson(StringBuilder json, Object value) {
        switch (value) {
            case null -> json.append("null");
            case String s -> writeString(json, s);
            case Boolean b -> json.append(b);
            case Long l -> json.append(l);
            case Integer i -> json.append(i);
            case Short s -> json.append(s);
            case BigInteger b -> json.append(b);
            case Map<?, ?> map -> {
                json.append('{');
                boolean first = true;
                for (var entry : new TreeMap<>((Map<String, Object>) map).entrySet()) {
                    if (!first) {
                        json.append(',');
                    }
                    first = false;
                    writeString(json, entry.getKey());
                    json.append(':');
                    writeJson(json, entry.getValue());
                }
                json.append('}');
            }
            case List<?> list -> {
                json.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    writeJson(json, list.get(i));
                }
                json.append(']');
            }
            default -> writeString(json, value.toString());
        }
    }

    private static void writeString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
