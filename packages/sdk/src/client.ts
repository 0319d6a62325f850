import { Events } from './events.ts';
import { type HeraldOptions, Http, isoTime, path, type RequestOptions } from './http.ts';
import { paginate } from './paginate.ts';
import type {
  ApiKey,
  ApiKeyCreated,
  ApiKeyIn,
  Application,
  ApplicationIn,
  ApplicationPatch,
  Attempt,
  AttemptListOptions,
  Delivery,
  Endpoint,
  EndpointIn,
  EndpointPatch,
  EndpointStats,
  EventType,
  EventTypeIn,
  Job,
  ListOptions,
  ListResponse,
  Message,
  MessageIn,
  MessageListOptions,
  PortalAccess,
  PortalAccessIn,
  PublishedMessage,
  RecoverPreview,
  RecoverStarted,
  RecoverWindow,
  RotateSecretIn,
  Whoami,
} from './types.ts';

type ListArgs<O> = O & RequestOptions;

/** Applications: your tenants. Wherever `app` is taken, its uid works as well as its id. */
class Apps {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  create(input: ApplicationIn, opts: RequestOptions = {}): Promise<Application> {
    return this.#http.request('POST', '/v1/apps', { body: input, ...opts });
  }
  list({ signal, ...query }: ListArgs<ListOptions> = {}): Promise<ListResponse<Application>> {
    return this.#http.request('GET', '/v1/apps', { query, signal });
  }
  /** Every application, following pages. */
  listAll(opts: ListArgs<ListOptions> = {}): AsyncGenerator<Application, void, undefined> {
    return paginate((iterator) => this.list({ ...opts, iterator }), opts.iterator);
  }
  get(app: string, opts: RequestOptions = {}): Promise<Application> {
    return this.#http.request('GET', path`/v1/apps/${app}`, opts);
  }
  update(app: string, patch: ApplicationPatch, opts: RequestOptions = {}): Promise<Application> {
    return this.#http.request('PATCH', path`/v1/apps/${app}`, { body: patch, ...opts });
  }
  /** Deletes the application with its endpoints and messages. */
  async delete(app: string, opts: RequestOptions = {}): Promise<void> {
    await this.#http.request('DELETE', path`/v1/apps/${app}`, opts);
  }
}

/** The event-type catalogue. */
class EventTypes {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  /** Creates or updates (by name) an event type, optionally with a JSON Schema for its payloads. */
  create(input: EventTypeIn, opts: RequestOptions = {}): Promise<EventType> {
    return this.#http.request('POST', '/v1/event-types', { body: input, ...opts });
  }
  list({ signal, ...query }: ListArgs<ListOptions> = {}): Promise<ListResponse<EventType>> {
    return this.#http.request('GET', '/v1/event-types', { query, signal });
  }
  listAll(opts: ListArgs<ListOptions> = {}): AsyncGenerator<EventType, void, undefined> {
    return paginate((iterator) => this.list({ ...opts, iterator }), opts.iterator);
  }
  get(name: string, opts: RequestOptions = {}): Promise<EventType> {
    return this.#http.request('GET', path`/v1/event-types/${name}`, opts);
  }
  async delete(name: string, opts: RequestOptions = {}): Promise<void> {
    await this.#http.request('DELETE', path`/v1/event-types/${name}`, opts);
  }
}

