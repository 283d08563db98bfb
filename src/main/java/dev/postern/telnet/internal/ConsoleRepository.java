package dev.postern.telnet.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.postern.telnet.ConsoleSessionInfo;
import dev.postern.telnet.EndReason;

/** Rows of {@code console_session} and the chunks of their recordings. */
@Repository
public class ConsoleRepository {

    private static final String COLUMNS = """
            s.id, u.username, s.user_id, s.connection_id, s.connection_name, s.host, s.port, s.charset, s.started_at,
            s.ended_at, s.end_reason, s.bytes_from_host, s.bytes_to_host, s.recorded""";

    private final JdbcClient jdbc;

    ConsoleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A session's row as it starts. */
    record Started(UUID id, long userId, UUID connectionId, String connectionName, String host, int port,
                   String charset, int columns, int rows, boolean recorded, boolean recordsInput) {
    }

    void insert(Started session) {
        jdbc.sql("""
                INSERT INTO console_session (id, user_id, connection_id, connection_name, host, port, charset, columns,
                                             rows, recorded, records_input)
                VALUES (:id, :user, :connection, :name, :host, :port, :charset, :columns, :rows, :recorded, :input)""")
                .param("id", session.id()).param("user", session.userId()).param("connection", session.connectionId())
                .param("name", session.connectionName()).param("host", session.host()).param("port", session.port())
                .param("charset", session.charset()).param("columns", session.columns()).param("rows", session.rows())
                .param("recorded", session.recorded()).param("input", session.recordsInput())
                .update();
    }

    public void ended(UUID id, EndReason reason, long fromHost, long toHost) {
        jdbc.sql("""
                UPDATE console_session SET ended_at = now(), end_reason = :reason, bytes_from_host = :from,
                       bytes_to_host = :to
                 WHERE id = :id AND ended_at IS NULL""")
                .param("id", id).param("reason", reason.name()).param("from", fromHost).param("to", toHost)
                .update();
    }

    void appendChunk(UUID session, int seq, byte[] data) {
        jdbc.sql("INSERT INTO console_recording_chunk (session_id, seq, data) VALUES (?, ?, ?)")
                .params(session, seq, data).update();
    }

    /** The owner's id of a session, if there is one. */
    public Optional<Long> owner(UUID id) {
        return jdbc.sql("SELECT user_id FROM console_session WHERE id = ?").param(id).query(Long.class).optional();
    }

    public Optional<ConsoleSessionInfo> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_session s JOIN app_user u ON u.id = s.user_id"
                + " WHERE s.id = ?").param(id).query(ConsoleRepository::info).optional();
    }

    /** Sessions newest first: the user's, or everyone's when userId is null. */
    public List<ConsoleSessionInfo> recent(Long userId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_session s JOIN app_user u ON u.id = s.user_id"
                        + " WHERE (CAST(:user AS bigint) IS NULL OR s.user_id = :user)"
                        + " ORDER BY s.started_at DESC LIMIT :limit")
                .param("user", userId).param("limit", limit).query(ConsoleRepository::info).list();
    }

    /** Writes the recording's chunks in order; answers how many bytes. */
    public long writeRecording(UUID id, OutputStream out) throws IOException {
        long total = 0;
        int seq = 0;
        while (true) {
            // One chunk at a time: a long recording is never held whole.
            Optional<byte[]> chunk = jdbc.sql("SELECT data FROM console_recording_chunk WHERE session_id = ? AND seq = ?")
                    .params(id, seq).query((rs, n) -> rs.getBytes(1)).optional();
            if (chunk.isEmpty()) {
                return total;
            }
            out.write(chunk.get());
            total += chunk.get().length;
            seq++;
        }
    }

    private static ConsoleSessionInfo info(ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        String reason = rs.getString("end_reason");
        return new ConsoleSessionInfo(rs.getObject("id", UUID.class), rs.getString("username"),
                rs.getObject("connection_id", UUID.class), rs.getString("connection_name"), rs.getString("host"),
                rs.getInt("port"), rs.getString("charset"), rs.getTimestamp("started_at").toInstant(),
                ended == null ? null : ended.toInstant(), reason == null ? null : EndReason.valueOf(reason),
                rs.getLong("bytes_from_host"), rs.getLong("bytes_to_host"), rs.getBoolean("recorded"), false, false);
    }
}
