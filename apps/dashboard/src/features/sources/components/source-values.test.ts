import { type Source, sourceIn, sourcePatch } from '@herald/contracts';
import { describe, expect, it } from 'vitest';
import { initialValues, toCreate, toPatch } from './source-values.ts';

const slack: Source = {
  id: 'src_1',
  appId: 'app_1',
  uid: null,
  name: 'Slack',
  type: 'http',
  verification: {
    type: 'hmac-sha256',
    header: 'x-slack-signature',
    encoding: 'hex',
    prefix: 'v0=',
    timestampHeader: 'x-slack-request-timestamp',
    signedContent: 'v0:{timestamp}:{body}',
  },
  eventType: { bodyPath: 'event.type' },
  rateLimitPerMinute: 600,
  maxBodyBytes: null,
  ingestUrl: 'http://h/in/src_1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('source form values', () => {
  it('builds a create body the contract accepts, without blank optional fields', () => {
    const v = {
      ...initialValues(),
      name: 'Shop',
      secret: 's3cret',
      header: 'X-Shopify-Hmac-Sha256',
      encoding: 'base64' as const,
      eventTypeMode: 'fixed' as const,
      eventTypeValue: 'shop.order',
      maxBodyBytes: '4096',
    };
    const body = toCreate(v);
    expect(body).toEqual({
      name: 'Shop',
      verification: {
        type: 'hmac-sha256',
        secret: 's3cret',
        header: 'X-Shopify-Hmac-Sha256',
        encoding: 'base64',
      },
      eventType: { fixed: 'shop.order' },
      maxBodyBytes: 4096,
    });
    expect(sourceIn.safeParse(body).success).toBe(true);
  });

  it('sends only changes: a blank secret keeps it, a cleared field is null, limits can be removed', () => {
    const opened = initialValues(slack);
    expect(toPatch(opened, opened)).toEqual({});
    const patch = toPatch(opened, { ...opened, secret: 'fixed', prefix: '', rateLimitPerMinute: '' });
    expect(patch).toEqual({ rateLimitPerMinute: null, verification: { secret: 'fixed', prefix: null } });
    expect(sourcePatch.safeParse(patch).success).toBe(true);
  });

  it('a new type sends the whole verification', () => {
    const opened = initialValues(slack);
    expect(toPatch(opened, { ...opened, type: 'github', secret: 'gh' })).toEqual({
      verification: { type: 'github', secret: 'gh' },
    });
  });
});
