/**
 * Every page of the web UI, in English and Arabic, on a desktop and a phone: no sideways
 * scrolling, nothing axe rates moderate or worse, and a screenshot of each
 * (test-results/web-page-NAME-LANG-SIZE.png). The data is seeded so every page has something
 * to show: an alert (a customer screened with a subject id), a UN entity, a run, a feed and a
 * partner. The table below lists every route of web/src/routes.tsx (a test checks that), so a
 * new page is one row here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.js';
import {
  checkPage,
  LANGS,
  signedIn,
  SIZE_NAMES,
  startWeb,
  type WebKeys,
  type WebServer,
} from './helpers/web.js';

interface Seed {
  alert: string;
  subject: string;
  entity: string;
  run: string;
}

interface PageRow {
  /** Screenshot name: test-results/web-page-NAME-LANG-SIZE.png. */
  name: string;
  /** The route in web/src/routes.tsx this row covers. */
  route: string;
  hash: (seed: Seed) => string;
  /** Who looks at it: the least role that may use it. */
  as: keyof WebKeys;
}

const PAGES: PageRow[] = [
  { name: 'screen', route: 'screen', hash: () => '#/screen', as: 'client' },
  { name: 'batch', route: 'batch', hash: () => '#/batch', as: 'client' },
  { name: 'scan', route: 'scan', hash: () => '#/scan', as: 'client' },
  { name: 'entity', route: 'entity/:id', hash: (s) => `#/entity/${s.entity}`, as: 'client' },
  { name: 'alerts', route: 'alerts', hash: () => '#/alerts', as: 'alice' },
  { name: 'alert', route: 'alerts/:id', hash: (s) => `#/alerts/${s.alert}`, as: 'alice' },
  { name: 'subject', route: 'subjects/:id', hash: (s) => `#/subjects/${s.subject}`, as: 'alice' },
  {
    name: 'case-alert',
    route: 'case/alert/:id',
    hash: (s) => `#/case/alert/${s.alert}`,
    as: 'alice',
  },
  {
    name: 'case-subject',
    route: 'case/subject/:id',
    hash: (s) => `#/case/subject/${s.subject}`,
    as: 'alice',
  },
  { name: 'lists', route: 'lists', hash: () => '#/lists', as: 'alice' },
  { name: 'records', route: 'records', hash: () => '#/records', as: 'alice' },
  { name: 'runs', route: 'runs', hash: () => '#/runs', as: 'alice' },
  { name: 'run', route: 'runs/:id', hash: (s) => `#/runs/${s.run}`, as: 'alice' },
  {
    name: 'run-alerts',
    route: 'runs/:id/alerts',
    hash: (s) => `#/runs/${s.run}/alerts`,
    as: 'alice',
  },
  { name: 'audit', route: 'audit', hash: () => '#/audit', as: 'admin' },
  { name: 'partners', route: 'admin/partners', hash: () => '#/admin/partners', as: 'admin' },
  { name: 'feeds', route: 'admin/feeds', hash: () => '#/admin/feeds', as: 'admin' },
  { name: 'settings', route: 'admin/settings', hash: () => '#/admin/settings', as: 'admin' },
];

/** The paths web/src/routes.tsx declares (read from its source, as written there). */
function declaredRoutes(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'web', 'src', 'routes.tsx'), 'utf8');
  return [...source.matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1]!);
}

/** A page is shown when its heading is there and nothing in it is still loading. */
async function shown(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'));
}

describe('every page of the web UI', () => {
  let web: WebServer;
  const seed: Seed = { alert: '', subject: 'CUST-77', entity: 'un-sc:6908429', run: '' };

  beforeAll(async () => {
    web = await startWeb({ fourEyes: true });
    const { keys, call } = web;
    const matched = await call<{ responses: { q: { alerts: string[] } } }>(
      keys.client,
      'POST',
      '/match/default',
      {
        queries: {
          q: { properties: { name: ['Abu Bakr al-Baghdadi'] }, subject_id: seed.subject },
        },
      },
    );
    seed.alert = matched.responses.q.alerts[0]!;
    const form = new FormData();
    form.append(
      'file',
      new Blob(['id,name\nR-1,Abu Bakr al-Baghdadi\nR-2,Maryam Haddad\n'], { type: 'text/csv' }),
      'customers.csv',
    );
    const run = await fetch(`${web.base}/runs?name=sweep`, {
      method: 'POST',
      headers: { authorization: `ApiKey ${keys.alice}` },
      body: form,
    });
    expect(run.status).toBe(201);
    seed.run = ((await run.json()) as { runId: string }).runId;
    await call(keys.admin, 'POST', '/partners', {
      id: 'bank-north',
      name: 'North Bank',
      kind: 'bank',
    });
    const { publicKey } = await call<{ publicKey: string }>(keys.admin, 'GET', '/node/key');
    await call(keys.admin, 'POST', '/feeds', {
      id: 'ministry-node',
      url: 'https://ministry.example/feed',
      publicKey,
      apiKey: 'feed-key-0123456789',
      scope: 'coalition',
    });
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  it('covers every route the app declares', () => {
    expect(new Set(PAGES.map((p) => p.route))).toEqual(new Set(declaredRoutes()));
  });

  describe.each(PAGES)('$name', (row) => {
    for (const lang of LANGS)
      for (const size of SIZE_NAMES)
        it(`${lang}, ${size}: fits the screen, axe clean`, async () => {
          const page = await signedIn(web, web.keys[row.as], lang, size, row.hash(seed));
          try {
            await shown(page);
            // A page not built into this version shows "no such page": that is no page.
            expect(await page.locator('main [data-no-such-page]').count()).toBe(0);
            const result = await checkPage(page, `page-${row.name}`, lang, size);
            expect(result).toEqual({ overflow: 0, violations: [] });
          } finally {
            await page.context().close();
          }
        });
  });
});
