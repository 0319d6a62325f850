-- Up Migration
-- squawk-ignore-file prefer-bigint-over-int, require-concurrent-index-creation
-- (applied; max_concurrency <= 1000 and attempt counts; CREATE INDEX CONCURRENTLY cannot run inside the
-- one transaction that migrations run in)
-- Delivery control per endpoint: concurrency across workers, FIFO ordering, a circuit breaker, and
-- the rate limit booked in the database so every worker shares one schedule.

ALTER TABLE endpoints
  -- NULL follows HERALD_ENDPOINT_MAX_CONCURRENCY
  ADD COLUMN max_concurrency integer CHECK (max_concurrency BETWEEN 1 AND 1000),
  ADD COLUMN ordering text NOT NULL DEFAULT 'unordered' CHECK (ordering IN ('unordered', 'fifo')),
  -- consecutive failed attempts; 0 after any success
  ADD COLUMN circuit_failures integer NOT NULL DEFAULT 0,
  -- set while the circuit is open or half-open
  ADD COLUMN circuit_opened_at timestamptz,
  -- when the next probe may go
  ADD COLUMN circuit_probe_at timestamptz,
  -- a probe is in flight until then: no other attempt goes meanwhile
  ADD COLUMN circuit_probe_until timestamptz,
  -- the rate limit's virtual schedule: the next free send slot, shared by all workers
  ADD COLUMN rate_next_at timestamptz;

-- scheduled attempts made so far: a FIFO head's place in its retry schedule (its jobs carry none)
ALTER TABLE deliveries ADD COLUMN scheduled_attempts integer NOT NULL DEFAULT 0;

-- a FIFO endpoint's head: its oldest pending delivery
CREATE INDEX deliveries_endpoint_pending_idx ON deliveries (endpoint_id, message_id) WHERE status = 'pending';

-- Books up to n[i] send slots of endpoint ids[i], 1/rate_limit s apart, starting at the endpoint's next
-- free slot, but only slots that begin within max_wait_ms from now. One statement per batch; the row
-- lock serialises workers booking the same endpoint, so together they never exceed its rate.
CREATE FUNCTION herald_book_send_slots(ids text[], n integer[], max_wait_ms integer)
RETURNS TABLE (endpoint_id text, first_slot timestamptz, booked integer, spacing_ms double precision)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  e record;
  start timestamptz;
  gap double precision;
  k integer;
BEGIN
  FOR i IN 1 .. coalesce(array_length(ids, 1), 0) LOOP
    SELECT en.id, en.rate_limit, en.rate_next_at INTO e FROM endpoints en WHERE en.id = ids[i] FOR UPDATE;
    IF NOT FOUND OR e.rate_limit IS NULL THEN
      endpoint_id := ids[i]; first_slot := clock_timestamp(); booked := n[i]; spacing_ms := 0;
      RETURN NEXT;
      CONTINUE;
    END IF;
    gap := 1000.0 / e.rate_limit;
    start := greatest(clock_timestamp(), coalesce(e.rate_next_at, clock_timestamp()));
    k := least(n[i], greatest(0, floor(
      (extract(epoch FROM (clock_timestamp() - start)) * 1000 + max_wait_ms) / gap)::integer + 1));
    IF k > 0 THEN
      UPDATE endpoints SET rate_next_at = start + make_interval(secs => k * gap / 1000) WHERE id = e.id;
    END IF;
    endpoint_id := e.id; first_slot := start; booked := k; spacing_ms := gap;
    RETURN NEXT;
  END LOOP;
END
$$;

-- open circuits: read every second by each worker, and counted for /metrics
CREATE INDEX endpoints_circuit_open_idx ON endpoints (circuit_probe_at) WHERE circuit_opened_at IS NOT NULL;
