-- Up Migration
-- The edge: API rate limits counted across every api process, and sources finished (their own rate
-- and body limits, configurable HMAC encodings, replay of a kept inbound request).

-- One fixed-window counter per limited key (an API key's hash, a source). UNLOGGED: counters are
-- rewritten on nearly every request and are worth nothing after a crash, so they skip the WAL.
CREATE UNLOGGED TABLE rate_limit_counters (
  key            text PRIMARY KEY,
  hits           bigint NOT NULL,
  window_ends_at timestamptz NOT NULL
);
-- the sweep deletes windows that ended
CREATE INDEX rate_limit_counters_ends_idx ON rate_limit_counters (window_ends_at);

-- hmac-sha256 only: how the digest is written (hex or base64), what precedes it (e.g. "sha256="),
-- the header with the sending time and what is signed (e.g. Slack's "v0:{timestamp}:{body}")
ALTER TABLE sources ADD COLUMN signature_encoding text;
ALTER TABLE sources ADD COLUMN signature_prefix text;
ALTER TABLE sources ADD COLUMN signature_timestamp_header text;
ALTER TABLE sources ADD COLUMN signed_content text;
-- inbound requests per minute this source accepts (null: no limit of its own)
ALTER TABLE sources ADD COLUMN rate_limit_per_minute bigint;
-- largest inbound body this source accepts, bytes (null: HERALD_MAX_BODY_BYTES)
ALTER TABLE sources ADD COLUMN max_body_bytes bigint;

-- a replay is kept as a request of its own, pointing at the one it replayed
ALTER TABLE source_requests ADD COLUMN replay_of text;
