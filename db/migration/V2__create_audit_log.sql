-- The audit log: append-only, hash-chained, partitioned by month.
--
-- Each row stores hash = SHA-256(prev_hash || canonical(row)), where prev_hash is the previous row's hash
-- (32 zero bytes before the first row). Writers take the single audit_chain_head row FOR UPDATE, so
-- concurrent writers (on any gateway instance) append one after another and the chain never forks.

CREATE TABLE audit_chain_head (
    id        smallint PRIMARY KEY CHECK (id = 1),
    last_seq  bigint   NOT NULL,
    last_hash bytea    NOT NULL CHECK (length(last_hash) = 32)
);

INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

CREATE TABLE audit_event (
    seq         bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor       text        NOT NULL,
    client_ip   text,
    action      text        NOT NULL,
    target      text,
    outcome     text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
    bytes       bigint      NOT NULL DEFAULT 0 CHECK (bytes >= 0),
    detail      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    prev_hash   bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash        bytea       NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (seq, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX audit_event_occurred_at ON audit_event (occurred_at);
CREATE INDEX audit_event_actor ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_action ON audit_event (action, occurred_at);

CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

-- Creates the month's partition (and its TRUNCATE guard, which partitions do not inherit) if missing.
CREATE FUNCTION audit_ensure_partition(month date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    first_day date := date_trunc('month', month)::date;
    name      text := format('audit_event_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_event FOR VALUES FROM (%L) TO (%L)',
                       name, first_day, (first_day + interval '1 month')::date);
        EXECUTE format('CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()', name);
    END IF;
END
$$;

-- Rows outside every monthly partition land here rather than fail; maintenance keeps months ahead of time.
CREATE TABLE audit_event_default PARTITION OF audit_event DEFAULT;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event_default
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

DO $$
BEGIN
    PERFORM audit_ensure_partition((now() + make_interval(months => m))::date) FROM generate_series(0, 2) AS m;
END
$$;
