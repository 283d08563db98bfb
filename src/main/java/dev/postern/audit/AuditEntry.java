package dev.postern.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One action to record. Never put a password, token or message body in it: {@code detail} is for
 * identifiers, counts and reasons.
 *
 * @param actor user name, or {@code "system"} / {@code "anonymous"}
 * @param clientIp address the request came from, if there was a request
 * @param action dotted name such as {@code account.login}
 * @param target what was acted on (a user name, a connection, {@code host:port})
 * @param outcome how it ended
 * @param bytes bytes moved, where that means something
 * @param detail small structured facts; values are strings, booleans, integers, lists or maps of those
 */
public record AuditEntry(String actor, String clientIp, String action, String target, Outcome outcome, long bytes,
                         Map<String, Object> detail) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        actor = clean(actor, 200);
        clientIp = clean(clientIp, 100);
        action = clean(action, 100);
        target = clean(target, 1000);
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        detail = normalize(detail == null ? Map.of() : detail);
    }

    public static AuditEntry of(String actor, String clientIp, String action, String target, Outcome outcome) {
        return new AuditEntry(actor, clientIp, action, target, outcome, 0, Map.of());
    }

    public AuditEntry with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(detail);
        more.put(key, value);
        return new AuditEntry(actor, clientIp, action, target, outcome, bytes, more);
    }

    public AuditEntry withBytes(long count) {
        return new AuditEntry(actor, clientIp, action, target, outcome, count, detail);
    }

    /**
     * PostgreSQL text and jsonb cannot hold NUL, and a hostile value must not make the row fail to insert (the
     * action would then go unrecorded): NUL becomes U+FFFD and overlong values are cut.
     */
    private static String clean(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String cleaned = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
        return cleaned.length() <= maxLength ? cleaned : cleaned.substring(0, maxLength) + "…";
    }

    /** Keeps only JSON values whose text form PostgreSQL's jsonb gives back unchanged, so that hashes verify. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> normalize(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(clean(Objects.requireNonNull(key, "detail key"), 100), normalizeValue(value)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object normalizeValue(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> clean(s, 2000);
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case java.math.BigInteger b -> b;
            case Enum<?> e -> e.name();
            case Map<?, ?> m -> normalize((Map<String, ?>) m);
            case Iterable<?> items -> {
                List<Object> list = new ArrayList<>();
                items.forEach(item -> list.add(normalizeValue(item)));
                yield java.util.Collections.unmodifiableList(list);
            }
            default -> value.toString();
        };
    }
}
