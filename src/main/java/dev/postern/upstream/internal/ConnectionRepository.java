package dev.postern.upstream.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.postern.upstream.ConnectionGrant;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;

/** Rows of {@code connection} and {@code connection_grant}; the secret column holds ciphertext only. */
@Repository
public class ConnectionRepository {

    private static final String COLUMNS = """
            c.id, c.kind, c.name, c.host, c.port, c.security, c.username, c.secret IS NOT NULL AS has_secret,
            c.options::text AS options, c.owner_id, c.shared, c.updated_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConnectionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The user's own connections and the shared ones granted to them (or every shared one, for an admin). */
    public List<ConnectionProfile> findVisible(long userId, boolean admin) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM connection c
                        WHERE c.owner_id = :user
                           OR (c.shared AND (:admin OR EXISTS (
                                SELECT 1 FROM connection_grant g WHERE g.connection_id = c.id AND g.user_id = :user)))
                        ORDER BY c.kind, lower(c.name), c.id""")
                .param("user", userId).param("admin", admin)
                .query(this::profile).list();
    }

    public Optional<ConnectionProfile> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection c WHERE c.id = ?").param(id).query(this::profile).optional();
    }

    public boolean granted(UUID id, long userId) {
        return jdbc.sql("SELECT count(*) FROM connection_grant WHERE connection_id = ? AND user_id = ?")
                .params(id, userId).query(Long.class).single() > 0;
    }

    public Optional<byte[]> secret(UUID id) {
        return jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(id)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional().flatMap(o -> o);
    }

    public void insert(UUID id, ConnectionKind kind, String name, String host, int port, Security security,
                       String username, byte[] secret, ConnectionOptions options, Long ownerId, boolean shared) {
        jdbc.sql("""
                        INSERT INTO connection (id, kind, name, host, port, security, username, secret, options, owner_id,
                                                shared)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(id, kind.name(), name, host, port, security.name(), username, secret, write(options), ownerId,
                        shared)
                .update();
    }

    /** Updates the profile; a null secret keeps the stored one. */
    public void update(UUID id, String name, String host, int port, Security security, String username, byte[] secret,
                       ConnectionOptions options) {
        jdbc.sql("""
                        UPDATE connection SET name = ?, host = ?, port = ?, security = ?, username = ?,
                               secret = coalesce(?, secret), options = ?::jsonb, updated_at = now()
                        WHERE id = ?""")
                .params(name, host, port, security.name(), username, secret, write(options), id)
                .update();
    }

    public void updateSecret(UUID id, byte[] secret) {
        jdbc.sql("UPDATE connection SET secret = ? WHERE id = ?").params(secret, id).update();
    }

    public void delete(UUID id) {
        jdbc.sql("DELETE FROM connection WHERE id = ?").param(id).update();
    }

    public List<UUID> idsWithSecrets() {
        return jdbc.sql("SELECT id FROM connection WHERE secret IS NOT NULL ORDER BY id").query(UUID.class).list();
    }

    public List<ConnectionGrant> grants(UUID id) {
        return jdbc.sql("""
                        SELECT g.user_id, u.username, g.granted_at FROM connection_grant g
                        JOIN app_user u ON u.id = g.user_id WHERE g.connection_id = ? ORDER BY u.username""")
                .param(id)
                .query((rs, n) -> new ConnectionGrant(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list();
    }

    public boolean grant(UUID id, long userId) {
        return jdbc.sql("INSERT INTO connection_grant (connection_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(id, userId).update() > 0;
    }

    public boolean revoke(UUID id, long userId) {
        return jdbc.sql("DELETE FROM connection_grant WHERE connection_id = ? AND user_id = ?").params(id, userId)
                .update() > 0;
    }

    private ConnectionProfile profile(ResultSet rs, int row) throws SQLException {
        ConnectionKind kind = ConnectionKind.valueOf(rs.getString("kind"));
        long owner = rs.getLong("owner_id");
        Long ownerId = rs.wasNull() ? null : owner;
        return new ConnectionProfile(rs.getObject("id", UUID.class), kind, rs.getString("name"), rs.getString("host"),
                rs.getInt("port"), Security.valueOf(rs.getString("security")), rs.getString("username"),
                rs.getBoolean("has_secret"), ownerId, rs.getBoolean("shared"), read(kind, rs.getString("options")),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private String write(ConnectionOptions options) {
        Map<String, Object> map = new LinkedHashMap<>();
        switch (options) {
            case ConnectionOptions.Mail mail -> {
                map.put("retrieval", mail.retrieval().name());
                map.put("smtpHost", mail.smtpHost());
                map.put("smtpPort", mail.smtpPort());
                map.put("smtpSecurity", mail.smtpSecurity().name());
                map.put("smtpAuth", mail.smtpAuth());
                map.put("displayName", mail.displayName());
                map.put("address", mail.address());
            }
            case ConnectionOptions.Ftp ftp -> {
                map.put("passive", ftp.passive());
                map.put("charset", ftp.charset());
                map.put("rootDirectory", ftp.rootDirectory());
                map.put("pinnedCertificate", ftp.pinnedCertificate());
            }
            case ConnectionOptions.Telnet telnet -> {
                map.put("charset", telnet.charset());
                map.put("terminalType", telnet.terminalType());
                map.put("eof", telnet.eof());
                map.put("autoLogin", telnet.autoLogin());
                map.put("loginPrompt", telnet.loginPrompt());
                map.put("passwordPrompt", telnet.passwordPrompt());
                map.put("record", telnet.record());
                map.put("recordInput", telnet.recordInput());
            }
        }
        return json.writeValueAsString(map);
    }

    private ConnectionOptions read(ConnectionKind kind, String text) {
        JsonNode node = json.readTree(text);
        return switch (kind) {
            case MAIL -> new ConnectionOptions.Mail(
                    RetrievalProtocol.valueOf(node.path("retrieval").asString("IMAP")),
                    node.path("smtpHost").asString(""), node.path("smtpPort").asInt(587),
                    Security.valueOf(node.path("smtpSecurity").asString("STARTTLS")),
                    node.path("smtpAuth").asBoolean(true), node.path("displayName").asString(""),
                    node.path("address").asString(""));
            // Rows saved before a setting existed lack its key and read as the setting's default.
            case FTP -> new ConnectionOptions.Ftp(node.path("passive").asBoolean(true),
                    node.path("charset").asString("UTF-8"), node.path("rootDirectory").asString(""),
                    node.path("pinnedCertificate").asString(""));
            case TELNET -> new ConnectionOptions.Telnet(node.path("charset").asString("UTF-8"),
                    node.path("terminalType").asString(""), node.path("eof").asString("CTRL_D"),
                    node.path("autoLogin").asBoolean(false), node.path("loginPrompt").asString(""),
                    node.path("passwordPrompt").asString(""), node.path("record").asBoolean(true),
                    node.path("recordInput").asBoolean(false));
        };
    }
}
