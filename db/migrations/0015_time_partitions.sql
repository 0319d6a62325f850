-- Up Migration
-- squawk-ignore-file require-concurrent-index-creation, disallowed-unique-constraint, adding-foreign-key-constraint, renaming-table, prefer-robust-stmts, adding-serial-primary-key-field, require-concurrent-index-deletion
-- (one transaction, as every migration: the new parents are empty; their keys and indexes attach the
-- initial partitions' equal ones, or build them once inside it)
--
-- messages, deliveries and attempts partitioned by time (issue 9, docs/adr/0016-time-partitions.md).
-- All three are partitioned on the *message* id: ids are ULIDs, so a range of message ids is a range
-- of time, and a message, its deliveries and every attempt at them sit in partitions of the same range.
-- Retention then drops whole partitions (attempts, deliveries, then messages) instead of deleting rows.
--
-- The existing tables become the first partition of each (`*_initial`, every id below tomorrow's start):
-- no rows are copied. Partitions of one day each follow, made ahead by `herald_add_partitions`, which
-- the migration runner and the retention job call; `message_partitions` lists them.

-- The smallest id of `prefix` made at `t` or later: the SQL twin of idFloor() in apps/server/src/ids.ts
-- (ULID time: 48-bit milliseconds in 10 characters of Crockford's base32).
CREATE FUNCTION herald_id_floor(prefix text, t timestamptz) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  ms bigint := floor(extract(epoch FROM t) * 1000)::bigint;
  s text := '';
BEGIN
  FOR i IN 1..10 LOOP
    s := substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (ms % 32)::int + 1, 1) || s;
    ms := ms / 32;
  END LOOP;
  RETURN prefix || '_' || s;
END $$;

-- one row per partition range, shared by the three tables (messages_<suffix>, deliveries_<suffix>, ...)
CREATE TABLE message_partitions (
  suffix  text PRIMARY KEY,
  -- message ids created in [from_at, to_at); from_at is -infinity for the initial partition
  from_at timestamptz NOT NULL,
  to_at   timestamptz NOT NULL UNIQUE
);

-- foreign keys to messages come back below, on the partitioned tables
ALTER TABLE deliveries DROP CONSTRAINT deliveries_message_id_fkey;
ALTER TABLE attempts DROP CONSTRAINT attempts_message_id_fkey;

ALTER TABLE messages RENAME TO messages_initial;
ALTER TABLE deliveries RENAME TO deliveries_initial;
ALTER TABLE attempts RENAME TO attempts_initial;

-- the initial partitions' indexes take the partition's name, so the parents' indexes keep the old names
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT i.relname AS name, t.relname AS tbl
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname IN ('messages_initial', 'deliveries_initial', 'attempts_initial')
      AND t.relnamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', r.name,
                   replace(r.name, split_part(r.tbl, '_', 1) || '_', r.tbl || '_'));
  END LOOP;
END $$;

-- the feed's sequence: an identity column cannot be a partition's before PostgreSQL 17
CREATE SEQUENCE messages_seq AS bigint;
SELECT setval('messages_seq', COALESCE((SELECT max(seq) FROM messages_initial), 0) + 1, false);
ALTER TABLE messages_initial ALTER COLUMN seq DROP IDENTITY;

CREATE TABLE messages (LIKE messages_initial INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (id);
ALTER TABLE messages ALTER COLUMN seq SET DEFAULT nextval('messages_seq');
ALTER SEQUENCE messages_seq OWNED BY messages.seq;
ALTER TABLE messages_initial ALTER COLUMN seq SET DEFAULT nextval('messages_seq');
CREATE TABLE deliveries (LIKE deliveries_initial INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (message_id);
CREATE TABLE attempts (LIKE attempts_initial INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (message_id);

-- Each initial table holds every id below the start of tomorrow (UTC), so rows written today before
-- the migration fit; attaching checks that by one scan of each table. Daily partitions start there.
DO $$
DECLARE
  bound_at timestamptz := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day';
  bound text := herald_id_floor('msg', bound_at);
BEGIN
  IF EXISTS (SELECT 1 FROM messages_initial WHERE id >= bound) THEN
    RAISE EXCEPTION 'messages with ids from after % exist (a clock ahead?): the first partition cannot hold them', bound_at;
  END IF;
  EXECUTE format('ALTER TABLE messages ATTACH PARTITION messages_initial FOR VALUES FROM (MINVALUE) TO (%L)', bound);
  EXECUTE format('ALTER TABLE deliveries ATTACH PARTITION deliveries_initial FOR VALUES FROM (MINVALUE) TO (%L)', bound);
  EXECUTE format('ALTER TABLE attempts ATTACH PARTITION attempts_initial FOR VALUES FROM (MINVALUE) TO (%L)', bound);
  INSERT INTO message_partitions VALUES ('initial', '-infinity', bound_at);
END $$;

-- The parents' keys and indexes, as the tables had them (the initial partitions' equal ones attach).
-- A unique key of a partitioned table includes its partition key: attempts' are (message_id, id) and
-- (job_key, message_id), which changes nothing, since an attempt id or a job belongs to one message.
-- The key (message_id, id) is also what a message's attempts are read by, so it takes the place of
-- attempts_message_idx: nothing reads attempts by id alone.
ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id);
ALTER TABLE messages ADD CONSTRAINT messages_app_id_fkey FOREIGN KEY (app_id) REFERENCES applications (id) ON DELETE CASCADE;
CREATE INDEX messages_app_id_idx ON messages (app_id, id DESC);
CREATE INDEX messages_feed_idx ON messages (app_id, xid, seq);
CREATE INDEX messages_app_created_idx ON messages (app_id, created_at) INCLUDE (xid, seq);

ALTER TABLE deliveries ADD CONSTRAINT deliveries_pkey PRIMARY KEY (message_id, endpoint_id);
ALTER TABLE deliveries ADD CONSTRAINT deliveries_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE;
CREATE INDEX deliveries_endpoint_status_idx ON deliveries (endpoint_id, status, updated_at);
CREATE INDEX deliveries_endpoint_pending_idx ON deliveries (endpoint_id, message_id) WHERE status = 'pending';
CREATE INDEX deliveries_app_status_idx ON deliveries (app_id, status, message_id DESC);

-- (the initial partition's own keys on id and job_key give way to the parent's)
ALTER TABLE attempts_initial DROP CONSTRAINT attempts_initial_pkey;
ALTER TABLE attempts_initial DROP CONSTRAINT attempts_initial_job_key_key;
ALTER TABLE attempts ADD CONSTRAINT attempts_pkey PRIMARY KEY (message_id, id);
ALTER TABLE attempts ADD CONSTRAINT attempts_job_key_key UNIQUE (job_key, message_id);
ALTER TABLE attempts ADD CONSTRAINT attempts_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE;
ALTER TABLE attempts ADD CONSTRAINT attempts_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE;
DROP INDEX attempts_initial_message_idx;
CREATE INDEX attempts_app_idx ON attempts (app_id, id DESC);
CREATE INDEX attempts_endpoint_idx ON attempts (endpoint_id, id DESC);


-- Partitions of `interval_days` days from the end of the last one until `until` is covered; returns
-- how many it made. One caller at a time (a transaction-level advisory lock).
CREATE FUNCTION herald_add_partitions(until timestamptz, interval_days int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  f timestamptz;
  t timestamptz;
  suffix text;
  made int := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('herald.partitions'));
  SELECT max(to_at) INTO f FROM message_partitions;
  WHILE f < until LOOP
    t := f + make_interval(days => interval_days);
    suffix := to_char(f AT TIME ZONE 'UTC', 'YYYYMMDD');
    EXECUTE format('CREATE TABLE %I PARTITION OF messages FOR VALUES FROM (%L) TO (%L)',
                   'messages_' || suffix, herald_id_floor('msg', f), herald_id_floor('msg', t));
    EXECUTE format('CREATE TABLE %I PARTITION OF deliveries FOR VALUES FROM (%L) TO (%L)',
                   'deliveries_' || suffix, herald_id_floor('msg', f), herald_id_floor('msg', t));
    EXECUTE format('CREATE TABLE %I PARTITION OF attempts FOR VALUES FROM (%L) TO (%L)',
                   'attempts_' || suffix, herald_id_floor('msg', f), herald_id_floor('msg', t));
    INSERT INTO message_partitions VALUES (suffix, f, t);
    f := t;
    made := made + 1;
  END LOOP;
  RETURN made;
END $$;

SELECT herald_add_partitions(now() + interval '7 days', 1);