/** Endpoints: where an application's webhooks go. `endpoint` takes an id or a uid. */
class Endpoints {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  create(app: string, input: EndpointIn, opts: RequestOptions = {}): Promise<Endpoint> {
    return this.#http.request('POST', path`/v1/apps/${app}/endpoints`, { body: input, ...opts });
  }
  list(app: string, { signal, ...query }: ListArgs<ListOptions> = {}): Promise<ListResponse<Endpoint>> {
    return this.#http.request('GET', path`/v1/apps/${app}/endpoints`, { query, signal });
  }
  listAll(app: string, opts: ListArgs<ListOptions> = {}): AsyncGenerator<Endpoint, void, undefined> {
    return paginate((iterator) => this.list(app, { ...opts, iterator }), opts.iterator);
  }
  get(app: string, endpoint: string, opts: RequestOptions = {}): Promise<Endpoint> {
    return this.#http.request('GET', path`/v1/apps/${app}/endpoints/${endpoint}`, opts);
  }
  update(app: string, endpoint: string, patch: EndpointPatch, opts: RequestOptions = {}): Promise<Endpoint> {
    return this.#http.request('PATCH', path`/v1/apps/${app}/endpoints/${endpoint}`, {
      body: patch,
      ...opts,
    });
  }
  async delete(app: string, endpoint: string, opts: RequestOptions = {}): Promise<void> {
    await this.#http.request('DELETE', path`/v1/apps/${app}/endpoints/${endpoint}`, opts);
  }
  /** The endpoint's signing secret (`whsec_...`, or `whsk_...` for ed25519), for its receiver to verify with. */
  async secret(app: string, endpoint: string, opts: RequestOptions = {}): Promise<string> {
    const out = await this.#http.request<{ key: string }>(
      'GET',
      path`/v1/apps/${app}/endpoints/${endpoint}/secret`,
      opts,
    );
    return out.key;
  }
  /** For an ed25519 endpoint (secret `whsk_...`), the public key `whpk_...` receivers verify v1a with; else null. */
  async publicKey(app: string, endpoint: string, opts: RequestOptions = {}): Promise<string | null> {
    const out = await this.#http.request<{ publicKey: string | null }>(
      'GET',
      path`/v1/apps/${app}/endpoints/${endpoint}/secret`,
      opts,
    );
    return out.publicKey;
  }
  /** A new secret (yours, or generated); for 24 h deliveries are signed with both old and new. */
  async rotateSecret(
    app: string,
    endpoint: string,
    input: RotateSecretIn = {},
    opts: RequestOptions = {},
  ): Promise<void> {
    await this.#http.request('POST', path`/v1/apps/${app}/endpoints/${endpoint}/secret/rotate`, {
      body: input,
      ...opts,
    });
  }
  /** Deliveries by status, success rate and latency over the last 24 h. */
  stats(app: string, endpoint: string, opts: RequestOptions = {}): Promise<EndpointStats> {
    return this.#http.request('GET', path`/v1/apps/${app}/endpoints/${endpoint}/stats`, opts);
  }
  /** How many failed deliveries {@link recover} would re-send. */
  recoverPreview(
    app: string,
    endpoint: string,
    window: RecoverWindow,
    opts: RequestOptions = {},
  ): Promise<RecoverPreview> {
    return this.#http.request('POST', path`/v1/apps/${app}/endpoints/${endpoint}/recover/preview`, {
      body: recoverBody(window),
      ...opts,
    });
  }
  /** Re-sends every delivery to this endpoint that failed for good in the window; a job tracks it. */
  recover(
    app: string,
    endpoint: string,
    window: RecoverWindow,
    opts: RequestOptions = {},
  ): Promise<RecoverStarted> {
    return this.#http.request('POST', path`/v1/apps/${app}/endpoints/${endpoint}/recover`, {
      body: recoverBody(window),
      ...opts,
    });
  }
}

const recoverBody = (w: RecoverWindow) => ({ since: isoTime(w.since), until: isoTime(w.until) });

export interface PublishOptions extends RequestOptions {
  /** A repeat with the same key within 24 h returns the first message and dispatches nothing. */
  idempotencyKey?: string;
  /**
   * Publish-and-wait: answer once every matched endpoint's first attempt has finished, or after this
   * many seconds (≤ 30), with `deliveries` as far as known.
   */
  wait?: number;
}

/** Messages: accepted events, their deliveries and attempts. */
class Messages {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  publish(app: string, input: MessageIn, opts: PublishOptions = {}): Promise<PublishedMessage> {
    return this.#http.request('POST', path`/v1/apps/${app}/messages`, {
      body: input,
      query: { wait: opts.wait },
      headers: opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {},
      signal: opts.signal,
    });
  }
  /** Up to 1000 messages, all accepted or none. */
  async publishBatch(app: string, messages: MessageIn[], opts: RequestOptions = {}): Promise<Message[]> {
    const out = await this.#http.request<{ data: Message[] }>('POST', path`/v1/apps/${app}/messages/batch`, {
      body: { messages },
      ...opts,
    });
    return out.data;
  }
  /** The delivery log, newest first. */
  list(app: string, { signal, ...query }: ListArgs<MessageListOptions> = {}): Promise<ListResponse<Message>> {
    return this.#http.request('GET', path`/v1/apps/${app}/messages`, { query, signal });
  }
  listAll(app: string, opts: ListArgs<MessageListOptions> = {}): AsyncGenerator<Message, void, undefined> {
    return paginate((iterator) => this.list(app, { ...opts, iterator }), opts.iterator);
  }
  get(app: string, message: string, opts: RequestOptions = {}): Promise<Message> {
    return this.#http.request('GET', path`/v1/apps/${app}/messages/${message}`, opts);
  }
  /** One delivery per endpoint the message went to. */
  async deliveries(app: string, message: string, opts: RequestOptions = {}): Promise<Delivery[]> {
    const out = await this.#http.request<ListResponse<Delivery>>(
      'GET',
      path`/v1/apps/${app}/messages/${message}/deliveries`,
      opts,
    );
    return out.data;
  }
  /** Every attempt to send the message, to any endpoint. */
  async attempts(app: string, message: string, opts: RequestOptions = {}): Promise<Attempt[]> {
    const out = await this.#http.request<ListResponse<Attempt>>(
      'GET',
      path`/v1/apps/${app}/messages/${message}/attempts`,
      opts,
    );
    return out.data;
  }
  /** One more attempt to this endpoint now (trigger `manual`), whatever the delivery's state. */
  async resend(app: string, message: string, endpoint: string, opts: RequestOptions = {}): Promise<void> {
    await this.#http.request(
      'POST',
      path`/v1/apps/${app}/messages/${message}/endpoints/${endpoint}/resend`,
      opts,
    );
  }
}

