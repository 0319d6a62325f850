import { isIP } from 'node:net';
import { isForbiddenAddress } from './ssrf.ts';

/**
 * Early refusal of endpoint URLs that can only reach private networks (IP literals, localhost), so a
 * mistake shows up as a 422 at registration instead of failed attempts later. Names that resolve to
 * private addresses are still refused at connect time by the HTTP client.
 */
export function privateDestination(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  if (isIP(host) === 0) return null;
  return isForbiddenAddress(host);
}
