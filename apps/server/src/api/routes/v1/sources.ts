import {
  type BrokerSourceIn,
  brokerSourcePatch,
  type KafkaSasl,
  listQuery,
  listResponse,
  type SourceType,
  type SourceVerificationIn,
  type SourceVerificationPatch,
  source,
  sourceIn,
  sourcePatch,
  sourcePatchOf,
  sourceRequest,
  sourceVerificationIn,
} from '@herald/contracts';
import { isValidSecret } from '@herald/signing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { caProblem } from '../../../brokers/kafka-security.ts';
import { keepMaskedSasl, MASK, withSaslPassword, withStoredCredentials } from '../../../brokers/urls.ts';
import type { Context } from '../../../context.ts';
import { page } from '../../../db/paging.ts';
import { consumerStates } from '../../../db/source-consumers.ts';
import {
  brokerFieldsOf,
  coordinatesOf,
  deleteSource,
  findAcceptedReplay,
  findSource,
  findSourceRequest,
  insertSource,
  listSourceRequests,
  listSources,
  type SourceRow,
  toSource,
  toSourceRequest,
  updateSource,
  verificationOf,
} from '../../../db/sources.ts';
import { conflict, type FieldError, HeraldError, invalid, notFound } from '../../../errors.ts';
import { replayKeptRequest } from '../../../services/ingest.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

const sourceParams = appParams.extend({ source: appParams.shape.app });
const requestParams = sourceParams.extend({ request: appParams.shape.app });

/** Checks what the schema cannot: a standard-webhooks secret's form. */
function checkVerification(v: SourceVerificationIn): void {
  if (v.type === 'standard-webhooks' && !isValidSecret(v.secret ?? ''))
    throw invalid('verification.secret', 'must be "whsec_" followed by standard base64 of 24 to 64 bytes');
}

/**
 * A verification patch over the current one: the same type keeps the fields not given (the secret
 * too); a new type starts from the patch alone. The result must be a complete verification.
 */