/** Attempts across an application's messages, newest first. */
class Attempts {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  list(app: string, { signal, ...query }: ListArgs<AttemptListOptions> = {}): Promise<ListResponse<Attempt>> {
    return this.#http.request('GET', path`/v1/apps/${app}/attempts`, { query, signal });
  }
  listAll(app: string, opts: ListArgs<AttemptListOptions> = {}): AsyncGenerator<Attempt, void, undefined> {
    return paginate((iterator) => this.list(app, { ...opts, iterator }), opts.iterator);
  }
}

/** API keys; managed with an unscoped key. */
class ApiKeys {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  /** A new key, shown only in this answer. With `app`, it reaches that application only. */
  create(input: ApiKeyIn, opts: RequestOptions = {}): Promise<ApiKeyCreated> {
    return this.#http.request('POST', '/v1/api-keys', { body: input, ...opts });
  }
  list({ signal, ...query }: ListArgs<ListOptions> = {}): Promise<ListResponse<ApiKey>> {
    return this.#http.request('GET', '/v1/api-keys', { query, signal });
  }
  listAll(opts: ListArgs<ListOptions> = {}): AsyncGenerator<ApiKey, void, undefined> {
    return paginate((iterator) => this.list({ ...opts, iterator }), opts.iterator);
  }
  /** Revoked at once. */
  async revoke(id: string, opts: RequestOptions = {}): Promise<void> {
    await this.#http.request('DELETE', path`/v1/api-keys/${id}`, opts);
  }
}

/** Platform jobs (recover, ...) with their progress. */
class Jobs {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  get(job: string, opts: RequestOptions = {}): Promise<Job> {
    return this.#http.request('GET', path`/v1/jobs/${job}`, opts);
  }
  list({ signal, ...query }: ListArgs<ListOptions> = {}): Promise<ListResponse<Job>> {
    return this.#http.request('GET', '/v1/jobs', { query, signal });
  }
  listAll(opts: ListArgs<ListOptions> = {}): AsyncGenerator<Job, void, undefined> {
    return paginate((iterator) => this.list({ ...opts, iterator }), opts.iterator);
  }
  /** Cancels a queued or running job; 409 for one that has already ended. */
  cancel(job: string, opts: RequestOptions = {}): Promise<Job> {
    return this.#http.request('POST', path`/v1/jobs/${job}/cancel`, opts);
  }
}

/** Links into the dashboard limited to one application (an app portal). */
class Portal {
  readonly #http: Http;
  constructor(http: Http) {
    this.#http = http;
  }

  /** A short-lived `{token, url, expiresAt}` (default 1 h) reaching only `app`. */
  access(app: string, input: PortalAccessIn = {}, opts: RequestOptions = {}): Promise<PortalAccess> {
    return this.#http.request('POST', path`/v1/apps/${app}/portal-access`, { body: input, ...opts });
  }
}

/**
 * A typed client for Herald's HTTP API. Failed calls reject with {@link HeraldApiError}.
 *
 * ```ts
 * const herald = new Herald({ baseUrl: 'http://127.0.0.1:8080', apiKey: process.env.HERALD_API_KEY! });
 * const app = await herald.apps.create({ name: 'Acme', uid: 'acme' });
 * await herald.messages.publish('acme', { eventType: 'invoice.paid', payload: { id: 'inv_1' } });
 * for await (const a of herald.apps.listAll()) console.log(a.id);
 * ```
 */
export class Herald {
  readonly apps: Apps;
  readonly eventTypes: EventTypes;
  readonly endpoints: Endpoints;
  readonly messages: Messages;
  readonly attempts: Attempts;
  readonly apiKeys: ApiKeys;
  readonly jobs: Jobs;
  readonly portal: Portal;
  readonly events: Events;
  readonly #http: Http;

  constructor(options: HeraldOptions) {
    const http = new Http(options);
    this.#http = http;
    this.apps = new Apps(http);
    this.eventTypes = new EventTypes(http);
    this.endpoints = new Endpoints(http);
    this.messages = new Messages(http);
    this.attempts = new Attempts(http);
    this.apiKeys = new ApiKeys(http);
    this.jobs = new Jobs(http);
    this.portal = new Portal(http);
    this.events = new Events(http);
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Which key this is: its id, the application it is scoped to (or null), and whether it is root. */
  whoami(opts: RequestOptions = {}): Promise<Whoami> {
    return this.#http.request('GET', '/v1/auth/whoami', opts);
  }
}

export type { ApiKeys, Apps, Attempts, Endpoints, EventTypes, Jobs, Messages, Portal };
