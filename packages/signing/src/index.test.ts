import { readFileSync } from 'node:fs';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import {
  generateSecret,
  InvalidSecretError,
  isValidSecret,
  parseSecret,
  sign,
  signatureHeader,
  verify,
  WebhookVerificationError,
} from './index.ts';

interface VectorCase {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
  signature: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('../test/vectors/standard-webhooks.json', import.meta.url), 'utf8'),
) as { cases: VectorCase[] };

const nowSeconds = () => Math.floor(Date.now() / 1000);
const secretOf = (byte: number, length = 32) => 'whsec_' + Buffer.alloc(length, byte).toString('base64');

describe('golden vectors', () => {
  it('has the checked-in cases', () => {
    expect(vectors.cases.length).toBeGreaterThanOrEqual(3);
  });

  for (const [index, c] of vectors.cases.entries()) {
    it(`reproduces case ${index} (${c.id}) byte for byte`, () => {
      expect(sign(c.secret, c.id, c.timestamp, c.body)).toBe(c.signature);
      expect(sign(parseSecret(c.secret), c.id, c.timestamp, c.body)).toBe(c.signature);
      expect(sign(c.secret, c.id, c.timestamp, Buffer.from(c.body, 'utf8'))).toBe(c.signature);
      expect(signatureHeader([c.secret], c.id, c.timestamp, c.body)).toBe(c.signature);
      expect(() =>
        verify(
          c.secret,
          c.body,
          { 'webhook-id': c.id, 'webhook-timestamp': String(c.timestamp), 'webhook-signature': c.signature },
          { nowSeconds: c.timestamp },
        ),
      ).not.toThrow();
    });
  }
});

describe('cross-check with the official verifiers', () => {
  const body = JSON.stringify({ type: 'invoice.paid', data: { note: 'café ☃ 日本語 🎉', amount: 100 } });

  function headersFor(secrets: string[], id = 'msg_cross', ts = nowSeconds()) {
    return {
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': signatureHeader(secrets, id, ts, body),
    };
  }

  it('standardwebhooks accepts our signature, over a non-ASCII body as string and as bytes', () => {
    const secret = generateSecret();
    const headers = headersFor([secret]);
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new StandardWebhook(secret).verify(Buffer.from(body, 'utf8'), headers)).toEqual(JSON.parse(body));
  });

  it('svix accepts our signature with webhook-* and with svix-* headers', () => {
    const secret = generateSecret();
    const headers = headersFor([secret]);
    expect(() => new SvixWebhook(secret).verify(body, headers)).not.toThrow();
    const svixHeaders = {
      'svix-id': headers['webhook-id'],
      'svix-timestamp': headers['webhook-timestamp'],
      'svix-signature': headers['webhook-signature'],
    };
    expect(() => new SvixWebhook(secret).verify(body, svixHeaders)).not.toThrow();
  });

  it('official verifiers reject a tampered non-ASCII body', () => {
    const secret = generateSecret();
    const headers = headersFor([secret]);
    const tampered = body.replace('café', 'cafe');
    expect(() => new StandardWebhook(secret).verify(tampered, headers)).toThrow(/No matching signature/);
    expect(() => new SvixWebhook(secret).verify(tampered, headers)).toThrow(/No matching signature/);
  });

  it('rotation header: each verifier knows only one of the two secrets and still accepts', () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret(24);
    const headers = headersFor([oldSecret, newSecret]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);

    expect(new StandardWebhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new SvixWebhook(newSecret).verify(body, headers)).not.toThrow();
    expect(new StandardWebhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new SvixWebhook(oldSecret).verify(body, headers)).not.toThrow();

    const stranger = generateSecret();
    expect(() => new StandardWebhook(stranger).verify(body, headers)).toThrow(/No matching signature/);
    expect(() => new SvixWebhook(stranger).verify(body, headers)).toThrow(/No matching signature/);
  });

  it('our sign equals the official sign for random secrets and bodies', () => {
    for (let i = 0; i < 20; i++) {
      const secret = generateSecret(24 + i);
      const ts = 1_700_000_000 + i * 7919;
      const payload = JSON.stringify({ i, s: 'ü€'.repeat(i) });
      expect(sign(secret, `msg_${i}`, ts, payload)).toBe(
        new StandardWebhook(secret).sign(`msg_${i}`, new Date(ts * 1000), payload),
      );
    }
  });

  it('our verify accepts a signature made by the official library', () => {
    const secret = generateSecret();
    const ts = nowSeconds();
    const signature = new SvixWebhook(secret).sign('msg_svix', new Date(ts * 1000), body);
    expect(() =>
      verify(secret, body, {
        'svix-id': 'msg_svix',
        'svix-timestamp': String(ts),
        'svix-signature': signature,
      }),
    ).not.toThrow();
  });
});

