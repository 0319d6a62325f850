-- Up Migration
-- squawk-ignore-file require-concurrent-index-creation, adding-field-with-default
-- (CREATE INDEX CONCURRENTLY cannot run inside the one transaction migrations run in; a constant default
-- is a catalogue-only change since PostgreSQL 11)
-- Broker sources: a source may consume a RabbitMQ queue, a Kafka topic, a NATS JetStream durable or a
-- Redis stream instead of taking webhooks at /in/:source. Workers report each consumer's state here.

ALTER TABLE sources
  ADD COLUMN type text NOT NULL DEFAULT 'http' CHECK (type IN ('http', 'amqp', 'kafka', 'nats', 'redis')),
  -- the broker URL (amqp, nats, redis), credentials included: a secret, never returned by the API
  ADD COLUMN broker_url text,
  -- the rest of the coordinates: {queue} | {brokers, topic, group} | {stream, durable} | {stream, group},
  -- and deadLetter
  ADD COLUMN broker jsonb,
  -- sources that one worker consumes at a time (Redis: one consumer name replays its own pending
  -- entries on takeover) are leased: the holder renews, and a dead holder's lease runs out
  ADD COLUMN lease_holder text,
  ADD COLUMN lease_until timestamptz;

-- the workers' scan of the sources they consume
CREATE INDEX sources_broker_idx ON sources (type) WHERE type <> 'http';

-- One row per (broker source, worker consuming it), renewed while it runs: what GET .../sources/:source,
-- /ready and /metrics show, whichever process serves them.
CREATE TABLE source_consumers (
  source_id      text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  worker_id      text NOT NULL,
  state          text NOT NULL CHECK (state IN ('connecting', 'connected', 'disconnected')),
  lag            bigint,
  consumed       bigint NOT NULL DEFAULT 0,
  dead_lettered  bigint NOT NULL DEFAULT 0,
  last_error     text,
  last_error_at  timestamptz,
  seen_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, worker_id)
);
