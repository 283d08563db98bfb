-- Connection profiles (mail, FTP and Telnet servers) and who may use a shared one.

CREATE TABLE connection (
    id         uuid        PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('MAIL', 'FTP', 'TELNET')),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    host       text        NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
    port       integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security   text        NOT NULL,
    username   text        NOT NULL DEFAULT '',
    -- AES-256-GCM: version, key id, nonce, ciphertext and tag; see CredentialVault
    secret     bytea,
    -- kind-specific settings (mail submission server, FTP mode, charsets ...)
    options    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    owner_id   bigint      REFERENCES app_user (id) ON DELETE CASCADE,
    shared     boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (shared OR owner_id IS NOT NULL)
);

CREATE INDEX connection_owner ON connection (owner_id);

CREATE TABLE connection_grant (
    connection_id uuid   NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, user_id)
);

CREATE INDEX connection_grant_user ON connection_grant (user_id);
