-- The upstream policy's allow rules: which hosts and ports each protocol may reach.
-- Link-local and cloud-metadata addresses are refused in code whatever the rules say.

CREATE TABLE upstream_rule (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    protocol     text        CHECK (protocol IN ('SMTP', 'IMAP', 'POP3', 'FTP', 'TELNET', 'HTTP')),
    host_pattern text        NOT NULL CHECK (length(host_pattern) BETWEEN 1 AND 253),
    port_from    integer     NOT NULL CHECK (port_from BETWEEN 1 AND 65535),
    port_to      integer     NOT NULL CHECK (port_to BETWEEN 1 AND 65535 AND port_to >= port_from),
    description  text        NOT NULL DEFAULT '',
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
