-- Up Migration
-- The inbound gateway: sources take providers' webhooks at /in/:source and publish them as messages
-- of their application; every inbound request is kept for inspection.

CREATE TABLE sources (
  id                text PRIMARY KEY,
  app_id            text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  uid               text,
  name              text NOT NULL,
  verification_type text NOT NULL
    CHECK (verification_type IN ('none', 'hmac-sha256', 'standard-webhooks', 'github', 'stripe')),
  -- kept as given: providers sign with the secret they hand out, so it cannot be hashed
  secret            text,
  signature_header  text,
  -- {"header": ...} | {"bodyPath": ...} | {"fixed": ...}
  event_type        jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (app_id, uid)
);
-- list pages by id within one app
CREATE INDEX sources_app_id_idx ON sources (app_id, id);

CREATE TABLE source_requests (
  id          text PRIMARY KEY,
  source_id   text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL DEFAULT now(),
  headers     jsonb NOT NULL,
  -- bytea, not text: a body may hold NUL bytes or broken UTF-8; capped at 64 KiB
  body        bytea NOT NULL,
  truncated   boolean NOT NULL,
  status      text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  error       text,
  -- no foreign key: the message may be deleted by retention before the request is
  message_id  text
);
-- the inspection list pages one source's requests, newest first
CREATE INDEX source_requests_source_idx ON source_requests (source_id, id DESC);
-- retention deletes old requests in batches
CREATE INDEX source_requests_received_idx ON source_requests (received_at);
