import type { EndpointDestination, KafkaSasl } from '@herald/contracts';
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

/** A Kafka SASL password as the API shows it. */
export const maskSasl = (sasl: KafkaSasl): KafkaSasl => ({ ...sasl, password: MASK });

/** The destination as the API shows it: every password masked. */
export function maskDestination(d: EndpointDestination): EndpointDestination {
  if ('url' in d) return { ...d, url: maskUrl(d.url, d.type) };
  return d.sasl ? { ...d, sasl: maskSasl(d.sasl) } : { ...d };
}

/** `kafka://user:***@b1:9092,b2:9092`: where a Kafka client connects, and as whom, without the password. */
export function kafkaTarget(c: { brokers: string[]; sasl?: KafkaSasl | undefined }): string {
  const user = c.sasl ? `${encodeURIComponent(c.sasl.username)}:${MASK}@` : '';
  return `kafka://${user}${c.brokers.join(',')}`;
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
      return [
        `${kafkaTarget(d)} topic=${d.topic}`,
        d.key ? `key=${d.key}` : '',
        d.sasl ? `sasl=${d.sasl.mechanism}` : '',
        d.tls ? 'tls' : '',
      ]
        .filter(Boolean)
        .join(' ');
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
 * password, when it points at the same broker as before (Kafka: the same bootstrap brokers and user), so
 * a stored password is never sent to a broker it was not given for.
 */
export function keepMaskedPassword<D extends EndpointDestination>(
  next: D,
  stored: EndpointDestination | null,
): D {
  if (next.type === 'kafka')
    return keepMaskedSasl(next as D & KafkaLogin, stored?.type === 'kafka' ? stored : null);
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

/** Where a Kafka client connects, and as whom: a destination's or a source's. */
interface KafkaLogin {
  brokers: string[];
  sasl?: KafkaSasl | undefined;
}

/**
 * Kafka (a destination or a source): a SASL password given as MASK keeps the stored one when the
 * bootstrap brokers (in any order) and the username are the same as stored; otherwise the mask stays,
 * and the caller refuses it, so a stored password never goes to brokers it was not given for.
 */
export function keepMaskedSasl<T extends KafkaLogin>(next: T, stored: KafkaLogin | null): T {
  if (next.sasl?.password !== MASK || !stored?.sasl) return next;
  const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');
  if (next.sasl.username !== stored.sasl.username || !same(next.brokers, stored.brokers)) return next;
  return { ...next, sasl: { ...next.sasl, password: stored.sasl.password } };
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

/** A Kafka SASL password sealed for storage, or opened again (`cipher.encrypt` / `cipher.decrypt`). */
export function withSaslPassword<T extends { sasl?: KafkaSasl | undefined }>(
  c: T,
  f: (password: string) => string,
): T {
  return c.sasl ? { ...c, sasl: { ...c.sasl, password: f(c.sasl.password) } } : c;
}

/**
 * The destination as stored: a broker URL carries its credentials, so it is encrypted at rest like
 * the other secrets (secrets/cipher.ts); so is a Kafka SASL password. Kafka's `brokers` stay readable.
 */
export function sealDestination(d: EndpointDestination, cipher: SecretCipher): EndpointDestination {
  if ('url' in d) return { ...d, url: cipher.encrypt(d.url) };
  return withSaslPassword(d, (p) => cipher.encrypt(p));
}

/** The stored destination with its secrets decrypted (a value stored before encryption reads as itself). */
export function openDestination(d: EndpointDestination, cipher: SecretCipher): EndpointDestination {
  if ('url' in d) return { ...d, url: cipher.decrypt(d.url) };
  return withSaslPassword(d, (p) => cipher.decrypt(p));
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

/** A Kafka SASL password, as written and as a client may quote it (URL-encoded). */
export function saslSecrets(sasl: KafkaSasl | undefined): string[] {
  if (!sasl) return [];
  return [sasl.password, encodeURIComponent(sasl.password)].filter((s) => s.length >= 3);
}

/** The credentials in a destination (see urlSecrets, saslSecrets). */
export function secretsOf(d: EndpointDestination): string[] {
  return 'url' in d ? urlSecrets(d.url, d.type) : saslSecrets(d.sasl);
}

/** `text` with every secret replaced by MASK. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  // longest first: a whole URL goes before the password inside it
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join(MASK);
  return out;
}
