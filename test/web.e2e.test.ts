/// <reference lib="dom" />
/**
 * The web UI in a real browser: Debian's Chromium driven by playwright-core, against a real
 * `sanad serve` (in process, on loopback, SQLite, the bundled UN list). Each test saves a
 * screenshot under test-results/. The UI is built first with Vite.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { Store } from '../src/store/store.js';
import { waitReady } from './helpers/http.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.SANAD_CHROMIUM ?? '/usr/bin/chromium';

describe('the web UI in Chromium', () => {
  let store: Store;
  let close: () => Promise<void>;
  let browser: Browser;
  let base = '';
  const keys = { alice: '', bob: '', client: '' };
  let alertId = 0;

  async function signedIn(key: string, lang: 'en' | 'ar' = 'en'): Promise<Page> {
    // The page's CSP forbids inline scripts: axe-core is injected by the test harness.
    const context = await browser.newContext({ locale: lang, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel(lang === 'en' ? 'API key' : 'مفتاح الواجهة البرمجية').fill(key);
    await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'تسجيل الدخول' }).click();
    await page.getByRole('navigation').waitFor();
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `web-${name}.png`), fullPage: true });

  /** Serious or critical accessibility violations on the page as it is (axe-core). */
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: {
            run: () => Promise<{
              violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
            }>;
          };
        }
      ).axe.run();
      return r.violations.map(
        (v) => `${v.impact}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    });
    return result.filter((v) => v.startsWith('serious') || v.startsWith('critical'));
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await build({ configFile: path.join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
    store = await Store.openSqlite(':memory:');
    let app;
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    keys.alice = (await createKey(store, 'alice', 'analyst', 'test')).key;
    keys.bob = (await createKey(store, 'bob', 'analyst', 'test')).key;
    keys.client = (await createKey(store, 'client', 'client', 'test')).key;
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // Four-eyes on, and one alert: a customer screened with a subject id.
    const headers = { authorization: `ApiKey ${keys.alice}`, 'content-type': 'application/json' };
    const admin = (await createKey(store, 'admin', 'admin', 'test')).key;
    const put = await fetch(`${base}/settings`, {
      method: 'PUT',
      headers: { ...headers, authorization: `ApiKey ${admin}` },
      body: JSON.stringify({ fourEyes: true }),
    });
    expect(put.status).toBe(200);
    const m = await fetch(`${base}/match/default`, {
      method: 'POST',
      headers: { ...headers, authorization: `ApiKey ${keys.client}` },
      body: JSON.stringify({
        queries: { q: { properties: { name: ['Abu Bakr al-Baghdadi'] }, subject_id: 'CUST-77' } },
      }),
    });
    const body = (await m.json()) as { responses: { q: { alerts: number[] } } };
    alertId = body.responses.q.alerts[0]!;
    expect(alertId).toBeGreaterThan(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close();
    await store.close();
  });

  it('signs in with an API key kept in session storage, never in the URL', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('API key').fill('sanad_wrong_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not accepted');
    await page.getByLabel('API key').fill(keys.alice);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Screen a name' }).waitFor();
    expect(page.url()).not.toContain(keys.alice);
    expect(await page.evaluate(() => sessionStorage.getItem('sanad.apiKey'))).toBe(keys.alice);
    expect(await page.evaluate(() => localStorage.getItem('sanad.apiKey'))).toBeNull();
    await shot(page, 'sign-in');
    await context.close();
  });

  it('screens an Arabic name and shows the UN entity with its explanation', async () => {
    const page = await signedIn(keys.client);
    await page.getByLabel('Name', { exact: true }).fill('أبو بكر البغدادي');
    await page.getByRole('button', { name: 'Screen', exact: true }).click();
    const first = page.locator('.result').first();
    await first.waitFor();
    expect(await first.locator('.meta').textContent()).toContain('QDi.299');
    // The explanation: token pairs and how they met, across scripts.
    const evidence = await first.locator('[data-evidence]').allTextContents();
    expect(evidence.length).toBeGreaterThan(1);
    expect(evidence).toContain('cross-script');
    expect(await first.getByText('Possible match').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'screen-arabic');

    // The entity page: names in their own script, provenance.
    await first.locator('.caption').click();
    await page.getByRole('heading', { name: 'Provenance' }).waitFor();
    const names = await page.locator('.names bdi').allTextContents();
    expect(names.some((n) => /[\u0600-\u06ff]/.test(n))).toBe(true);
    await shot(page, 'entity');
    await page.context().close();
  });

  it('dismisses an alert with a reason; a second analyst approves it (four-eyes)', async () => {
    const alice = await signedIn(keys.alice);
    await alice.goto(`${base}/#/alerts`);
    await alice.getByRole('link', { name: `#${alertId}` }).click();
    await alice.getByRole('heading', { name: 'Decide' }).waitFor();
    await alice.getByLabel('Decision').selectOption('dismiss');
    await alice.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => alice.getByRole('alert').textContent()).toContain('needs a reason');
    await alice
      .getByLabel('Reason')
      .fill('Customer born 1990 in Oslo; the listed person 1971 in Samarra.');
    await alice.getByRole('button', { name: 'Submit' }).click();
    await alice.locator('[data-status="pending"]').waitFor();
    // Nobody approves their own decision.
    await alice.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => alice.getByRole('alert').textContent()).toMatch(/own/);
    await shot(alice, 'alert-pending');

    const bob = await signedIn(keys.bob);
    await bob.goto(`${base}/#/alerts/${alertId}`);
    await bob.getByRole('button', { name: 'Approve' }).click();
    await bob.locator('[data-state="dismissed"]').waitFor();
    expect(await bob.locator('[data-status="effective"]').count()).toBe(1);
    expect(await seriousViolations(bob)).toEqual([]);
    await shot(bob, 'alert-approved');
    await alice.context().close();
    await bob.context().close();
  });

  it('switches to Arabic: the whole layout right to left, every label translated', async () => {
    const page = await signedIn(keys.alice);
    await page.getByRole('button', { name: /Switch the language to Arabic/ }).click();
    await page.getByRole('heading', { name: 'تدقيق اسم' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    expect(await page.getByRole('navigation').textContent()).toContain('التنبيهات');
    await page.getByLabel('الاسم', { exact: true }).fill('Abu Bakr al-Baghdadi');
    await page.getByRole('button', { name: 'دقّق' }).click();
    await page.locator('.result').first().waitFor();
    // The header's start is on the right.
    const brand = await page.locator('.brand').boundingBox();
    const width = page.viewportSize()!.width;
    expect(brand!.x).toBeGreaterThan(width / 2);
    // A Latin name inside Arabic text stays isolated.
    expect(await page.locator('.result .caption bdi').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'arabic-rtl');
    // The choice is kept across a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'تدقيق اسم' }).waitFor();
    await page.context().close();
  });

  it('serves the page with a content security policy and the assets as immutable files', async () => {
    const page = await fetch(base + '/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(base + asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(base + '/assets/..%2Fpackage.json')).status).toBe(404);
  });
});
