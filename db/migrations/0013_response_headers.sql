-- Up Migration
-- The response headers of an attempt (capped by the worker: at most 50 headers of 1 KiB each), so the
-- dashboard can show what a failing receiver answered beside its status and body. NULL: recorded
-- before this column existed, or no HTTP answer at all.
ALTER TABLE attempts ADD COLUMN response_headers jsonb;
