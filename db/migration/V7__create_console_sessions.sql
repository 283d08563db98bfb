-- Browser console sessions (Telnet) and their recordings (asciicast v2, stored in chunks as they are written, so that
-- a session's recording survives the instance that held it and any instance can replay it).

CREATE TABLE console_session (
    id             uuid        PRIMARY KEY,
    user_id        bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    connection_id  uuid,
    connection_name text       NOT NULL CHECK (length(connection_name) <= 200),
    host           text        NOT NULL CHECK (length(host) <= 253),
    port           integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    charset        text        NOT NULL CHECK (length(charset) <= 40),
    columns        integer     NOT NULL CHECK (columns BETWEEN 1 AND 1000),
    rows           integer     NOT NULL CHECK (rows BETWEEN 1 AND 1000),
    started_at     timestamptz NOT NULL DEFAULT now(),
    ended_at       timestamptz,
    end_reason     text        CHECK (length(end_reason) <= 40),
    bytes_from_host bigint     NOT NULL DEFAULT 0 CHECK (bytes_from_host >= 0),
    bytes_to_host  bigint      NOT NULL DEFAULT 0 CHECK (bytes_to_host >= 0),
    recorded       boolean     NOT NULL,
    records_input  boolean     NOT NULL
);

CREATE INDEX console_session_by_user ON console_session (user_id, started_at DESC);

CREATE TABLE console_recording_chunk (
    session_id uuid    NOT NULL REFERENCES console_session (id) ON DELETE CASCADE,
    seq        integer NOT NULL CHECK (seq >= 0),
    data       bytea   NOT NULL,
    PRIMARY KEY (session_id, seq)
);
