/**
 * The SDK's types, taken from the shared contracts (packages/contracts) so client and server cannot
 * drift. Type-only imports: the SDK loads no zod (nor anything else) at run time.
 */
import type * as c from '@herald/contracts';

/** What a schema parses to (zod's `z.output`), without importing zod. */
type Out<S> = S extends { _zod: { output: infer O } } ? O : never;
/** What a schema accepts (zod's `z.input`): the shape to send. */
type In<S> = S extends { _zod: { input: infer I } } ? I : never;

export type {
  ApiKey,
  Application,
  Attempt,
  Delivery,
  DeliveryStatus,
  Endpoint,
  EndpointStats,
  ErrorCode,
  EventType,
  Job,
  ListResponse,
  Message,
  Problem,
  Whoami,
} from '@herald/contracts';

export type ApplicationIn = In<typeof c.applicationIn>;
export type ApplicationPatch = In<typeof c.applicationPatch>;
export type EventTypeIn = In<typeof c.eventTypeIn>;
export type EndpointIn = In<typeof c.endpointIn>;
export type EndpointPatch = In<typeof c.endpointPatch>;
export type RotateSecretIn = In<typeof c.rotateSecretIn>;
export type MessageIn = In<typeof c.messageIn>;
export type ApiKeyIn = In<typeof c.apiKeyIn>;
export type ApiKeyCreated = Out<typeof c.apiKeyCreated>;
export type PortalAccessIn = In<typeof c.portalAccessIn>;
export type PortalAccess = Out<typeof c.portalAccess>;
export type RecoverPreview = Out<typeof c.recoverPreview>;
export type RecoverStarted = Out<typeof c.recoverStarted>;
export type FieldError = Out<typeof c.fieldError>;
export type JobStatus = Out<typeof c.jobStatus>;

/** A time as ISO-8601 text or a Date (sent as ISO-8601). */
export type Time = string | Date;

/** `since`/`until` of a recovery; times may be Dates. */
export interface RecoverWindow {
  since: Time;
  until?: Time;
}

// Query schemas coerce text, so their zod input type is `unknown`: their parsed shape, all optional,
// is what a caller passes.
export type ListOptions = Partial<Out<typeof c.listQuery>>;
export type MessageListOptions = Omit<Partial<Out<typeof c.messageListQuery>>, 'before' | 'after'> & {
  before?: Time;
  after?: Time;
};
export type AttemptListOptions = Partial<Out<typeof c.attemptListQuery>>;

export type { FeedConsumer, FeedPage, FirstAttempt, PublishedMessage } from '@herald/contracts';
