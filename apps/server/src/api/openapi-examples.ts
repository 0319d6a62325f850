/**
 * Examples for the OpenAPI document, by component name: `openapi.ts` puts each on every request and
 * response whose schema is that component, fitted to the schema (a field the schema gained since is
 * made up from its type, one it lost is dropped; a component missing here gets a made-up example), and
 * `npm run lint:openapi` (Redocly) checks each against its schema. One story throughout: application Acme, its endpoint, an invoice.paid message.
 */
const at = '2026-11-24T14:42:29.224Z';
const later = '2026-11-24T14:42:30.451Z';
const appId = 'app_01JDX3M6V7Q8R9S0T1U2V3W4X5';
const endpointId = 'ep_01JDX3N2A3B4C5D6E7F8G9H0J1';
const messageId = 'msg_01JDX3P5K6M7N8P9Q0R1S2T3V4';
const jobId = 'job_01JDX3R8W9X0Y1Z2A3B4C5D6E7';
const sourceId = 'src_01JDX3S1F2G3H4J5K6M7N8P9Q0';

const list = (item: unknown) => ({ data: [item], iterator: null, done: true });

const application = {
  id: appId,
  uid: 'acme',
  name: 'Acme Inc.',
  metadata: { plan: 'pro' },
  retrySchedule: null,
  retentionDays: null,
  createdAt: at,
  updatedAt: at,
};

const endpoint = {
  id: endpointId,
  appId,
  uid: 'main',
  url: 'https://acme.example/webhooks',
  destination: null,
  description: 'Billing service',
  eventTypes: ['invoice.paid'],
  channels: [],
  rateLimit: null,
  headers: {},
  disabled: false,
  disabledReason: null,
  metadata: {},
  maxConcurrency: 100,
  ordering: 'unordered',
  circuit: { state: 'closed', openedAt: null, failures: 0, probeAt: null },
  failingSince: null,
  createdAt: at,
  updatedAt: at,
};

const message = {
  id: messageId,
  eventType: 'invoice.paid',
  eventId: 'in_123-paid',
  channels: [],
  payload: { invoiceId: 'in_123', amount: 4200 },
  timestamp: at,
  requestId: 'req_3f2a9c',
};

const delivery = {
  endpointId,
  url: endpoint.url,
  status: 'succeeded',
  attempts: 1,
  nextAttemptAt: null,
  updatedAt: later,
};

const attempt = {
  id: 'atmpt_01JDX3Q1A2B3C4D5E6F7G8H9J0',
  messageId,
  endpointId,
  attempt: 1,
  trigger: 'scheduled',
  status: 'succeeded',
  url: endpoint.url,
  requestHeaders: { 'content-type': 'application/json', 'webhook-id': messageId },
  responseStatusCode: 200,
  responseBody: 'ok',
  responseHeaders: { 'content-type': 'text/plain' },
  truncated: false,
  durationMs: 20,
  error: null,
  timestamp: later,
};

const eventType = {
  name: 'invoice.paid',
  description: 'An invoice was paid in full',
  schema: null,
  createdAt: at,
  updatedAt: at,
};

const apiKey = { id: 'key_01JDX3T4R5S6T7U8V9W0X1Y2Z3', name: 'billing service', app: appId, createdAt: at };

const job = {
  id: jobId,
  appId,
  type: 'recover',
  status: 'running',
  progress: { done: 40, total: 120 },
  result: null,
  params: { endpoint: endpointId, since: '2026-11-23T00:00:00.000Z', until: '2026-11-24T00:00:00.000Z' },
  error: null,
  createdAt: at,
  updatedAt: later,
};

const source = {
  id: sourceId,
  appId,
  uid: 'github',
  name: 'GitHub',
  type: 'http',
  verification: {
    type: 'github',
    header: 'x-hub-signature-256',
    encoding: null,
    prefix: null,
    timestampHeader: null,
    signedContent: null,
  },
  eventType: { header: 'x-github-event' },
  rateLimitPerMinute: null,
  maxBodyBytes: null,
  ingestUrl: `http://127.0.0.1:8080/in/${sourceId}`,
  createdAt: at,
  updatedAt: at,
};

