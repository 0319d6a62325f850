-- Up Migration
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
