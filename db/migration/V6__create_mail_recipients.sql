-- Addresses a user has written to, for completion in compose (per user, across their mail connections).

CREATE TABLE mail_recipient (
    user_id    bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    address    text        NOT NULL CHECK (length(address) BETWEEN 3 AND 254 AND address = lower(address)),
    name       text        NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    uses       integer     NOT NULL DEFAULT 1 CHECK (uses > 0),
    last_used  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, address)
);

CREATE INDEX mail_recipient_recent ON mail_recipient (user_id, last_used DESC);
