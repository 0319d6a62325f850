/**
 * The operationId and summary of every documented route, keyed `METHOD /openapi/path`: generated
 * clients name their methods after these (clients/python, clients/go), so they are chosen, not
 * derived. `empty` is the status of a route that answers with no body. A new route needs a line here
 * (or `operationId` and `summary` in its own schema): apps/server/test/openapi-quality.test.ts fails
 * until it has one.
 */
export interface OperationMeta {
  operationId: string;
  summary: string;
  description?: string;
  /** the status a route sends with no body (its schema declares no response) */
  empty?: 202 | 204;
}

export const operations: Record<string, OperationMeta> = {
  'POST /v1/apps': { operationId: 'createApp', summary: 'Create an application' },
  'GET /v1/apps': { operationId: 'listApps', summary: 'List applications' },
  'GET /v1/apps/{app}': { operationId: 'getApp', summary: 'Get an application (by id or uid)' },
  'PATCH /v1/apps/{app}': { operationId: 'updateApp', summary: 'Update an application' },
  'DELETE /v1/apps/{app}': {
    operationId: 'deleteApp',
    summary: 'Delete an application with its endpoints and messages',
    empty: 204,
  },
  'POST /v1/apps/{app}/portal-access': {
    operationId: 'createPortalAccess',
    summary: 'Create a short-lived dashboard link limited to one application',
  },

  'POST /v1/event-types': { operationId: 'createEventType', summary: 'Create or update an event type' },
  'GET /v1/event-types': { operationId: 'listEventTypes', summary: 'List event types' },
  'GET /v1/event-types/{name}': { operationId: 'getEventType', summary: 'Get an event type' },
  'DELETE /v1/event-types/{name}': {
    operationId: 'deleteEventType',
    summary: 'Delete an event type',
    empty: 204,
  },

  'POST /v1/apps/{app}/endpoints': { operationId: 'createEndpoint', summary: 'Create an endpoint' },
  'GET /v1/apps/{app}/endpoints': {
    operationId: 'listEndpoints',
    summary: "List an application's endpoints",
  },
  'GET /v1/apps/{app}/endpoints/{endpoint}': {
    operationId: 'getEndpoint',
    summary: 'Get an endpoint (by id or uid)',
  },
  'PATCH /v1/apps/{app}/endpoints/{endpoint}': {
    operationId: 'updateEndpoint',
    summary: 'Update an endpoint',
  },
  'DELETE /v1/apps/{app}/endpoints/{endpoint}': {
    operationId: 'deleteEndpoint',
    summary: 'Delete an endpoint',
    empty: 204,
  },
  'GET /v1/apps/{app}/endpoints/{endpoint}/secret': {
    operationId: 'getEndpointSecret',
    summary: "Get an endpoint's signing secret",
  },
  'POST /v1/apps/{app}/endpoints/{endpoint}/secret/rotate': {
    operationId: 'rotateEndpointSecret',
    summary: "Rotate an endpoint's signing secret (the old one signs too for 24 h)",
    empty: 204,
  },
  'POST /v1/apps/{app}/endpoints/{endpoint}/recover/preview': {
    operationId: 'previewEndpointRecovery',
    summary: 'Count the failed deliveries a recovery would re-send',
  },
  'POST /v1/apps/{app}/endpoints/{endpoint}/recover': {
    operationId: 'recoverEndpoint',
    summary: 'Re-send every delivery to this endpoint that failed for good in a window',
  },
  'GET /v1/apps/{app}/endpoints/{endpoint}/stats': {
    operationId: 'getEndpointStats',
    summary: "Get an endpoint's delivery statistics",
  },

  'POST /v1/apps/{app}/messages': {
    operationId: 'publishMessage',
    summary: 'Publish a message',
    description:
      '202 once stored and queued. With `wait=S` (at most 30), 200 with the first attempts once every matched endpoint has had one, or 202 with what is known when S runs out. `eventId` or an `Idempotency-Key` header makes a repeat within 24 h return the first message.',
  },
  'GET /v1/apps/{app}/messages': {
    operationId: 'listMessages',
    summary: 'List messages (the delivery log), newest first',
  },
  'POST /v1/apps/{app}/messages/batch': {
    operationId: 'publishMessageBatch',
    summary: 'Publish up to 1000 messages, all or nothing',
  },
  'GET /v1/apps/{app}/messages/{msg}': { operationId: 'getMessage', summary: 'Get a message' },
  'GET /v1/apps/{app}/messages/{msg}/deliveries': {
    operationId: 'listMessageDeliveries',
    summary: "List a message's deliveries, one per endpoint",
  },
  'GET /v1/apps/{app}/messages/{msg}/attempts': {
    operationId: 'listMessageAttempts',
    summary: "List a message's attempts",
  },
  'POST /v1/apps/{app}/messages/{msg}/endpoints/{endpoint}/resend': {
    operationId: 'resendMessage',
    summary: 'Send a message to an endpoint once more, now',
    empty: 202,
  },
  'GET /v1/apps/{app}/attempts': {
    operationId: 'listAttempts',
    summary: "List an application's attempts, newest first",
  },

  'POST /v1/api-keys': { operationId: 'createApiKey', summary: 'Create an API key (shown once)' },
  'GET /v1/api-keys': { operationId: 'listApiKeys', summary: 'List API keys' },
  'DELETE /v1/api-keys/{id}': { operationId: 'revokeApiKey', summary: 'Revoke an API key', empty: 204 },
  'GET /v1/auth/whoami': { operationId: 'whoami', summary: 'Describe the calling API key' },

  'GET /v1/apps/{app}/events': {
    operationId: 'readEvents',
    summary: 'Read the events feed (messages in publish order), long-polling with `wait`',
  },
  'GET /v1/apps/{app}/events/consumers/{consumer}': {
    operationId: 'getFeedConsumer',
    summary: "Get a feed consumer's cursor",
  },
  'POST /v1/apps/{app}/events/consumers/{consumer}/ack': {
    operationId: 'ackFeedConsumer',
    summary: "Move a feed consumer's cursor",
    empty: 204,
  },

  'GET /v1/jobs': { operationId: 'listJobs', summary: 'List platform jobs' },
  'GET /v1/jobs/{job}': { operationId: 'getJob', summary: 'Get a platform job and its progress' },
  'GET /v1/jobs/{job}/download': {
    operationId: 'downloadJobResult',
    summary: "Download an export job's file",
  },
  'POST /v1/jobs/{job}/cancel': { operationId: 'cancelJob', summary: 'Cancel a queued or running job' },
  'POST /v1/apps/{app}/messages/replay': {
    operationId: 'replayMessages',
    summary: 'Replay the messages of a window to their endpoints (a job)',
  },
  'POST /v1/apps/{app}/exports': {
    operationId: 'exportMessages',
    summary: 'Export messages to a file (a job)',
  },

  'POST /v1/apps/{app}/sources': { operationId: 'createSource', summary: 'Create an inbound source' },
  'GET /v1/apps/{app}/sources': { operationId: 'listSources', summary: "List an application's sources" },
  'GET /v1/apps/{app}/sources/{source}': { operationId: 'getSource', summary: 'Get a source' },
  'DELETE /v1/apps/{app}/sources/{source}': {
    operationId: 'deleteSource',
    summary: 'Delete a source',
    empty: 204,
  },
  'GET /v1/apps/{app}/sources/{source}/requests': {
    operationId: 'listSourceRequests',
    summary: 'List the requests a source received',
  },
  'PATCH /v1/apps/{app}/sources/{source}': {
    operationId: 'updateSource',
    summary: "Change a source (verification, event type, limits; a broker source's broker fields)",
  },
  'GET /v1/apps/{app}/sources/{source}/requests/{request}': {
    operationId: 'getSourceRequest',
    summary: 'Get one request a source received',
  },
  'POST /v1/apps/{app}/sources/{source}/requests/{request}/replay': {
    operationId: 'replaySourceRequest',
    summary: 'Run a rejected inbound request again, with the source as it is now',
  },
  'POST /v1/apps/{app}/messages/replay/preview': {
    operationId: 'previewReplay',
    summary: 'Count the messages a replay with these filters would send',
  },
  'POST /v1/secrets/reencrypt': {
    operationId: 'reencryptSecrets',
    summary: 'Re-encrypt every stored secret with the first HERALD_ENCRYPTION_KEY (a job)',
  },
  'GET /v1/cluster': {
    operationId: 'listInstances',
    summary: 'List the api and worker instances, live and gone',
  },
  'POST /in/{source}': { operationId: 'receiveInbound', summary: 'Receive a provider webhook' },
};
