/// <reference lib="dom" />
/**
 * The web UI in a real browser: Debian's Chromium driven by playwright-core, against a real
 * `sanad serve` (in process, on loopback, SQLite, the bundled UN list). Each test saves a
 * screenshot under test-results/. The UI is built first with Vite, as a production build.
 * A test waits for a state the page shows (a data attribute, aria-busy), never for a time.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import axe from 'axe-core';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { createPartner } from '../src/store/partners.js';
import { Store } from '../src/store/store.js';
import { buildWebIfStale, ROOT } from './helpers/build.js';
import { waitReady } from './helpers/http.js';

const SHOTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.SANAD_CHROMIUM ?? '/usr/bin/chromium';

describe('the web UI in Chromium', () => {
  let store: Store;
  let close: () => Promise<void>;
  let browser: Browser;
  let base = '';
  const keys = { alice: '', bob: '', client: '' };
  let alertId = '';

  /** Desktop, and a phone held upright. */
  const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

  async function signedIn(
    key: string,
    lang: 'en' | 'ar' = 'en',
    size: keyof typeof SIZES = 'desktop',
  ): Promise<Page> {
    // The page's CSP forbids inline scripts: axe-core is injected by the test harness.
    const context = await browser.newContext({
      locale: lang,
      bypassCSP: true,
      viewport: SIZES[size],
    });
    const page = await context.newPage();
    await page.goto(base + '/');
    // A new browser starts in English; Arabic is one click away, and the choice is kept.
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();
    if (lang === 'ar') {
      await page.getByRole('button', { name: /Switch the language to Arabic/ }).click();
      await page.locator('html[dir="rtl"]').waitFor();
    }
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `web-${name}.png`), fullPage: true });

  /** Whether the page is wider than the window (a phone would scroll it sideways). */
  const sideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

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
    await buildWebIfStale();
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
    const body = (await m.json()) as { responses: { q: { alerts: string[] } } };
    alertId = body.responses.q.alerts[0]!;
    expect(alertId).toMatch(/^al_/);
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
    await alice.getByRole('link', { name: alertId }).click();
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
    await bob.getByRole('button', { name: 'Assign to me' }).click();
    await bob.locator('dd bdi', { hasText: /^bob$/ }).waitFor();
    expect(await seriousViolations(bob)).toEqual([]);
    await shot(bob, 'alert-approved');

    // The queue, filtered: dismissed alerts assigned to bob; then the subject's own alerts.
    await bob.goto(`${base}/#/alerts`);
    await bob.getByLabel('State', { exact: true }).selectOption('dismissed');
    await bob.getByRole('link', { name: alertId }).waitFor();
    await bob.getByLabel('Assignee', { exact: true }).selectOption('bob');
    await bob.getByRole('link', { name: alertId }).waitFor();
    await bob.getByLabel('Assignee', { exact: true }).selectOption('unassigned');
    await bob.getByText('No alerts here.').waitFor();
    await bob.goto(`${base}/#/alerts/${alertId}`);
    await bob.getByRole('link', { name: /CUST-77/ }).click();
    await bob.getByRole('heading', { name: /CUST-77/ }).waitFor();
    await bob.getByRole('link', { name: alertId }).waitFor();
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

  it('uploads a CSV, maps its columns, screens every row and downloads the results', async () => {
    const page = await signedIn(keys.client);
    await page.getByRole('link', { name: 'Batch screening' }).click();
    const csv =
      'customer_id,full_name,dob\n' +
      'C-1,Abu Bakr al-Baghdadi,1971\n' +
      'C-2,Mike Pompeo,1963\n' +
      'C-3,أبو بكر البغدادي,\n';
    await page.getByLabel('File (CSV, TSV or XLSX)').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    // The columns are guessed from the header and can be changed.
    await page.getByLabel('Name', { exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('Row id').inputValue()).toBe('0');
    await page.getByRole('button', { name: 'Screen every row' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    expect(await page.locator('progress').getAttribute('value')).toBe('3');
    expect(await page.locator('[data-row="C-1"] .badge, [data-row="C-1"] .fill.hit').count()).toBe(
      1,
    );
    expect(await page.locator('[data-row="C-2"] .fill.hit').count()).toBe(0);
    const verdict = page.locator('[data-verdict]');
    expect(await verdict.getAttribute('data-verdict')).toBe('matches');
    expect(await verdict.getAttribute('data-unscreened')).toBe('0');
    await shot(page, 'batch');

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const text = fs.readFileSync((await csvDownload.path())!, 'utf8');
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('line,id,name,entity_id,list,ref,caption,score,match,error');
    expect(
      lines.some((l) => l.startsWith('2,C-1,') && l.includes('QDi.299') && l.endsWith(',true,')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('4,C-3,أبو بكر البغدادي') && l.includes('QDi.299'))).toBe(
      true,
    );
    const [jsonlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download JSONL' }).click(),
    ]);
    const records = fs
      .readFileSync((await jsonlDownload.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; matches: { ref: string; match: boolean }[] });
    expect(records.map((r) => r.id)).toEqual(['C-1', 'C-2', 'C-3']);
    expect(records[0]!.matches.find((m) => m.match)?.ref).toBe('QDi.299');
    await page.context().close();
  });

  for (const [lang, size] of [
    ['en', 'desktop'],
    ['ar', 'phone'],
  ] as const) {
    it(`counts unscreened rows in red and never calls such a batch clear (${lang}, ${size}, keyboard)`, async () => {
      const page = await signedIn(keys.client, lang, size);
      const en = lang === 'en';
      await page.goto(`${base}/#/batch`);
      // Row C-2 has no name and C-3 no date the server reads: each answers its own error.
      // C-51's name makes its chunk's request too large: that chunk (C-51, C-52) fails whole,
      // and the chunks before it are still screened. The name ends in 600,000 backslashes:
      // one byte each in the CSV, within the upload's record budget (1 MiB), and two in JSON,
      // over the 1 MiB body limit of the request that carries it.
      const rows = ['C-1,Mike Pompeo,', 'C-2,,', 'C-3,Mike Pompeo,not-a-date'];
      for (let i = 4; i <= 50; i++) rows.push(`C-${i},Quillon Verbeck ${i},`);
      rows.push(`C-51,Quillon Verbeck ${'\\'.repeat(600_000)},`, 'C-52,Mike Pompeo,');
      // C-4's name holds a byte that is not UTF-8 (0xFF): the server lists it in `problems`,
      // and the page never sends it to /match.
      const text = Buffer.from(`customer_id,full_name,dob\n${rows.join('\n')}\n`);
      const at = text.indexOf('Quillon Verbeck 4,') + 'Quillon'.length;
      await page.locator('#b-file').setInputFiles({
        name: 'customers.csv',
        mimeType: 'text/csv',
        buffer: Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)]),
      });
      expect(await page.locator('[data-unread]').textContent()).toBe(
        en ? '1 rows could not be read and will not be screened' : '1 صفوف تعذّرت قراءتها ولن تُدقَّق',
      );
      // The keyboard reaches the start button from the last column choice.
      await page.locator('#map-schema').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const verdict = page.locator('[data-verdict]');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-verdict')).toBe('unscreened');
      expect(await verdict.getAttribute('data-screened')).toBe('47');
      expect(await verdict.getAttribute('data-unscreened')).toBe('5');
      expect(await verdict.textContent()).toContain(
        en ? 'Not every row was screened' : 'لم تُدقَّق كل الصفوف',
      );
      const count = page.locator('.summary .unscreened');
      expect(await count.textContent()).toBe(en ? '5 rows not screened' : '5 صفوف لم تُدقَّق');
      expect(await count.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(180, 35, 24)');
      for (const id of ['C-2', 'C-3', 'C-4', 'C-51', 'C-52'])
        expect(await page.locator(`tr.unscreened[data-row="${id}"]`).count(), id).toBe(1);
      expect(await page.locator('tr.unscreened').count()).toBe(5);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sideways(page)).toBe(false);
      await shot(page, `batch-unscreened-${lang}-${size}`);

      // Both downloads hold every row, the unscreened ones with their error.
      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: en ? 'Download CSV' : 'تنزيل CSV' }).click(),
      ]);
      const lines = fs
        .readFileSync((await csvDownload.path())!, 'utf8')
        .replace(/^\ufeff/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines).toHaveLength(53);
      for (const [line, id] of [
        [3, 'C-2'],
        [4, 'C-3'],
        [5, 'C-4'],
        [52, 'C-51'],
        [53, 'C-52'],
      ] as const) {
        const row = lines.find((l) => l.startsWith(`${line},${id},`));
        expect(row, id).toBeDefined();
        expect(row!.split(',').at(-1)!.length, `${id} has its error`).toBeGreaterThan(3);
      }
      const [jsonlDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: en ? 'Download JSONL' : 'تنزيل JSONL' }).click(),
      ]);
      const records = fs
        .readFileSync((await jsonlDownload.path())!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; screened: boolean; error?: string });
      expect(records).toHaveLength(52);
      expect(records.filter((r) => !r.screened).map((r) => r.id)).toEqual([
        'C-2',
        'C-3',
        'C-4',
        'C-51',
        'C-52',
      ]);
      expect(records.every((r) => r.screened === (r.error === undefined))).toBe(true);
      expect(records.find((r) => r.id === 'C-4')?.error).toContain('UTF-8');

      // "Possible matches only" keeps the unscreened rows in view (here there is no match).
      await page.getByRole('checkbox').focus();
      await page.keyboard.press('Space');
      await expect.poll(() => page.locator('tbody tr').count()).toBe(5);

      // A file whose every row is screened, with no possible match, is clear. A tab or a line
      // break in a cell is a space to the matcher: the page sends it as one (the API refuses
      // control characters in a name, and would refuse the whole chunk).
      await page.locator('#b-file').setInputFiles({
        name: 'clean.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'customer_id,full_name\nD-1,Mike Pompeo\nD-2,"Quillon\tVerbeck"\nD-3,"Quillon\nVerbeck"\n',
        ),
      });
      await page.locator('[data-verdict]').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: en ? 'Screen every row' : 'دقّق كل الصفوف' }).click();
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-verdict')).toBe('clear');
      expect(await verdict.getAttribute('data-unscreened')).toBe('0');
      expect(await page.locator('.unscreened').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    });

    it(`shows a schema mismatch in the results and their explanation (${lang}, ${size}, keyboard)`, async () => {
      const page = await signedIn(keys.client, lang, size);
      const en = lang === 'en';
      // Typed and sent with the keyboard alone.
      await page.locator('#q-name').focus();
      await page.keyboard.type('Hay’at Tahrir al-Sham');
      await page.locator('#q-schema').selectOption('Person');
      await page.locator('#q-name').focus();
      await page.keyboard.press('Enter');
      const hit = page.locator('.result[data-entity="un-sc:6908429"]');
      await hit.waitFor();
      expect(await hit.locator('.badge.mismatch').textContent()).toBe(
        en ? 'schema mismatch' : 'نوع مختلف',
      );
      expect(await hit.locator('.badge.hit').count()).toBe(0);
      expect(await hit.locator('[data-schema-mismatch="Organization"]').textContent()).toBe(
        en
          ? 'Schema mismatch: you screened a person; this is an organisation.'
          : 'عدم تطابق النوع: دقّقت اسمًا من نوع «شخص»، وهذا الكيان من نوع «منظمة».',
      );
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sideways(page)).toBe(false);
      await shot(page, `schema-mismatch-${lang}-${size}`);
      await page.context().close();
    });
  }

  it('shares, re-scopes and withdraws a record with the scope picker; lists and audit views', async () => {
    await createPartner(store, { id: 'bank-a', name: 'Bank A', kind: 'bank' });
    const page = await signedIn(keys.alice);
    await page.getByRole('link', { name: 'Shared records' }).click();
    await page.getByLabel('Reference').fill('N-1');
    await page
      .getByLabel('Names (one per line, any script)')
      .fill('Jawad Karim Sabbagh\nجواد كريم الصباغ');
    await page.getByLabel('Basis').fill('Decision 12/2026');
    await page.getByRole('radio', { name: 'partners' }).check();
    await page.getByRole('checkbox', { name: 'Bank A' }).check();
    await page.getByRole('button', { name: 'Share' }).click();
    const item = page.locator('[data-record="N-1"]');
    await item.waitFor();
    expect(await item.locator('[data-scope]').textContent()).toBe('partners: bank-a');
    await item.getByRole('button', { name: 'Change scope' }).click();
    await item.getByRole('radio', { name: 'coalition-wide' }).check();
    await item.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => item.locator('[data-scope]').textContent()).toBe('coalition-wide');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'records');
    await item.getByRole('button', { name: 'Withdraw' }).click();
    await item.getByLabel('Reason').fill('court ruling');
    await item.getByRole('button', { name: 'Withdraw' }).click();
    await item.getByText('withdrawn').waitFor();

    await page.getByRole('link', { name: 'Lists' }).click();
    await page.getByRole('heading', { name: /Changes between versions/ }).waitFor();
    expect(await page.locator('tbody tr').first().textContent()).toContain('1003');
    await page.context().close();

    const admin = await signedIn((await createKey(store, 'auditor', 'admin', 'test')).key);
    // The page asks for the chain check and the trail at once; either may answer first. The
    // trail is held back here so that it always answers last: the test must wait for the
    // trail itself (aria-busy), not for the chain check, to read it.
    await admin.route(/\/audit\?/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await admin.getByRole('link', { name: 'Audit trail' }).click();
    await admin.locator('[data-chain="ok"]').waitFor();
    await admin.locator('table.queue[aria-busy="false"]').waitFor();
    expect(await admin.locator('tbody').textContent()).toContain('record.withdraw');
    expect(await seriousViolations(admin)).toEqual([]);
    await shot(admin, 'audit');
    await admin.context().close();
  });

  it('serves the page with a content security policy and the assets as immutable files', async () => {
    const page = await fetch(base + '/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(base + asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // A production build: React's own, without its development warnings.
    const source = await js.text();
    expect(source).toContain('Minified React error');
    expect(source).not.toContain('validateDOMNesting');
    expect((await fetch(base + '/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('reads an XLSX table for batch screening (POST /tables) and names the key (GET /me)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('customers');
    sheet.addRow(['id', 'name', 'birth_date']);
    sheet.addRow(['X-1', 'أبو بكر البغدادي', new Date(Date.UTC(1971, 6, 28))]);
    sheet.addRow([]);
    sheet.addRow([2, 'Mike Pompeo', '']);
    const form = new FormData();
    form.append('file', new Blob([await workbook.xlsx.writeBuffer()]), 'customers.xlsx');
    const auth = { authorization: `ApiKey ${keys.client}` };
    const res = await fetch(`${base}/tables`, { method: 'POST', headers: auth, body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      columns: ['id', 'name', 'birth_date'],
      rows: [
        ['X-1', 'أبو بكر البغدادي', '1971-07-28'],
        ['2', 'Mike Pompeo'],
      ],
      truncated: false,
    });
    const bad = new FormData();
    bad.append('file', new Blob(['x']), 'customers.pdf');
    expect(
      (await fetch(`${base}/tables`, { method: 'POST', headers: auth, body: bad })).status,
    ).toBe(400);
    expect(await (await fetch(`${base}/me`, { headers: auth })).json()).toEqual({
      id: expect.any(String),
      name: 'client',
      role: 'client',
      partner: 'node',
      person: null,
    });
  });
});
