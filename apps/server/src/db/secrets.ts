import type { Queryable, Tx } from './pool.ts';

/**
 * The SQL of secrets at rest: the columns that hold secrets (endpoints.secret and previous_secret, the
 * broker URL in endpoints.destination ->> 'url', a Kafka destination's SASL password in
 * destination #>> '{sasl,password}', sources.secret, sources.broker_url and a Kafka source's SASL
 * password in broker #>> '{sasl,password}'), walked a page at a time for the boot pass and the
 * re-encryption job. `keep` is a
 * LIKE pattern of values already as wanted: `enc:v1:%` (anything encrypted: the boot pass only
 * encrypts plaintext) or `enc:v1:<primary key id>:%` (the job moves everything to the primary key).
 */

/** One cursor walks both tables: endpoint ids (`ep_…`) sort before source ids (`src_…`). */
export const SOURCES_START = 'src_';

export interface EndpointSecrets {
  id: string;
  secret: string;
  previous_secret: string | null;
  /** a broker destination's URL (credentials in it); null for HTTP and Kafka endpoints */
  destination_url: string | null;
  /** a Kafka destination's SASL password; null for the others */
  destination_password: string | null;
}

export interface SourceSecret {
  id: string;
  secret: string | null;
  broker_url: string | null;
  /** a Kafka source's SASL password */
  broker_password: string | null;
}

/** Endpoints after `after` with a secret not matching `keep`, locked until the page's transaction ends. */
export async function endpointSecretsPage(db: Tx, keep: string, after: string, limit: number) {
  const { rows } = await db.query<EndpointSecrets>(
    `SELECT id, secret, previous_secret, destination ->> 'url' AS destination_url,
            destination #>> '{sasl,password}' AS destination_password FROM endpoints
     WHERE id > $1 AND (secret NOT LIKE $2 OR previous_secret NOT LIKE $2 OR destination ->> 'url' NOT LIKE $2
                        OR destination #>> '{sasl,password}' NOT LIKE $2)
     ORDER BY id LIMIT $3 FOR UPDATE`,
    [after, keep, limit],
  );
  return rows;
}

export async function sourceSecretsPage(db: Tx, keep: string, after: string, limit: number) {
  const { rows } = await db.query<SourceSecret>(
    `SELECT id, secret, broker_url, broker #>> '{sasl,password}' AS broker_password FROM sources
     WHERE id > $1 AND (secret NOT LIKE $2 OR broker_url NOT LIKE $2 OR broker #>> '{sasl,password}' NOT LIKE $2)
     ORDER BY id LIMIT $3 FOR UPDATE`,
    [after, keep, limit],
  );
  return rows;
}

/** Writes re-encrypted values; updated_at stays: nothing a user set has changed. */
export async function writeEndpointSecrets(db: Tx, rows: EndpointSecrets[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE endpoints e SET secret = u.secret, previous_secret = u.previous_secret,
       destination = CASE WHEN u.destination_url IS NOT NULL
                            THEN jsonb_set(e.destination, '{url}', to_jsonb(u.destination_url))
                          WHEN u.destination_password IS NOT NULL
                            THEN jsonb_set(e.destination, '{sasl,password}', to_jsonb(u.destination_password))
                          ELSE e.destination END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       AS u (id, secret, previous_secret, destination_url, destination_password)
     WHERE e.id = u.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.secret),
      rows.map((r) => r.previous_secret),
      rows.map((r) => r.destination_url),
      rows.map((r) => r.destination_password),
    ],
  );
}

export async function writeSourceSecrets(db: Tx, rows: SourceSecret[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE sources s SET secret = u.secret, broker_url = u.broker_url,
       broker = CASE WHEN u.broker_password IS NULL THEN s.broker
                     ELSE jsonb_set(s.broker, '{sasl,password}', to_jsonb(u.broker_password)) END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u (id, secret, broker_url, broker_password)
     WHERE s.id = u.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.secret),
      rows.map((r) => r.broker_url),
      rows.map((r) => r.broker_password),
    ],
  );
}

/** How many rows hold a secret not matching `keep`: the job's total (a row counts once, as a page does). */
export async function countSecretsNotLike(db: Queryable, keep: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM endpoints
             WHERE secret NOT LIKE $1 OR previous_secret NOT LIKE $1 OR destination ->> 'url' NOT LIKE $1
                OR destination #>> '{sasl,password}' NOT LIKE $1)::int
          + (SELECT count(*) FROM sources
             WHERE secret NOT LIKE $1 OR broker_url NOT LIKE $1 OR broker #>> '{sasl,password}' NOT LIKE $1)::int AS n`,
    [keep],
  );
  return rows[0]!.n;
}

/** Key ids the stored secrets were encrypted with, and how many values each. */
export async function keyIdsInUse(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ kid: string; n: number }>(
    `SELECT split_part(v, ':', 3) AS kid, count(*)::int AS n FROM (
       SELECT secret AS v FROM endpoints UNION ALL SELECT previous_secret FROM endpoints
       UNION ALL SELECT destination ->> 'url' FROM endpoints
       UNION ALL SELECT destination #>> '{sasl,password}' FROM endpoints
       UNION ALL SELECT secret FROM sources UNION ALL SELECT broker_url FROM sources
       UNION ALL SELECT broker #>> '{sasl,password}' FROM sources
     ) s WHERE v LIKE 'enc:v1:%' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.kid, r.n]));
}
