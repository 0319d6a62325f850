import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { type Receiver, startReceiver } from './receiver.ts';

export { expect };

/** The API of the Herald started by global-setup, with the root key (or `key`). */
export async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  key = process.env.HERALD_E2E_KEY!,
): Promise<{ status: number; body: T }> {
  const res = await fetch(process.env.HERALD_E2E_URL + path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `fn` until it returns something truthy. */
export async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let counter = 0;
/** A fresh application for one test, so tests never see each other's data. */
export async function createApp(name: string, extra: Record<string, unknown> = {}) {
  const res = await api<{ id: string; name: string }>('POST', '/v1/apps', {
    name,
    uid: `e2e-${Date.now()}-${++counter}`,
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
}

export async function signIn(page: Page, key = process.env.HERALD_E2E_KEY!) {
  await page.goto('/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * Fails on every serious or critical accessibility violation axe-core finds on the page as it is now
 * (WCAG 2.1 A/AA rules and axe's best practices), naming the rule and the elements.
 */
export async function expectAccessible(page: Page, screen: string) {
  // legacy mode runs axe in the page itself: the default opens a second page to merge frame
  // results, which sends the page under test to the background (its timers and polling slow down)
  const result = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join('\n    ')}`,
    );
  expect(bad, `accessibility of "${screen}"`).toEqual([]);
}

/** No element makes the page wider than the window (nothing to scroll sideways on a phone). */
export async function expectNoSidewaysScroll(page: Page, screen: string) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `page width of "${screen}" at ${width} px`).toBeLessThanOrEqual(width);
}

/**
 * Saves screenshots of a main screen as test artefacts (test-results/screens/<name>.png at the test's
 * width, and <name>-390.png on a phone-sized window), and checks the screen with axe-core at both
 * widths, and that it fits the phone's width.
 */
export async function screenshot(
  page: Page,
  name: string,
  /** `transient`: a state that passes by itself (a queued job): the picture only, taken at once */
  opts: { fullPage?: boolean; phone?: boolean; transient?: boolean } = {},
) {
  if (opts.transient) {
    await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: opts.fullPage ?? true });
    return;
  }
  // let charts, fonts and polling settle so the picture shows the finished screen
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: opts.fullPage ?? true });
  await expectAccessible(page, name);
  if (opts.phone === false) return;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screens/${name}-390.png`, fullPage: opts.fullPage ?? true });
    await expectNoSidewaysScroll(page, name);
    await expectAccessible(page, `${name} at 390 px`);
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

interface Fixtures {
  receiver: Receiver;
  /** console messages a test expects (e.g. the browser's note about a deliberate 401) */
  allowConsole: RegExp[];
  consoleErrors: string[];
  /** Content-Security-Policy violations the page reported (securitypolicyviolation events) */
  cspViolations: string[];
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructured first argument
  baseURL: async ({}, use) => use(process.env.HERALD_E2E_URL),
  allowConsole: [[], { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructured first argument
  receiver: async ({}, use) => {
    const r = await startReceiver();
    await use(r);
    await r.close();
  },
  // every test fails on a console error or an uncaught exception in the page
  consoleErrors: [
    async ({ page, allowConsole }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !allowConsole.some((r) => r.test(m.text()))) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use(errors);
      expect(errors, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  // every test fails when the dashboard breaks its own CSP (an inline script or style, a foreign URL)
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      await page.exposeFunction('__heraldCspViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __heraldCspViolation: (v: string) => void })
            .__heraldCspViolation;
          report(
            `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
          );
        });
      });
      await use(violations);
      expect(violations, 'CSP violations in the page').toEqual([]);
    },
    { auto: true },
  ],
});
