import { readdir } from 'node:fs/promises';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { migrationsDir, runMigrations } from '../src/db/migrate.ts';
import { dropPartition, partitionsAheadDays } from '../src/db/partitions.ts';
import { idFloor } from '../src/ids.ts';
import { runRetention } from '../src/services/retention.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';

// Issue 9: messages, deliveries and attempts partitioned by time (migration 0015, ADR 0016); retention
// drops whole partitions instead of deleting rows.
const DAY = 86400_000;
const startOfDay = (t: number) => Math.floor(t / DAY) * DAY;

describe('time partitions', () => {
  let h: TestHerald;
  let db: pg.Client;
  let pool: pg.Pool;
  let ctx: Context;
  beforeAll(async () => {
    h = await startTestHerald({}, ['api'], { inject: true });
    db = new pg.Client({ connectionString: h.db.url });
    await db.connect();
    pool = new pg.Pool({ connectionString: h.db.url, max: 2 });
    ctx = { pool, config: h.config, log: pino({ level: 'silent' }) } as unknown as Context;
  });
  afterAll(async () => {
    await db?.end();
    await pool?.end();
    await h?.stop();
  });

  /** The partition a table's row lives in. */
  const partitionOf = async (table: string, column: string, id: string) =>
    (await db.query(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE ${column} = $1`, [id])).rows[0]
      ?.p;

  it("herald_id_floor (SQL) is idFloor (TypeScript): the partition bounds are the ids' times", async () => {
    const times = [0, 1, 31, 32, 1_000_000, Date.UTC(2026, 11, 1), Date.now(), 2 ** 48 - 1];
    for (const t of times) {
      const { rows } = await db.query('SELECT herald_id_floor($1, to_timestamp($2::float8 / 1000)) AS id', [
        'msg',
        t,
      ]);
      expect(rows[0].id, `time ${t}`).toBe(idFloor('msg', new Date(t)));
    }
  });

  it('has partitions a week ahead, and a message with its deliveries and attempts in one range', async () => {
    const { rows } = await db.query<{ suffix: string; from_at: Date; to_at: Date }>(
      'SELECT suffix, from_at, to_at FROM message_partitions ORDER BY to_at',
    );
    expect(rows[0]!.suffix).toBe('initial');
    // contiguous, one day each after the first
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.from_at.getTime()).toBe(rows[i - 1]!.to_at.getTime());
      expect(rows[i]!.to_at.getTime() - rows[i]!.from_at.getTime()).toBe(DAY);
    }
    expect(rows.at(-1)!.to_at.getTime()).toBeGreaterThanOrEqual(Date.now() + partitionsAheadDays(1) * DAY);

    const app = (await h.api('POST', '/v1/apps', { name: 'parts' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/parts' });
    const msg = (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'p.x', payload: {} })).body;
    expect(msg.id).toMatch(/^msg_/);
    // made today: the initial partition covers until tomorrow's start
    expect(await partitionOf('messages', 'id', msg.id)).toBe('messages_initial');
    expect(await partitionOf('deliveries', 'message_id', msg.id)).toBe('deliveries_initial');

    // a message of three days ahead (ids carry their time) goes to that day's partition, with its rows
    const ahead = new Date(startOfDay(Date.now()) + 3 * DAY + 3600_000);
    const suffix = ahead.toISOString().slice(0, 10).replaceAll('-', '');
    const id = `${idFloor('msg', ahead)}AAAAAAAAAAAAAAAA`;
    await insertMessage(app.id, id);
    expect(await partitionOf('messages', 'id', id)).toBe(`messages_${suffix}`);
    expect(await partitionOf('deliveries', 'message_id', id)).toBe(`deliveries_${suffix}`);
    expect(await partitionOf('attempts', 'message_id', id)).toBe(`attempts_${suffix}`);

    // a recorded attempt repeated (the same job key) is still recorded once
    const again = await db.query(
      `INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, duration_ms, job_key)
       SELECT 'atmpt_again', message_id, endpoint_id, app_id, 1, 'scheduled', 'succeeded', 'u', 1, job_key
       FROM attempts WHERE message_id = $1 ON CONFLICT (job_key, message_id) DO NOTHING`,
      [id],
    );
    expect(again.rowCount).toBe(0);
  });

  /** A message with one delivery and one attempt, written as Herald writes them, with the given id. */
  async function insertMessage(appId: string, id: string) {
    const ep = (await db.query('SELECT id FROM endpoints WHERE app_id = $1 LIMIT 1', [appId])).rows[0].id;
    await db.query(
      `WITH m AS (INSERT INTO messages (id, app_id, event_type, payload) VALUES ($1, $2, 'p.x', '{}') RETURNING id),
       d AS (INSERT INTO deliveries (message_id, endpoint_id, app_id) SELECT id, $3, $2 FROM m RETURNING message_id)
       INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, duration_ms, job_key)
       SELECT 'atmpt_' || substr(message_id, 5), message_id, $3, $2, 1, 'scheduled', 'succeeded', 'u', 1, 'job-' || message_id
       FROM d`,
      [id, appId, ep],
    );
  }

  it('retention drops whole partitions older than the longest retention, and deletes no rows there', async () => {
    const app = (await h.api('POST', '/v1/apps', { name: 'retained' })).body; // the server's 30 days
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/retained' });
    const old = `${idFloor('msg', new Date(Date.now() - 200 * DAY))}BBBBBBBBBBBBBBBB`;
    await insertMessage(app.id, old);
    const later = new Date(startOfDay(Date.now()) + 5 * DAY + 60_000);
    const kept = `${idFloor('msg', later)}CCCCCCCCCCCCCCCC`;
    await insertMessage(app.id, kept);

    // an application that keeps 60 days holds every partition back...
    const long = (await h.api('POST', '/v1/apps', { name: 'long', retentionDays: 60 })).body;
    const first = await runRetention(ctx, { now: new Date(Date.now() + 32 * DAY) });
    expect(first!.partitionsDropped).toBe(0);
    // ...while the 30-day applications' old rows go row by row
    expect(first!.messages).toBeGreaterThanOrEqual(1);
    expect((await db.query('SELECT 1 FROM messages WHERE id = $1', [old])).rowCount).toBe(0);
    await insertMessage(app.id, old);

    // without it, 32 days on (cut-off: 2 days ahead), the initial partition and tomorrow's are dropped
    await h.api('DELETE', `/v1/apps/${long.id}`);
    const before = (await db.query('SELECT suffix FROM message_partitions ORDER BY to_at')).rows.map(
      (r) => r.suffix,
    );
    const result = await runRetention(ctx, { now: new Date(Date.now() + 32 * DAY) });
    expect(result!.partitionsDropped).toBe(2);
    expect(result!.messages).toBe(0); // nothing was left to delete row by row
    const after = (await db.query('SELECT suffix FROM message_partitions ORDER BY to_at')).rows.map(
      (r) => r.suffix,
    );
    expect(after).toEqual(before.slice(2));
    for (const t of ['messages', 'deliveries', 'attempts'])
      expect((await db.query('SELECT to_regclass($1) AS r', [`${t}_initial`])).rows[0].r).toBeNull();
    expect((await db.query('SELECT 1 FROM messages WHERE id = $1', [old])).rowCount).toBe(0);
    expect((await db.query('SELECT 1 FROM attempts WHERE message_id = $1', [old])).rowCount).toBe(0);
    // what is newer than the cut-off stays, with its deliveries and attempts
    expect((await db.query('SELECT 1 FROM messages WHERE id = $1', [kept])).rowCount).toBe(1);
    expect((await db.query('SELECT 1 FROM deliveries WHERE message_id = $1', [kept])).rowCount).toBe(1);
    expect((await db.query('SELECT 1 FROM attempts WHERE message_id = $1', [kept])).rowCount).toBe(1);
    expect((await h.api('GET', `/v1/apps/${app.id}/messages`)).body.data.map((m: any) => m.id)).toEqual([
      kept,
    ]);
  });

  it('a drop an earlier pass left half done is finished', async () => {
    const { rows } = await db.query<{ suffix: string }>(
      'SELECT suffix FROM message_partitions ORDER BY to_at DESC LIMIT 1',
    );
    const suffix = rows[0]!.suffix;
    // the pass stopped after attempts' partition was detached and deliveries' dropped
    await db.query(`ALTER TABLE attempts DETACH PARTITION attempts_${suffix}`);
    await db.query(`DROP TABLE deliveries_${suffix}`);
    await dropPartition(db, suffix);
    for (const t of ['messages', 'deliveries', 'attempts'])
      expect((await db.query('SELECT to_regclass($1) AS r', [`${t}_${suffix}`])).rows[0].r).toBeNull();
    expect((await db.query('SELECT 1 FROM message_partitions WHERE suffix = $1', [suffix])).rowCount).toBe(0);
    // the next pass makes the days ahead again
    const next = await runRetention(ctx);
    expect(next!.partitionsMade).toBe(1);
  });
});

describe('migration 0015 on an existing installation', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('turns the tables into the initial partitions without losing a row, and the feed goes on in order', async () => {
    const before = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql') && f < '0015').length;
    const client = new pg.Client({ connectionString: tdb.url });
    await client.connect();
    try {
      await runner({
        dbClient: client,
        dir: migrationsDir,
        direction: 'up',
        count: before,
        migrationsTable: 'herald_migrations',
        singleTransaction: true,
        log: () => {},
      });
      await client.query(`INSERT INTO applications (id, name) VALUES ('app_old', 'old')`);
      await client.query(
        `INSERT INTO endpoints (id, app_id, url, secret) VALUES ('ep_old', 'app_old', 'http://127.0.0.1:9/', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`,
      );
      // 300 messages: older ones and some of today, each with a delivery and an attempt
      const ids = Array.from(
        { length: 300 },
        (_, i) =>
          `${idFloor('msg', new Date(Date.now() - (300 - i) * 3600_000))}OLD${String(i).padStart(13, '0')}`,
      );
      await client.query(
        `WITH m AS (INSERT INTO messages (id, app_id, event_type, payload) SELECT id, 'app_old', 'o.x', '{"a":1}' FROM unnest($1::text[]) id RETURNING id),
         d AS (INSERT INTO deliveries (message_id, endpoint_id, app_id, status) SELECT id, 'ep_old', 'app_old', 'succeeded' FROM m RETURNING message_id)
         INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, duration_ms, job_key)
         SELECT 'atmpt_' || substr(message_id, 5), message_id, 'ep_old', 'app_old', 1, 'scheduled', 'succeeded', 'u', 3, 'job-' || message_id FROM d`,
        [ids],
      );
      const seqBefore = (await client.query('SELECT max(seq)::int AS s FROM messages')).rows[0].s;

      const ran = await runMigrations(tdb.url);
      expect(ran[0]).toMatch(/^0015_/);
      const count = async (t: string) =>
        (await client.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
      expect([await count('messages'), await count('deliveries'), await count('attempts')]).toEqual([
        300, 300, 300,
      ]);
      expect(await count('messages_initial')).toBe(300);
      // new messages continue the feed's sequence
      await client.query(
        `INSERT INTO messages (id, app_id, event_type, payload) VALUES ($1, 'app_old', 'o.y', '{}')`,
        [`${idFloor('msg', new Date())}NEW0000000000000`],
      );
      expect(
        (await client.query(`SELECT seq::int FROM messages WHERE event_type = 'o.y'`)).rows[0].seq,
      ).toBeGreaterThan(seqBefore);
      // deleting the application still cascades through every partition
      await client.query(`DELETE FROM applications WHERE id = 'app_old'`);
      expect([await count('messages'), await count('deliveries'), await count('attempts')]).toEqual([
        0, 0, 0,
      ]);
    } finally {
      await client.end();
    }
  });
});
