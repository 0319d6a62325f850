-- Up Migration
-- The service registry: every api and worker process writes its row at start and heart-beats into it;
-- GET /v1/cluster lists them. A row whose heartbeat is older than a few intervals is shown as gone
-- (kill -9 leaves no stopped_at); rows gone for a day are deleted by the heart-beats of the others.
CREATE TABLE instances (
  id           text PRIMARY KEY,
  role         text NOT NULL CHECK (role IN ('api', 'worker', 'all')),
  version      text NOT NULL,
  host         text NOT NULL,
  pid          bigint NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- deliveries in flight at the last heartbeat (sent and not yet recorded)
  in_flight    bigint NOT NULL DEFAULT 0,
  -- set by a graceful stop
  stopped_at   timestamptz
);

-- OpenTelemetry: the W3C traceparent of the span that published a message (NULL when tracing is
-- off), so each attempt's span joins the publish's trace, however much later it runs.
ALTER TABLE messages ADD COLUMN traceparent text;