function mergeVerification(row: SourceRow, patch: SourceVerificationPatch): SourceVerificationIn {
  const keep = patch.type === undefined || patch.type === row.verification_type;
  const merged: Record<string, unknown> = keep ? { ...verificationOf(row) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else if (v !== undefined) merged[k] = v;
  }
  const parsed = sourceVerificationIn.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(['verification', ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

/** A check's issues as a 422 naming each field (an unknown key by its own name). */
function refused(
  issues: ReadonlyArray<{ code: string; path: PropertyKey[]; message: string; keys?: string[] }>,
) {
  const errors: FieldError[] = issues.flatMap((i) => {
    const at = i.path.map(String);
    if (i.code === 'unrecognized_keys' && i.keys)
      return i.keys.map((k) => ({ path: [...at, k].join('.'), message: 'unknown field' }));
    return [{ path: at.join('.') || 'body', message: i.message }];
  });
  return new HeraldError('validation_failed', `${errors[0]!.path}: ${errors[0]!.message}`, errors);
}

const BROKER_TYPES = ['amqp', 'kafka', 'nats', 'redis'] as const;

/** Why `field`, which some source has, is not one a source of `type` has. */
function notOfType(type: SourceType, field: string): string {
  if (type === 'http') return 'only broker sources have it; an HTTP source receives at its ingest URL';
  const owners = BROKER_TYPES.filter((t) => field in brokerSourcePatch[t].shape);
  if (owners.length === 0)
    return 'only HTTP sources have it; a broker source takes no verification or limits';
  return `a ${type} source has none (${owners.join(', ')} sources have it)`;
}

export function sourceRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Sources'];
    /** Where providers reach this server: HERALD_PUBLIC_URL, else the address this request came to. */
    const baseUrl = (req: FastifyRequest) =>
      ctx.config.HERALD_PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
    /** Sources as the API shows them, broker sources with their consumers' state. */
    async function out(req: FastifyRequest, rows: SourceRow[]) {
      const brokers = rows.filter((r) => r.type !== 'http').map((r) => r.id);
      const states =
        brokers.length > 0
          ? await consumerStates(ctx.pool, brokers, ctx.config.HERALD_SOURCE_LEASE_SECONDS)
          : new Map();
      // decrypted to be redacted: the API shows the broker's host and port, never its credentials
      return rows.map((r) =>
        toSource(
          { ...r, broker_url: ctx.secrets.decryptNullable(r.broker_url) },
          baseUrl(req),
          states.get(r.id),
        ),
      );
    }

    const checkBodyLimit = (max: number | null | undefined) => {
      if (max != null && max > ctx.config.HERALD_MAX_BODY_BYTES)
        throw invalid(
          'maxBodyBytes',
          `must be at most HERALD_MAX_BODY_BYTES (${ctx.config.HERALD_MAX_BODY_BYTES})`,
        );
    };

    /**
     * A broker source's input as stored: the broker URL carries its credentials, a secret too; so
     * does a Kafka source's SASL password (secrets/cipher.ts). A Kafka CA is checked here too.
     */
    function sealed(input: BrokerSourceIn): BrokerSourceIn {
      if (input.type !== 'kafka') return { ...input, url: ctx.secrets.encrypt(input.url) };
      const ca = caProblem(input.tls);
      if (ca) throw invalid('tls.ca', ca);
      return withSaslPassword(input, (p) => ctx.secrets.encrypt(p));
    }

    /**
     * A broker source's URL and coordinates with a patch applied: the fields given replace the stored
     * ones (`deadLetter: null` goes back to the default), a masked URL keeps the stored credentials,
     * and the result passes the create's schema, so a patched source is one that could be created.
     */
    function patchedBroker(row: SourceRow, p: Record<string, unknown>, name: string, eventType: unknown) {
      const plainUrl = ctx.secrets.decryptNullable(row.broker_url);
      const stored = row.broker && withSaslPassword(row.broker, (pw) => ctx.secrets.decrypt(pw));
      const fields = brokerFieldsOf({ ...row, broker: stored }, plainUrl);
      // Kafka: a SASL setting not given is kept, as if sent back masked (the same rule applies)
      if (stored?.sasl && p.sasl === undefined) fields.sasl = { ...stored.sasl, password: MASK };
      for (const [k, v] of Object.entries(p)) {
        if (k === 'type' || k === 'name' || k === 'uid' || k === 'eventType') continue;
        if (v === null) delete fields[k];
        else if (v !== undefined) fields[k] = v;
      }
      if (row.type === 'kafka') {
        // the patch passed the type's rules: brokers and sasl, when present, are well formed
        const next = { brokers: fields.brokers as string[], sasl: fields.sasl as KafkaSasl | undefined };
        const kept = keepMaskedSasl(next, { brokers: stored?.brokers ?? [], sasl: stored?.sasl });
        // a stored password goes only to the brokers and user it was given for
        if (kept.sasl?.password === MASK)
          throw invalid(
            'sasl.password',
            `"${MASK}" (or no sasl) keeps the stored password only with the same brokers and username; give the password`,
          );
        if (kept.sasl) fields.sasl = kept.sasl;
      }
      if (typeof p.url === 'string') {
        const url = withStoredCredentials(p.url, plainUrl, row.type);
        if (url === null)
          throw invalid(
            'url',
            'a password given as *** keeps the stored one on the same host and port only: give the password for another host',
          );
        fields.url = url;
      }
      const parsed = sourceIn.safeParse({ ...fields, name, eventType });
      if (!parsed.success) throw refused(parsed.error.issues);
      const input = sealed(parsed.data as BrokerSourceIn);
      return { brokerUrl: input.type === 'kafka' ? null : input.url, broker: coordinatesOf(input) };
    }

    async function loadSource(req: FastifyRequest, appRef: string, ref: string) {
      const found = await loadApp(ctx, req, appRef);
      const row = await findSource(ctx.pool, found.id, ref);
      if (!row) throw notFound('source');
      return row;
    }

    app.post(
      '/apps/:app/sources',
      { schema: { tags, security: secured, params: appParams, body: sourceIn, response: { 201: source } } },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        let input = req.body;
        if (input.type === 'http') {
          checkVerification(input.verification);
          checkBodyLimit(input.maxBodyBytes);
          const { secret } = input.verification;
          // stored encrypted under HERALD_ENCRYPTION_KEY's first key (secrets/cipher.ts)
          input = {
            ...input,
            verification: { ...input.verification, secret: secret && ctx.secrets.encrypt(secret) },
          };
        } else {
          input = sealed(input);
        }
        const row = await insertSource(ctx.pool, found.id, input);
        const [shown] = await out(req, [row]);
        return reply.code(201).send(shown!);
      },
    );

    app.get(
      '/apps/:app/sources',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          querystring: listQuery,
          response: { 200: listResponse(source) },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const rows = await listSources(ctx.pool, found.id, req.query.limit, req.query.iterator);
        const shown = page(
          rows,
          req.query.limit,
          (r) => r.id,
          (r) => r,
        );
        return { ...shown, data: await out(req, shown.data) };
      },
    );

    app.get(
      '/apps/:app/sources/:source',
      { schema: { tags, security: secured, params: sourceParams, response: { 200: source } } },
      async (req) => (await out(req, [await loadSource(req, req.params.app, req.params.source)]))[0]!,
    );

    app.patch(
      '/apps/:app/sources/:source',
      {
        schema: {
          tags,
          summary: "Change a source (verification, event type, limits; a broker source's broker fields)",
          description:
            'The fields given are changed. An HTTP source takes its verification and limits; a broker source the broker fields of its own type, checked as on create: its URL (a password given as `***` keeps the stored one, on the same host), for Kafka its brokers, SASL (a password given as `***`, or no `sasl`, keeps the stored one only with the same brokers and username; `null`: none) and TLS, its queue, topic and group, stream and durable or group, and its dead-letter target (`null`: the default). A field of another type, or another `type`, is a 422 naming it. The workers restart the consumer at their next scan; new coordinates start where the broker starts a new consumer, while a change of credentials or dead-letter target keeps the position.',
          security: secured,
          params: sourceParams,
          body: sourcePatch,
          response: { 200: source },
        },
      },
      async (req) => {
        const stored = await loadSource(req, req.params.app, req.params.source);
        // which fields apply, and their rules, depend on the source's type
        const rules = sourcePatchOf(stored.type);
        const foreign = Object.entries(req.body)
          .filter(([k, v]) => v !== undefined && !(k in rules.shape))
          .map(([k]) => ({ path: k, message: notOfType(stored.type, k) }));
        if (foreign.length > 0)
          throw new HeraldError('validation_failed', `${foreign[0]!.path}: ${foreign[0]!.message}`, foreign);
        const checked = rules.safeParse(req.body);
        if (!checked.success) throw refused(checked.error.issues);
        const p = checked.data as typeof req.body;
        // the patch applies to the plain secret; it is stored encrypted again (secrets/cipher.ts)
        const row = { ...stored, secret: ctx.secrets.decryptNullable(stored.secret) };
        const plain = p.verification ? mergeVerification(row, p.verification) : verificationOf(row);
        checkVerification(plain);
        const verification = { ...plain, secret: plain.secret && ctx.secrets.encrypt(plain.secret) };
        checkBodyLimit(p.maxBodyBytes);
        const pick = <T>(given: T | undefined, current: T) => (given === undefined ? current : given);
        const current = (v: string | null) => (v === null ? null : Number(v));
        const name = pick(p.name, row.name);
        const eventType = pick(p.eventType, row.event_type);
        const updated = await updateSource(ctx.pool, row.id, {
          name,
          uid: pick(p.uid, row.uid),
          verification,
          eventType,
          rateLimitPerMinute: pick(p.rateLimitPerMinute, current(row.rate_limit_per_minute)),
          maxBodyBytes: pick(p.maxBodyBytes, current(row.max_body_bytes)),
          ...(row.type === 'http'
            ? { brokerUrl: null, broker: null }
            : patchedBroker(stored, p, name, eventType)),
        });
        return (await out(req, [updated]))[0]!;
      },
    );

    app.delete(
      '/apps/:app/sources/:source',
      { schema: { tags, security: secured, params: sourceParams } },
      async (req, reply) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        await deleteSource(ctx.pool, row.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/apps/:app/sources/:source/requests',
      {
        schema: {
          tags,
          security: secured,
          params: sourceParams,
          querystring: listQuery,
          response: { 200: listResponse(sourceRequest) },
        },
      },
      async (req) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        const rows = await listSourceRequests(ctx.pool, row.id, req.query.limit, req.query.iterator);
        return page(rows, req.query.limit, (r) => r.id, toSourceRequest);
      },
    );

    app.get(
      '/apps/:app/sources/:source/requests/:request',
      { schema: { tags, security: secured, params: requestParams, response: { 200: sourceRequest } } },
      async (req) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        const kept = await findSourceRequest(ctx.pool, row.id, req.params.request);
        if (!kept) throw notFound('inbound request');
        return toSourceRequest(kept);
      },
    );

    app.post(
      '/apps/:app/sources/:source/requests/:request/replay',
      {
        schema: {
          tags,
          summary: 'Replay a rejected inbound request into the pipeline',
          description:
            'Runs a kept, rejected request again with the source as it is now (e.g. after its secret was fixed), verified as of when it was received. The outcome is kept as a new request (`replayOf`): accepted with its `messageId`, or rejected with the `error`.',
          security: secured,
          params: requestParams,
          response: { 201: sourceRequest },
        },
      },
      async (req, reply) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        // a broker source's log holds its dead letters: they are replayed from the dead-letter target
        if (row.type !== 'http')
          throw conflict(
            'a broker source is not replayed here: its dead letters wait in its dead-letter target',
          );
        const kept = await findSourceRequest(ctx.pool, row.id, req.params.request);
        if (!kept) throw notFound('inbound request');
        if (kept.status === 'accepted')
          throw conflict(
            `this request was accepted (message ${kept.message_id}); only rejected ones are replayed`,
          );
        if (kept.truncated)
          throw conflict('the body of this request was not kept in full, so it cannot be replayed');
        const done = await findAcceptedReplay(ctx.pool, row.id, kept.id);
        if (done) throw conflict(`already replayed into message ${done.message_id} (request ${done.id})`);
        const outcome = await replayKeptRequest(ctx, row, kept, req.id);
        if (!outcome.kept) throw new HeraldError('internal', 'the replay could not be recorded');
        return reply.code(201).send(toSourceRequest(outcome.kept));
      },
    );
  };
}