const sourceRequest = {
  id: 'req_01JDX3V7A8B9C0D1E2F3G4H5J6',
  receivedAt: at,
  headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
  body: '{"ref":"refs/heads/main"}',
  truncated: false,
  status: 'accepted',
  error: null,
  messageId,
  replayOf: null,
};

const window = { since: '2026-11-23T00:00:00.000Z', until: '2026-11-24T00:00:00.000Z' };
const messageIn = {
  eventType: 'invoice.paid',
  payload: { invoiceId: 'in_123', amount: 4200 },
  eventId: 'in_123-paid',
};

export const examples: Record<string, unknown> = {
  Application: application,
  ApplicationIn: { name: 'Acme Inc.', uid: 'acme', metadata: { plan: 'pro' } },
  ApplicationPatch: { name: 'Acme Corporation' },
  ApplicationList: list(application),
  PortalAccessIn: { expiresIn: 3600 },
  PortalAccess: {
    token: 'hpt_3qGv9cZf2mKx',
    url: 'http://127.0.0.1:8080/portal#token=hpt_3qGv9cZf2mKx',
    expiresAt: '2026-11-24T15:42:29.224Z',
  },
  Whoami: {
    keyId: apiKey.id,
    app: null,
    root: true,
    portal: false,
    branding: { name: null, logoUrl: null, color: null },
  },

  EventType: eventType,
  EventTypeIn: { name: 'invoice.paid', description: 'An invoice was paid in full' },
  EventTypeList: list(eventType),

  Endpoint: endpoint,
  EndpointIn: { url: 'https://acme.example/webhooks', uid: 'main', eventTypes: ['invoice.paid'] },
  EndpointPatch: { description: 'Billing service', rateLimit: 50 },
  EndpointList: list(endpoint),
  EndpointSecretOut: { key: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', publicKey: null },
  RotateSecretIn: {},
  EndpointStats: {
    since: '2026-11-23T14:42:29.224Z',
    counts: { succeeded: 118, failed: 2, pending: 0 },
    attempts: { succeeded: 118, failed: 5 },
    successRate: 0.983,
    latencyMs: { p50: 21, p99: 140 },
    lastAttemptAt: later,
  },
  RecoverIn: window,
  RecoverPreview: { count: 120 },
  RecoverStarted: { job, count: 120 },

  MessageIn: messageIn,
  Message: message,
  PublishedMessage: message,
  MessageBatchIn: { messages: [messageIn] },
  PublishMessageBatchResult: { data: [message] },
  LoggedMessageList: list({ ...message, deliveries: [delivery] }),
  DeliveryList: list(delivery),
  AttemptList: list(attempt),

  ApiKeyIn: { name: 'billing service', app: 'acme' },
  ApiKeyCreated: { ...apiKey, key: 'hk_5Tq8wZ2nV7xR4mK9pL3sD6fG1hJ0' },
  ApiKeyList: list(apiKey),

  FeedPage: { data: [message], iterator: 'eyJ0IjoxNzMyNDU5MzQ5fQ', done: true },
  FeedConsumer: { consumer: 'billing', iterator: 'eyJ0IjoxNzMyNDU5MzQ5fQ', updatedAt: at },
  FeedAck: { iterator: 'eyJ0IjoxNzMyNDU5MzQ5fQ' },

  Job: job,
  JobList: list(job),
  ReplayIn: { ...window, eventTypes: ['invoice.paid'] },
  ExportIn: { ...window, format: 'ndjson' },

  SourceIn: {
    name: 'GitHub',
    uid: 'github',
    verification: { type: 'github', secret: 'a-shared-secret' },
    eventType: { header: 'x-github-event' },
  },
  Source: source,
  SourceList: list(source),
  SourceRequestList: list(sourceRequest),
  SourceRequest: sourceRequest,
  SourcePatch: { verification: { secret: 'the-new-shared-secret' }, rateLimitPerMinute: 600 },
  Cluster: {
    data: [
      {
        id: 'inst_01JDX3W2B3C4D5E6F7G8H9J0K1',
        role: 'worker',
        version: '0.1.0',
        host: 'herald-worker-7d9f',
        pid: 1,
        startedAt: at,
        lastSeenAt: later,
        inFlight: 12,
        status: 'up',
        stoppedAt: null,
      },
    ],
  },
  IngestAccepted: { messageId },
};
