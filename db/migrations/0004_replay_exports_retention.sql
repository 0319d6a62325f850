-- Up Migration
-- squawk-ignore-file prefer-bigint-over-int, require-concurrent-index-creation
-- (applied; retention_days <= 3650 and a chunk's page number; CREATE INDEX CONCURRENTLY cannot run
-- inside the one transaction that migrations run in)
-- Per-application retention, and export files kept in PostgreSQL (so any API process can serve the
-- download, whichever worker wrote it).

ALTER TABLE applications ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 1 AND 3650);

CREATE TABLE export_chunks (
  job_id text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  data   bytea NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- retention deletes expired idempotency keys in batches
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