describe('verify', () => {
  const secret = secretOf(0x42);
  const id = 'msg_verify';
  const ts = 1_767_225_600;
  const body = '{"hello":"wörld"}';
  const good = () => ({
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': sign(secret, id, ts, body),
  });
  const at = { nowSeconds: ts };

  it('accepts our own signature (string and byte body)', () => {
    expect(() => verify(secret, body, good(), at)).not.toThrow();
    expect(() => verify(secret, new TextEncoder().encode(body), good(), at)).not.toThrow();
  });

  it('defaults to the clock for "now"', () => {
    const t = nowSeconds();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(t),
      'webhook-signature': sign(secret, id, t, body),
    };
    expect(() => verify(secret, body, headers)).not.toThrow();
  });

  it('accepts svix-* headers, mixed-case names and a Headers object', () => {
    const h = good();
    const svix = {
      'svix-id': h['webhook-id'],
      'svix-timestamp': h['webhook-timestamp'],
      'svix-signature': h['webhook-signature'],
    };
    expect(() => verify(secret, body, svix, at)).not.toThrow();
    const upper = {
      'Webhook-Id': h['webhook-id'],
      'WEBHOOK-TIMESTAMP': h['webhook-timestamp'],
      'Webhook-Signature': h['webhook-signature'],
    };
    expect(() => verify(secret, body, upper, at)).not.toThrow();
    expect(() => verify(secret, body, new Headers(upper), at)).not.toThrow();
  });

  it('accepts when any of several signatures matches, ignoring non-v1 entries', () => {
    const h = good();
    const other = sign(secretOf(0x01), id, ts, body);
    h['webhook-signature'] =
      `v1a,garbage ${other} v2,${h['webhook-signature'].slice(3)} ${h['webhook-signature']}`;
    expect(() => verify(secret, body, h, at)).not.toThrow();
  });

  it('ignores a correct digest under another version', () => {
    const h = good();
    h['webhook-signature'] = 'v2,' + h['webhook-signature'].slice(3);
    expect(() => verify(secret, body, h, at)).toThrow(
      new WebhookVerificationError('no matching signature found'),
    );
  });

  it('joins repeated signature headers given as an array', () => {
    const h = good();
    const headers = {
      ...h,
      'webhook-signature': [sign(secretOf(0x01), id, ts, body), h['webhook-signature']],
    };
    expect(() => verify(secret, body, headers, at)).not.toThrow();
  });

  it('rejects a tampered body', () => {
    expect(() => verify(secret, body.replace('ö', 'o'), good(), at)).toThrow(WebhookVerificationError);
    expect(() => verify(secret, body + ' ', good(), at)).toThrow(/no matching signature/);
  });

  it('rejects a tampered id or timestamp', () => {
    expect(() => verify(secret, body, { ...good(), 'webhook-id': 'msg_other' }, at)).toThrow(
      /no matching signature/,
    );
    expect(() => verify(secret, body, { ...good(), 'webhook-timestamp': String(ts + 1) }, at)).toThrow(
      /no matching signature/,
    );
  });

  it('rejects the wrong secret', () => {
    expect(() => verify(secretOf(0x43), body, good(), at)).toThrow(/no matching signature/);
  });

  it('rejects stale and future timestamps, both ways, with the tolerance as the boundary', () => {
    expect(() => verify(secret, body, good(), { nowSeconds: ts + 300 })).not.toThrow();
    expect(() => verify(secret, body, good(), { nowSeconds: ts - 300 })).not.toThrow();
    expect(() => verify(secret, body, good(), { nowSeconds: ts + 301 })).toThrow(/too old/);
    expect(() => verify(secret, body, good(), { nowSeconds: ts - 301 })).toThrow(/too new/);
    expect(() => verify(secret, body, good(), { nowSeconds: ts + 11, toleranceSeconds: 10 })).toThrow(
      /too old/,
    );
    // Real clock: a 2026-01-01 timestamp is long stale (or, on a badly set clock, in the future).
    expect(() => verify(secret, body, good())).toThrow(WebhookVerificationError);
  });

  it('rejects missing headers, naming them', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const h: Record<string, string | undefined> = good();
      h[name] = undefined;
      expect(() => verify(secret, body, h, at)).toThrow(
        new WebhookVerificationError(`missing required headers: ${name}`),
      );
    }
    expect(() => verify(secret, body, {}, at)).toThrow(
      /missing required headers: webhook-id, webhook-timestamp, webhook-signature/,
    );
    expect(() => verify(secret, body, { ...good(), 'webhook-signature': '' }, at)).toThrow(
      /missing required/,
    );
  });

  it('rejects a malformed timestamp', () => {
    expect(() => verify(secret, body, { ...good(), 'webhook-timestamp': `${ts}abc` }, at)).toThrow(
      /invalid webhook-timestamp/,
    );
    expect(() => verify(secret, body, { ...good(), 'webhook-timestamp': '-5' }, at)).toThrow(
      /invalid webhook-timestamp/,
    );
  });

  it('rejects ambiguous repeated id headers', () => {
    expect(() => verify(secret, body, { ...good(), 'webhook-id': [id, 'msg_two'] }, at)).toThrow(
      /multiple webhook-id/,
    );
  });

  it('throws InvalidSecretError, not a verification error, for a malformed secret', () => {
    expect(() => verify('whsec_short', body, good(), at)).toThrow(InvalidSecretError);
  });
});

