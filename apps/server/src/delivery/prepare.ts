import type { EndpointDestination } from '@herald/contracts';
import { signatureHeader } from '@herald/signing';
import { openDestination } from '../brokers/urls.ts';
import type { ClaimedDelivery } from '../db/deliveries.ts';
import type { SecretCipher } from '../secrets/cipher.ts';

export interface PreparedRequest {
  /** the HTTP URL, or the password-free label of a broker destination */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** a broker endpoint's destination (the message goes there instead of a POST to url) */
  destination: EndpointDestination | null;
  eventType: string;
}

/**
 * The body every subscriber receives. Built from the stored payload text, so it is the same bytes on
 * every attempt and the payload's own formatting survives.
 */
export function buildBody(eventType: string, timestamp: Date, payloadJson: string): string {
  return `{"type":${JSON.stringify(eventType)},"timestamp":${JSON.stringify(timestamp.toISOString())},"data":${payloadJson}}`;
}

/**
 * Prepare stage: the signed request for one attempt (a broker destination gets the same body and
 * headers, as message headers). The timestamp is fresh on every attempt; the id
 * is the message id on all of them, so receivers can de-duplicate. During a rotation both secrets sign.
 */
export function prepareRequest(
  d: ClaimedDelivery,
  userAgent: string,
  nowSeconds: number,
  cipher: SecretCipher,
): PreparedRequest {
  const body = buildBody(d.event_type, d.message_created_at, d.payload);
  // stored encrypted (secrets/cipher.ts): decrypted here, for this signature only
  const secrets = d.previous_secret
    ? [cipher.decrypt(d.secret), cipher.decrypt(d.previous_secret)]
    : [cipher.decrypt(d.secret)];
  return {
    url: d.url,
    // the broker URL too: the connection cache is keyed on the plaintext URL (brokers/clients.ts)
    destination: d.destination && openDestination(d.destination, cipher),
    eventType: d.event_type,
    body,
    headers: {
      ...d.headers,
      'content-type': 'application/json',
      'user-agent': userAgent,
      'webhook-id': d.message_id,
      'webhook-timestamp': String(nowSeconds),
      'webhook-signature': signatureHeader(secrets, d.message_id, nowSeconds, body),
    },
  };
}
