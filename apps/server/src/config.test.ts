import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('delivery timings', () => {
  it('default to a 3 s refresh, a 10 s queue heartbeat and a 15 s lease', () => {
    const c = loadConfig({});
    expect(c.HERALD_HEARTBEAT_INTERVAL_MS).toBe(3000);
    expect(c.HERALD_QUEUE_HEARTBEAT_SECONDS).toBe(10);
    expect(c.HERALD_DELIVERY_LEASE_SECONDS).toBe(15);
    expect(c.HERALD_QUEUE_MONITOR_INTERVAL_SECONDS).toBe(5);
  });

  it('accept refresh < queue heartbeat < lease', () => {
    const c = loadConfig({
      HERALD_HEARTBEAT_INTERVAL_MS: '500',
      HERALD_QUEUE_HEARTBEAT_SECONDS: '10',
      HERALD_DELIVERY_LEASE_SECONDS: '11',
    });
    expect(c.HERALD_DELIVERY_LEASE_SECONDS).toBe(11);
  });

  it('refuse a refresh that is not inside the queue heartbeat, or a lease that does not outlast it', () => {
    expect(() => loadConfig({ HERALD_HEARTBEAT_INTERVAL_MS: '10000' })).toThrow(
      /HERALD_HEARTBEAT_INTERVAL_MS \(10000\) must be less than HERALD_QUEUE_HEARTBEAT_SECONDS \(10\)/,
    );
    expect(() => loadConfig({ HERALD_QUEUE_HEARTBEAT_SECONDS: '15' })).toThrow(
      /HERALD_DELIVERY_LEASE_SECONDS \(15\) must be greater than HERALD_QUEUE_HEARTBEAT_SECONDS \(15\)/,
    );
    expect(() => loadConfig({ HERALD_QUEUE_HEARTBEAT_SECONDS: '15' })).toThrow(ConfigError);
  });

  it('refuse a queue heartbeat under 10 s, the queue library’s minimum', () => {
    expect(() => loadConfig({ HERALD_QUEUE_HEARTBEAT_SECONDS: '2' })).toThrow(
      /HERALD_QUEUE_HEARTBEAT_SECONDS/,
    );
  });
});

describe('HERALD_ENCRYPTION_KEY', () => {
  const key = 'aGVyYWxkLXRlc3QtZW5jcnlwdGlvbi1rZXktMzJiISE=';
  it('is optional in development and required in production, in one sentence', () => {
    expect(loadConfig({}).HERALD_ENCRYPTION_KEY).toBeUndefined();
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^HERALD_ENCRYPTION_KEY must be set in production .*openssl rand -base64 32`\.$/,
    );
    expect(loadConfig({ NODE_ENV: 'production', HERALD_ENCRYPTION_KEY: key }).HERALD_ENCRYPTION_KEY).toBe(
      key,
    );
  });

  it('names a malformed key at boot', () => {
    expect(() => loadConfig({ HERALD_ENCRYPTION_KEY: `${key},nope` })).toThrow(
      /HERALD_ENCRYPTION_KEY: key 2 is not 32 bytes/,
    );
  });
});

describe('portal embedding and branding', () => {
  it('reads embedding origins as a list and checks each is a bare origin', () => {
    const c = loadConfig({ HERALD_PORTAL_EMBED_ORIGINS: 'https://app.example.com, http://127.0.0.1:5173' });
    expect(c.HERALD_PORTAL_EMBED_ORIGINS).toEqual(['https://app.example.com', 'http://127.0.0.1:5173']);
    expect(loadConfig({}).HERALD_PORTAL_EMBED_ORIGINS).toBeUndefined();
    expect(() => loadConfig({ HERALD_PORTAL_EMBED_ORIGINS: 'https://app.example.com/path' })).toThrow(
      /HERALD_PORTAL_EMBED_ORIGINS/,
    );
    expect(() => loadConfig({ HERALD_PORTAL_EMBED_ORIGINS: "*; script-src 'unsafe-inline'" })).toThrow(
      /HERALD_PORTAL_EMBED_ORIGINS/,
    );
  });

  it('takes a name, an http(s) logo and a hex colour', () => {
    const c = loadConfig({
      HERALD_PORTAL_NAME: 'Acme Webhooks',
      HERALD_PORTAL_LOGO_URL: 'https://cdn.example.com/logo.svg',
      HERALD_PORTAL_COLOR: '#0f766e',
    });
    expect(c.HERALD_PORTAL_NAME).toBe('Acme Webhooks');
    expect(() => loadConfig({ HERALD_PORTAL_COLOR: 'red; background: url(x)' })).toThrow(
      /HERALD_PORTAL_COLOR/,
    );
    expect(() => loadConfig({ HERALD_PORTAL_LOGO_URL: 'javascript:alert(1)' })).toThrow(
      /HERALD_PORTAL_LOGO_URL/,
    );
  });
});
