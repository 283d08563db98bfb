package dev.postern.account.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.postern.account.Role;
import dev.postern.account.UserAccount;

/** Rows of {@code app_user}. */
@Repository
public class UserRepository {

    private static final String COLUMNS = """
            id, username, display_name, roles, enabled, must_change_password, locale, created_at, password_hash""";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record StoredUser(UserAccount account, String passwordHash) {
    }

    public Optional<StoredUser> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE username = ?").param(username)
                .query(UserRepository::stored).optional();
    }

    public Optional<StoredUser> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = ?").param(id)
                .query(UserRepository::stored).optional();
    }

    public List<UserAccount> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user ORDER BY username")
                .query((rs, n) -> stored(rs, n).account()).list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single();
    }

    public long countEnabledAdmins() {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE enabled AND 'ADMIN' = ANY (roles)").query(Long.class).single();
    }

    public long insert(String username, String displayName, String passwordHash, Set<Role> roles,
                       boolean mustChangePassword) {
        return jdbc.sql("""
                        INSERT INTO app_user (username, display_name, password_hash, roles, must_change_password)
                        VALUES (?, ?, ?, ?::text[], ?) RETURNING id""")
                .params(username, displayName, passwordHash, arrayLiteral(roles), mustChangePassword)
                .query(Long.class).single();
    }

    public boolean exists(String username) {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE username = ?").param(username).query(Long.class).single() > 0;
    }

    public void updatePassword(long id, String passwordHash, boolean mustChange) {
        jdbc.sql("""
                        UPDATE app_user SET password_hash = ?, must_change_password = ?, password_changed_at = now()
                        WHERE id = ?""")
                .params(passwordHash, mustChange, id).update();
    }

    public void updateEnabled(long id, boolean enabled) {
        jdbc.sql("UPDATE app_user SET enabled = ? WHERE id = ?").params(enabled, id).update();
    }

    public void updateRoles(long id, Set<Role> roles) {
        jdbc.sql("UPDATE app_user SET roles = ?::text[] WHERE id = ?").params(arrayLiteral(roles), id).update();
    }

    public void updateDisplayName(long id, String displayName) {
        jdbc.sql("UPDATE app_user SET display_name = ? WHERE id = ?").params(displayName, id).update();
    }

    public void updateLocale(long id, String locale) {
        jdbc.sql("UPDATE app_user SET locale = ? WHERE id = ?").params(locale, id).update();
    }

    private static String arrayLiteral(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    private static StoredUser stored(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object role : (Object[]) array.getArray()) {
            roles.add(Role.valueOf((String) role));
        }
        UserAccount account = new UserAccount(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                Set.copyOf(roles), rs.getBoolean("enabled"), rs.getBoolean("must_change_password"),
                rs.getString("locale"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
        return new StoredUser(account, rs.getString("password_hash"));
    }
}
