-- Up Migration
-- The broker connections of broker destinations, reported by the worker that holds them (one statement
-- per HERALD_INSTANCE_HEARTBEAT_MS), so /ready and /metrics of any process show them, not only those of
-- the worker's own process. A row counts while its instance is up in the service registry (not stopped,
-- heart-beating within HERALD_INSTANCE_GONE_AFTER_MS) and was itself renewed within that window. A
-- graceful stop deletes the instance's rows; rows of a crashed instance are deleted by the others' reports.
CREATE TABLE broker_connections (
  instance_id  text NOT NULL,
  -- the process's own number for the connection: two broker URLs that differ only in their password
  -- are two connections with one password-free target
  connection   bigint NOT NULL,
  role         text NOT NULL CHECK (role IN ('destination', 'source')),
  type         text NOT NULL CHECK (type IN ('amqp', 'kafka', 'nats', 'redis')),
  -- password-free label (brokers/urls.ts maskUrl)
  target       text NOT NULL,
  status       text NOT NULL CHECK (status IN ('connecting', 'connected', 'down')),
  -- redacted by the broker client (no credentials)
  last_error   text,
  -- when the status last changed
  since        timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instance_id, connection)
);

-- Publishes to broker destinations by broker type, over every worker since the table exists: each
-- worker adds what it counted since its last report, so the totals only grow (Prometheus counters)
-- whichever process serves /metrics and however many workers come and go.
CREATE TABLE broker_publishes (
  type       text PRIMARY KEY CHECK (type IN ('amqp', 'kafka', 'nats', 'redis')),
  published  bigint NOT NULL DEFAULT 0,
  confirmed  bigint NOT NULL DEFAULT 0,
  failed     bigint NOT NULL DEFAULT 0
);
