-- Up Migration
-- squawk-ignore-file require-concurrent-index-creation
-- (CREATE INDEX CONCURRENTLY cannot run inside the one transaction that migrations run in; on a large
-- existing installation, create these two indexes CONCURRENTLY by hand first: IF NOT EXISTS skips them)
-- Indexes that match the shape of two reads whose cost grew with the data (issue 9, docs/adr/0008-speed-*):
-- messages?status=: the deliveries of an application in one state, newest message first
CREATE INDEX IF NOT EXISTS deliveries_app_status_idx ON deliveries (app_id, status, message_id DESC);
-- events?since=: the messages of an application created at or after a time, with their feed position
CREATE INDEX IF NOT EXISTS messages_app_created_idx ON messages (app_id, created_at) INCLUDE (xid, seq);