describe('secrets', () => {
  it('generateSecret makes distinct, valid secrets of the requested size', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecret(a)).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
    expect(parseSecret(generateSecret(24))).toHaveLength(24);
    expect(parseSecret(generateSecret(64))).toHaveLength(64);
    expect(() => generateSecret(16)).toThrow(RangeError);
  });

  it('parseSecret decodes standard base64 after the prefix', () => {
    expect(parseSecret(secretOf(7, 24))).toEqual(Buffer.alloc(24, 7));
    expect(parseSecret(secretOf(7, 64))).toEqual(Buffer.alloc(64, 7));
    expect(isValidSecret(secretOf(7, 32))).toBe(true);
  });

  it('rejects base64url characters', () => {
    const standard = secretOf(0xfb); // 0xfb bytes encode to "+/v7..." in standard base64
    expect(standard).toMatch(/[+/]/);
    expect(isValidSecret(standard)).toBe(true);
    expect(() => parseSecret(standard.replaceAll('+', '-').replaceAll('/', '_'))).toThrow(InvalidSecretError);
    expect(isValidSecret(standard.replaceAll('/', '_'))).toBe(false);
  });

  it('rejects a wrong or missing prefix', () => {
    const body = Buffer.alloc(32, 1).toString('base64');
    expect(() => parseSecret(body)).toThrow(/must start with "whsec_"/);
    expect(() => parseSecret('whsk_' + body)).toThrow(InvalidSecretError);
    expect(() => parseSecret('WHSEC_' + body)).toThrow(InvalidSecretError);
    expect(() => parseSecret('whsec_')).toThrow(InvalidSecretError);
  });

  it('rejects keys that are too short (16 bytes) or too long (65 bytes)', () => {
    expect(() => parseSecret(secretOf(1, 16))).toThrow(/24 to 64 bytes, got 16/);
    expect(() => parseSecret(secretOf(1, 23))).toThrow(InvalidSecretError);
    expect(() => parseSecret(secretOf(1, 65))).toThrow(/24 to 64 bytes, got 65/);
  });

  it('rejects missing padding, whitespace and other garbage', () => {
    const padded = secretOf(1, 32); // 32 bytes -> one "=" of padding
    expect(padded.endsWith('=')).toBe(true);
    expect(isValidSecret(padded.slice(0, -1))).toBe(false);
    expect(isValidSecret(padded + ' ')).toBe(false);
    expect(isValidSecret(' ' + padded)).toBe(false);
    expect(isValidSecret(padded.slice(0, 20) + '\n' + padded.slice(20))).toBe(false);
    expect(isValidSecret(padded.slice(0, 20) + '!' + padded.slice(21))).toBe(false);
    expect(isValidSecret(padded + '=')).toBe(false);
  });

  it('sign rejects an invalid secret and a non-integer timestamp', () => {
    expect(() => sign('whsec_nope', 'msg', 1, '{}')).toThrow(InvalidSecretError);
    expect(() => sign(secretOf(1), 'msg', 1.5, '{}')).toThrow(TypeError);
  });
});
