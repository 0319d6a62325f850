/**
 * Every query key of the dashboard, from one factory: invalidation by prefix (`queryKeys.app(id)`
 * drops everything of one application) stays correct because all keys share these shapes.
 */
export interface MessageFilters {
  q?: string | undefined;
  responseStatus?: string | undefined;
  eventType?: string | undefined;
  status?: string | undefined;
  channel?: string | undefined;
  endpoint?: string | undefined;
  after?: string | undefined;
  before?: string | undefined;
}

export const queryKeys = {
  whoami: () => ['whoami'] as const,
  eventTypes: () => ['event-types'] as const,
  apps: () => ['apps'] as const,
  appList: () => ['apps', 'list'] as const,
  app: (app: string) => ['apps', 'one', app] as const,
  endpoints: (app: string) => ['apps', 'one', app, 'endpoints'] as const,
  /** `endpoint` null: none yet (the form of a new one; the query is skipped) */
  endpoint: (app: string, endpoint: string | null) => ['apps', 'one', app, 'endpoints', endpoint] as const,
  endpointSecret: (app: string, endpoint: string) =>
    ['apps', 'one', app, 'endpoints', endpoint, 'secret'] as const,
  endpointStats: (app: string, endpoint: string) =>
    ['apps', 'one', app, 'endpoints', endpoint, 'stats'] as const,
  endpointSeries: (app: string, endpoint: string, window: string, buckets: number) =>
    ['apps', 'one', app, 'endpoints', endpoint, 'stats', window, buckets] as const,
  endpointAttempts: (app: string, endpoint: string) =>
    ['apps', 'one', app, 'endpoints', endpoint, 'attempts'] as const,
  /** `range` null: no window chosen yet (the query is skipped) */
  recoverPreview: (app: string, endpoint: string, range: { since: string; until?: string } | null) =>
    [
      'apps',
      'one',
      app,
      'endpoints',
      endpoint,
      'recover-preview',
      range?.since ?? null,
      range?.until ?? null,
    ] as const,
  messages: (app: string) => ['apps', 'one', app, 'messages'] as const,
  messageList: (app: string, filters: MessageFilters) =>
    ['apps', 'one', app, 'messages', 'list', filters] as const,
  message: (app: string, msg: string) => ['apps', 'one', app, 'messages', 'one', msg] as const,
  deliveries: (app: string, msg: string) =>
    ['apps', 'one', app, 'messages', 'one', msg, 'deliveries'] as const,
  attempts: (app: string, msg: string) => ['apps', 'one', app, 'messages', 'one', msg, 'attempts'] as const,
  sources: (app: string) => ['apps', 'one', app, 'sources'] as const,
  /** `source` null: none yet (the form of a new one; the query is skipped) */
  source: (app: string, source: string | null) => ['apps', 'one', app, 'sources', source] as const,
  sourceRequests: (app: string, source: string) =>
    ['apps', 'one', app, 'sources', source, 'requests'] as const,
  /** `body` null: the form is not valid yet (the query is skipped) */
  replayPreview: (app: string, body: unknown) => ['apps', 'one', app, 'replay-preview', body] as const,
  apiKeys: () => ['api-keys'] as const,
  jobs: () => ['jobs'] as const,
  jobList: () => ['jobs', 'list'] as const,
  job: (job: string) => ['jobs', 'one', job] as const,
  cluster: () => ['cluster'] as const,
};
