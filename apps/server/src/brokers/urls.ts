import type { EndpointDestination } from '@herald/contracts';
import type { SecretCipher } from '../secrets/cipher.ts';

/** What the API shows instead of a password. */
export const MASK = '***';

/**
 * The URL with its password replaced by MASK (and, for NATS, a lone user part too: there it is a
 * token). Unparseable text is masked whole.
 */
export function maskUrl(url: string, type: EndpointDestination['type']): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return MASK;
  }
  if (u.password) u.password = MASK;
  else if (u.username && type === 'nats') u.username = MASK;
  return u.toString().replace(/\/$/, '');
}

/** The destination as the API shows it: every password masked. */
export function maskDestination(d: EndpointDestination): EndpointDestination {
  return 'url' in d ? { ...d, url: maskUrl(d.url, d.type) } : { ...d };
}

/**
 * A one-line, password-free label of a destination: the endpoint's `url` in lists and on its attempts,
 * e.g. `amqp://guest:***@rabbit:5672 exchange=orders routingKey=paid`.
 */
export function destinationLabel(d: EndpointDestination): string {
  switch (d.type) {
    case 'amqp':
      return `${maskUrl(d.url, d.type)} exchange=${d.exchange || '(default)'} routingKey=${d.routingKey}`;
    case 'kafka':
      return `kafka://${d.brokers.join(',')} topic=${d.topic}${d.key ? ` key=${d.key}` : ''}`;
    case 'nats':
      return `${maskUrl(d.url, d.type)} subject=${d.subject}`;
    case 'redis':
      return `${maskUrl(d.url, d.type)} stream=${d.stream}`;
  }
}

/** Whether a URL carries MASK where its secret is: the password, or (NATS) a lone user, the token. */
const isMasked = (u: URL, type: string) =>
  u.password === MASK || (type === 'nats' && !u.password && u.username === MASK);

/**
 * A patched destination whose password is MASK (a client sending back what it read) keeps the stored
 * password, when it points at the same broker as before.
 */
export function keepMaskedPassword<D extends EndpointDestination>(
  next: D,
  stored: EndpointDestination | null,
): D {
  if (!('url' in next) || !stored || !('url' in stored) || stored.type !== next.type) return next;
  try {
    const n = new URL(next.url);
    const s = new URL(stored.url);
    if (!isMasked(n, next.type) || n.host !== s.host) return next;
    n.username = s.username;
    n.password = s.password;
    return { ...next, url: n.toString() };
  } catch {
    return next;
  }
}

/**
 * A broker source's URL as patched. One with MASK for its secret (sent back as the API showed it)
 * keeps the stored password, or the stored token of a NATS URL, and takes the rest of the new URL:
 * user, path (vhost, database), query. Only on the same host and port: stored credentials never go to
 * another broker, so a masked URL of another host is `null` (the caller refuses it). A URL with its
 * own password replaces the stored one.
 */
export function withStoredCredentials(next: string, stored: string | null, type: string): string | null {
  let n: URL;
  let s: URL;
  try {
    n = new URL(next);
    if (!isMasked(n, type)) return next;
    if (stored === null) return null;
    s = new URL(stored);
  } catch {
    return null;
  }
  if (n.host !== s.host) return null;
  if (n.password === MASK) n.password = s.password;
  else n.username = s.username;
  return n.toString();
}

/**
 * The destination as stored: a broker URL carries its credentials, so it is encrypted at rest like
 * the other secrets (secrets/cipher.ts). Kafka's `brokers` hold none and stay readable.
 */
export function sealDestination(d: EndpointDestination, cipher: SecretCipher): EndpointDestination {
  return 'url' in d ? { ...d, url: cipher.encrypt(d.url) } : d;
}

/** The stored destination with its URL decrypted (a URL stored before encryption reads as itself). */
export function openDestination(d: EndpointDestination, cipher: SecretCipher): EndpointDestination {
  return 'url' in d ? { ...d, url: cipher.decrypt(d.url) } : d;
}

/** Every host a destination connects to (for the private-network check). */
export function destinationHosts(d: EndpointDestination): string[] {
  if (d.type === 'kafka') return d.brokers.map((b) => b.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));
  return [new URL(d.url).hostname.replace(/^\[|\]$/g, '')];
}

/**
 * The credentials in a broker URL (the URL itself, its password as written and decoded, a NATS token),
 * so that no error text repeats them (logs, attempt errors, a source's last error).
 */
export function urlSecrets(url: string, type: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password), type === 'nats' ? u.username : '']
      .filter((s) => s.length >= 3)
      .concat([url]);
  } catch {
    return [url];
  }
}

/** The credentials in a destination (see urlSecrets). */
export function secretsOf(d: EndpointDestination): string[] {
  return 'url' in d ? urlSecrets(d.url, d.type) : [];
}

/** `text` with every secret replaced by MASK. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  // longest first: a whole URL goes before the password inside it
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join(MASK);
  return out;
}
