import type { Source, SourcePatch } from '@herald/contracts';

export type VerificationType = NonNullable<Source['verification']>['type'];
export type EventTypeMode = 'header' | 'bodyPath' | 'fixed';

/** The source form's fields, as typed (numbers too: they are checked when sent). */
export interface SourceValues {
  name: string;
  uid: string;
  type: VerificationType;
  /** blank on an edit: keep the current secret */
  secret: string;
  header: string;
  encoding: 'hex' | 'base64';
  prefix: string;
  timestampHeader: string;
  signedContent: string;
  eventTypeMode: EventTypeMode;
  eventTypeValue: string;
  rateLimitPerMinute: string;
  maxBodyBytes: string;
}

export function initialValues(s?: Source): SourceValues {
  const v = s?.verification;
  const hmac = v?.type === 'hmac-sha256';
  const rule = s?.eventType;
  const mode: EventTypeMode = rule
    ? 'header' in rule
      ? 'header'
      : 'bodyPath' in rule
        ? 'bodyPath'
        : 'fixed'
    : 'header';
  return {
    name: s?.name ?? '',
    uid: s?.uid ?? '',
    type: v?.type ?? 'hmac-sha256',
    secret: '',
    header: hmac ? (v?.header ?? '') : '',
    encoding: (hmac && v?.encoding) || 'hex',
    prefix: (hmac && v?.prefix) || '',
    timestampHeader: (hmac && v?.timestampHeader) || '',
    signedContent: hmac && v?.signedContent && v.signedContent !== '{body}' ? v.signedContent : '',
    eventTypeMode: mode,
    eventTypeValue: rule ? Object.values(rule)[0]! : '',
    rateLimitPerMinute: s?.rateLimitPerMinute == null ? '' : String(s.rateLimitPerMinute),
    maxBodyBytes: s?.maxBodyBytes == null ? '' : String(s.maxBodyBytes),
  };
}

/** A number field: blank is none; anything else is sent as typed and checked by the contract. */
const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));
const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

const hmacFields = (v: SourceValues) => ({
  header: optional(v.header),
  encoding: v.encoding,
  prefix: optional(v.prefix),
  timestampHeader: optional(v.timestampHeader),
  signedContent: optional(v.signedContent),
});

function verificationOf(v: SourceValues) {
  const secret = v.type === 'none' ? undefined : optional(v.secret);
  return { type: v.type, secret, ...(v.type === 'hmac-sha256' ? hmacFields(v) : {}) };
}

const eventTypeOf = (v: SourceValues) => ({ [v.eventTypeMode]: v.eventTypeValue.trim() });

/** The body of POST …/sources (to be checked with the contract's `sourceIn`). */
export function toCreate(v: SourceValues): Record<string, unknown> {
  const rate = numberOrNull(v.rateLimitPerMinute);
  const max = numberOrNull(v.maxBodyBytes);
  return drop({
    name: v.name.trim(),
    uid: optional(v.uid),
    verification: drop(verificationOf(v)),
    eventType: eventTypeOf(v),
    rateLimitPerMinute: rate ?? undefined,
    maxBodyBytes: max ?? undefined,
  });
}

/**
 * The PATCH body: only what differs from what the form opened with. The same verification type
 * sends only its changed fields (a blank secret keeps the current one, a cleared field is null);
 * a new type sends the whole verification with its secret.
 */
export function toPatch(opened: SourceValues, v: SourceValues): SourcePatch {
  const patch: Record<string, unknown> = {};
  if (v.name.trim() !== opened.name) patch.name = v.name.trim();
  if (v.eventTypeMode !== opened.eventTypeMode || v.eventTypeValue.trim() !== opened.eventTypeValue)
    patch.eventType = eventTypeOf(v);
  if (v.rateLimitPerMinute.trim() !== opened.rateLimitPerMinute)
    patch.rateLimitPerMinute = numberOrNull(v.rateLimitPerMinute);
  if (v.maxBodyBytes.trim() !== opened.maxBodyBytes) patch.maxBodyBytes = numberOrNull(v.maxBodyBytes);
  if (v.type !== opened.type) {
    patch.verification = drop(verificationOf(v));
  } else {
    const changes: Record<string, unknown> = {};
    if (v.type !== 'none' && v.secret.trim() !== '') changes.secret = v.secret.trim();
    if (v.type === 'hmac-sha256') {
      const now = hmacFields(v);
      const before = hmacFields(opened);
      for (const k of Object.keys(now) as Array<keyof typeof now>)
        if (now[k] !== before[k]) changes[k] = now[k] ?? null;
    }
    if (Object.keys(changes).length > 0) patch.verification = changes;
  }
  return patch as SourcePatch;
}

function drop<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
