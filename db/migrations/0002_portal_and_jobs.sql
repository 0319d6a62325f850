-- Up Migration
-- squawk-ignore-file prefer-bigint-over-int
-- (applied; progress_done/progress_total count the items of one job, far below 2^31)
-- Portal links are short-lived keys scoped to one application; platform jobs are long-running
-- operations (recover, replay, export) with progress that survives restarts.

ALTER TABLE api_keys ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'portal'));
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;

CREATE TABLE jobs (
  id             text PRIMARY KEY,
  app_id         text REFERENCES applications (id) ON DELETE CASCADE,
  type           text NOT NULL,
  status         text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  params         jsonb NOT NULL,
  progress_done  integer NOT NULL DEFAULT 0,
  progress_total integer NOT NULL DEFAULT 0,
  -- where a resumed run continues: work before it is done and committed with the progress
  resume_after   text,
  result         jsonb,
  error          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_app_idx ON jobs (app_id, id DESC);
