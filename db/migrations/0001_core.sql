-- Up Migration
-- squawk-ignore-file prefer-bigint-over-int
-- (applied; its integer columns are counts, seconds, status codes and durations, far below 2^31: ids are text)
-- Herald's core: applications, event types, endpoints, messages, deliveries, attempts, API keys.
-- Ids are prefixed ULIDs (text), so ordering by id is ordering by creation time.

CREATE TABLE applications (
  id             text PRIMARY KEY,
  uid            text UNIQUE,
  name           text NOT NULL,
  metadata       jsonb NOT NULL DEFAULT '{}',
  -- seconds between attempts after the first; NULL = the server's default schedule
  retry_schedule integer[],
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_types (
  name        text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  -- JSON Schema that published payloads of this type must satisfy
  schema      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE endpoints (
  id              text PRIMARY KEY,
  app_id          text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  uid             text,
  url             text NOT NULL,
  description     text NOT NULL DEFAULT '',
  event_types     text[] NOT NULL DEFAULT '{}', -- empty = every event type
  channels        text[] NOT NULL DEFAULT '{}', -- empty = every message
  rate_limit      integer,                      -- max deliveries per second; NULL = unlimited
  headers         jsonb NOT NULL DEFAULT '{}',
  disabled        boolean NOT NULL DEFAULT false,
  disabled_reason text,
  metadata        jsonb NOT NULL DEFAULT '{}',
  -- signing secrets: the current one, and during a rotation the previous one until it expires
  secret                     text NOT NULL,
  previous_secret            text,
  previous_secret_expires_at timestamptz,
  -- first failure of the current run of failures; NULL after any success (drives auto-disable)
  failing_since   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (app_id, uid)
);
-- publish matches endpoints of one app; list pages by id
CREATE INDEX endpoints_app_id_idx ON endpoints (app_id, id);

CREATE TABLE messages (
  id         text PRIMARY KEY,
  app_id     text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  event_id   text,
  channels   text[] NOT NULL DEFAULT '{}',
  -- json (not jsonb) keeps the payload's text as published: key order and number forms survive
  payload    json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- the delivery log pages newest first per app
CREATE INDEX messages_app_id_idx ON messages (app_id, id DESC);

-- eventId / Idempotency-Key -> first message, for 24 h
CREATE TABLE idempotency_keys (
  app_id     text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  key        text NOT NULL,
  message_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, key)
);

-- one row per (message, endpoint): the state of that delivery
CREATE TABLE deliveries (
  message_id      text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  endpoint_id     text NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
  app_id          text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- set while a worker holds the delivery: no second worker may send it until the lease runs out
  lease_until     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, endpoint_id)
);
-- recover and stats look deliveries up by endpoint and state
CREATE INDEX deliveries_endpoint_status_idx ON deliveries (endpoint_id, status, updated_at);

CREATE TABLE attempts (
  id                   text PRIMARY KEY,
  message_id           text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  endpoint_id          text NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
  app_id               text NOT NULL,
  attempt              integer NOT NULL,
  trigger              text NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
  status               text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  url                  text NOT NULL,
  request_headers      jsonb NOT NULL DEFAULT '{}',
  response_status_code integer,
  response_body        text,
  response_truncated   boolean NOT NULL DEFAULT false,
  duration_ms          integer NOT NULL,
  error                text,
  -- the queue job (and its retry count) that made this attempt: a job re-run after a crash records once
  job_key              text NOT NULL UNIQUE,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attempts_message_idx ON attempts (message_id, id);
CREATE INDEX attempts_app_idx ON attempts (app_id, id DESC);
CREATE INDEX attempts_endpoint_idx ON attempts (endpoint_id, id DESC);

CREATE TABLE api_keys (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  -- NULL = every application; otherwise the key reaches this application only
  app_id     text REFERENCES applications (id) ON DELETE CASCADE,
  is_root    boolean NOT NULL DEFAULT false,
  -- sha256 of the key; the key itself is shown once and never stored
  key_hash   bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
