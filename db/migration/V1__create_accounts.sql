-- Accounts: users with roles, and the login throttle shared by every gateway instance.

CREATE TABLE app_user (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text        NOT NULL UNIQUE
                                     CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    display_name         text        NOT NULL DEFAULT '',
    password_hash        text        NOT NULL,
    roles                text[]      NOT NULL DEFAULT '{USER}'
                                     CHECK (roles <@ ARRAY['USER', 'ADMIN']::text[] AND cardinality(roles) > 0),
    enabled              boolean     NOT NULL DEFAULT true,
    must_change_password boolean     NOT NULL DEFAULT false,
    locale               text        CHECK (locale IN ('en', 'ko')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    password_changed_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per throttled key: 'user:<name>' (whether or not the user exists) or 'ip:<address>'.
CREATE TABLE login_throttle (
    throttle_key    text        PRIMARY KEY,
    failures        integer     NOT NULL CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz
);

CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at);
