import type { FastifyRequest } from 'fastify';
import { type FieldError, HeraldError } from '../../errors.ts';
import { loneSurrogate } from '../../input-text.ts';

const NOT_UTF8 = 'is percent-encoded bytes that are not UTF-8 (a lone surrogate, or a stray byte)';

function percentDecoded(text: string): string | null {
  try {
    // a stray '%' stays text, as the query parser keeps it; only bytes that are not UTF-8 fail
    return decodeURIComponent(text.replace(/\+/g, ' ').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return null;
  }
}

/**
 * A query parameter whose percent-encoding is not UTF-8: `%ED%A0%80` is how a lone surrogate travels in
 * a URL. The query parser keeps such a value as its undecoded text, so it would pass as ordinary text.
 */
function undecodableQuery(url: string): FieldError | null {
  const start = url.indexOf('?');
  if (start < 0) return null;
  for (const pair of url.slice(start + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = percentDecoded(eq < 0 ? pair : pair.slice(0, eq));
    if (name === null) return { path: 'query', message: `a parameter name ${NOT_UTF8}` };
    if (eq >= 0 && percentDecoded(pair.slice(eq + 1)) === null) return { path: name, message: NOT_UTF8 };
  }
  return null;
}

/**
 * preValidation hook: a lone surrogate in the path, the query or a JSON body is answered 422 naming the
 * field, before any schema or the database sees it (pg would store U+FFFD, jsonb answers 22P05).
 */
export async function rejectLoneSurrogates(req: FastifyRequest): Promise<void> {
  const found =
    loneSurrogate(req.params) ??
    undecodableQuery(req.url) ??
    loneSurrogate(req.query) ??
    loneSurrogate(req.body);
  if (found) throw new HeraldError('validation_failed', `${found.path}: ${found.message}`, [found]);
}
