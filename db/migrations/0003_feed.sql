-- Up Migration
-- squawk-ignore-file adding-field-with-default, require-concurrent-index-creation
-- (applied; the volatile default rewrote messages once, see docs/adr/0004; CREATE INDEX CONCURRENTLY
-- cannot run inside the one transaction that migrations run in)
-- The polling feed orders messages by (xid, seq): the publishing transaction's id and a sequence.
-- Readers only read below the oldest transaction still running (pg_snapshot_xmin), so a message whose
-- transaction commits late can never be skipped: everything below the horizon is final.

ALTER TABLE messages ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE messages ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
-- feed reads are index range scans from the iterator, never offsets
CREATE INDEX messages_feed_idx ON messages (app_id, xid, seq);

-- server-kept cursors of named feed consumers
CREATE TABLE feed_consumers (
  app_id     text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  consumer   text NOT NULL,
  iterator   text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (app_id, consumer)
);
