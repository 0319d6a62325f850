-- Up Migration
-- squawk-ignore-file require-concurrent-index-creation, require-concurrent-index-deletion
-- (CREATE INDEX CONCURRENTLY cannot run inside the one transaction that migrations run in, nor on a
-- partitioned table; on a large installation create it on each partition CONCURRENTLY first and
-- attach them: IF NOT EXISTS then skips the parent's)
--
-- The message list pages an application's messages newest first. With the index (app_id, id DESC),
-- the planner could take the primary key backwards instead, filtering on app_id: for an application
-- with most of the rows it expects the next row to be its own, and when another application holds the
-- newest ones it reads all of those first (bench:scale at 10 M rows: 16 ms instead of 2.6). The list
-- now bounds the page with a row comparison, (app_id, id) < ($1, iterator), that only an ascending
-- index on (app_id, id) can serve (read backwards for newest first). docs/adr/0016-time-partitions.md.
CREATE INDEX IF NOT EXISTS messages_app_id_id_idx ON messages (app_id, id);
DROP INDEX IF EXISTS messages_app_id_idx;
