/// <reference lib="dom" />
/**
 * The web UI in a real browser, shared by the browser tests: a real `sanad serve` in process
 * (loopback, SQLite in memory, the bundled UN list), Debian's Chromium driven by
 * playwright-core, keys for each role, and the checks every page must pass in both languages
 * and both sizes: axe (nothing serious, critical or moderate), no sideways scrolling, and a
 * screenshot under test-results/. A test waits for a state the page shows (a data attribute,
 * aria-busy, a role), never for a time.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildServer } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import { Store } from '../../src/store/store.js';
import { buildWebIfStale, ROOT } from './build.js';
import { waitReady } from './http.js';

export const SHOTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.SANAD_CHROMIUM ?? '/usr/bin/chromium';

/** Desktop, and a phone held upright (issue 14). */
export const SIZES = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type Size = keyof typeof SIZES;
export type Lang = 'en' | 'ar';
export const LANGS: Lang[] = ['en', 'ar'];
export const SIZE_NAMES: Size[] = ['desktop', 'phone'];

export interface WebKeys {
  /** Two analysts (four-eyes needs two people), a node admin and a screening client. */
  alice: string;
  bob: string;
  admin: string;
  client: string;
}

export interface WebServer {
  store: Store;
  base: string;
  browser: Browser;
  keys: WebKeys;
  /** Calls the API as one of the keys; answers the parsed JSON (throws on a non-2xx). */
  call: <T = unknown>(key: string, method: string, url: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
}

/** Builds the UI if stale, starts a server on a fresh in-memory store and launches Chromium. */
export async function startWeb(options: { fourEyes?: boolean } = {}): Promise<WebServer> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  const store = await Store.openSqlite(':memory:');
  const { app, close } = await buildServer(store);
  await waitReady(app);
  const keys: WebKeys = {
    alice: (await createKey(store, 'alice', 'analyst', 'test')).key,
    bob: (await createKey(store, 'bob', 'analyst', 'test')).key,
    admin: (await createKey(store, 'admin', 'admin', 'test')).key,
    client: (await createKey(store, 'client', 'client', 'test')).key,
  };
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const call = async <T>(key: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: {
        authorization: `ApiKey ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  if (options.fourEyes) await call(keys.admin, 'PUT', '/settings', { fourEyes: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    store,
    base,
    browser,
    keys,
    call,
    close: async () => {
      await browser.close();
      await close();
      await store.close();
    },
  };
}

/**
 * A new browser context signed in with `key`, in `lang`, at `size`, on `hash` (e.g. '#/alerts').
 * The page's CSP forbids inline scripts; axe-core is injected by the harness (bypassCSP).
 */
export async function signedIn(
  web: WebServer,
  key: string,
  lang: Lang = 'en',
  size: Size = 'desktop',
  hash = '',
): Promise<Page> {
  const context = await web.browser.newContext({
    locale: lang,
    bypassCSP: true,
    viewport: SIZES[size],
  });
  // The choices a user made are kept in storage; a test starts with its own.
  await context.addInitScript(
    ([k, l]) => {
      if (!sessionStorage.getItem('sanad.apiKey')) sessionStorage.setItem('sanad.apiKey', k);
      if (!localStorage.getItem('sanad.lang')) localStorage.setItem('sanad.lang', l);
    },
    [key, lang] as const,
  );
  const page = await context.newPage();
  await page.goto(web.base + '/' + hash);
  await page.locator(`html[lang="${lang}"]`).waitFor();
  await page.locator('main').waitFor();
  return page;
}

/** A full-page screenshot, test-results/web-<name>-<lang>-<size>.png. */
export function shot(page: Page, name: string, lang: Lang, size: Size): Promise<Buffer> {
  return page.screenshot({
    path: path.join(SHOTS, `web-${name}-${lang}-${size}.png`),
    fullPage: true,
  });
}

/** How far the page is wider than the window (a phone would scroll it sideways); 0 is right. */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** Accessibility violations of at least moderate impact on the page as it is (axe-core). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
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
  return result.filter((v) => /^(moderate|serious|critical):/.test(v));
}

/** The checks every page passes: no sideways scrolling, axe clean, and a screenshot. */
export async function checkPage(
  page: Page,
  name: string,
  lang: Lang,
  size: Size,
): Promise<{ overflow: number; violations: string[] }> {
  const result = { overflow: await overflow(page), violations: await axeViolations(page) };
  await shot(page, name, lang, size);
  return result;
}
