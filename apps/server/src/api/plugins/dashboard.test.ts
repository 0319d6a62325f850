import { describe, expect, it } from 'vitest';
import { securityHeaders } from './dashboard.ts';

describe("the dashboard page's security headers", () => {
  it('refuse every frame by default', () => {
    const h = securityHeaders();
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['content-security-policy']).toContain("img-src 'self' data:;");
  });

  it('let only the configured origins frame it, without X-Frame-Options (it cannot name origins)', () => {
    const h = securityHeaders({ embedOrigins: ['https://app.example.com', 'http://127.0.0.1:5173'] });
    expect(h['content-security-policy']).toContain(
      'frame-ancestors https://app.example.com http://127.0.0.1:5173',
    );
    expect(h['x-frame-options']).toBeUndefined();
  });

  it("allow images from the portal logo's origin only", () => {
    const h = securityHeaders({ logoUrl: 'https://cdn.example.com/brand/logo.svg?v=2' });
    expect(h['content-security-policy']).toContain("img-src 'self' data: https://cdn.example.com;");
  });
});
