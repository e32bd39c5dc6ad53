/**
 * The case file page in Chromium, in English and Arabic, on a desktop and a phone: it fits the
 * window and axe finds nothing; opening (and reloading) it shows a preview and records nothing
 * on the audit trail, only a download exports (one record per visit); "Download JSON" (by keyboard) saves, through a Blob and never a
 * URL with the key, the file the API answers, which the built CLI verifies offline with the
 * node's key; and the page printed to PDF (what "Download PDF" offers through the browser's
 * "Save as PDF", after the export) is a PDF of the sealed case, in both languages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useBuiltCli } from './helpers/cli.js';
import {
  checkPage,
  LANGS,
  shot,
  SIZE_NAMES,
  signedIn,
  startWeb,
  type WebServer,
} from './helpers/web.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-web-case-'));
useBuiltCli(TMP);

/** The PDF's page count and its document title (the Info dictionary; hex UTF-16 or literal). */
function pdfFacts(pdf: Buffer): { pages: number; title: string } {
  const text = pdf.toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) =>
    Number(m[1]),
  );
  const alt = [...text.matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  const pages = Math.max(0, ...counts, ...alt);
  const hex = /\/Title\s*<([0-9A-Fa-f]+)>/.exec(text);
  if (hex) {
    const bytes = Buffer.from(hex[1]!, 'hex');
    const body = bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2) : bytes;
    return { pages, title: Buffer.from(body).swap16().toString('utf16le') };
  }
  const literal = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(text);
  return { pages, title: literal ? literal[1]! : '' };
}

describe('case file page', () => {
  let web: WebServer;
  let alertId: string;
  let nodeKey: string;

  beforeAll(async () => {
    web = await startWeb({ fourEyes: true });
    const { keys, call } = web;
    const m = await call<{ responses: { q: { alerts: string[] } } }>(
      keys.client,
      'POST',
      '/match/default',
      { queries: { q: { properties: { name: ['Abu Bakr al-Baghdadi'] }, subject_id: 'CUST-77' } } },
    );
    alertId = m.responses.q.alerts[0]!;
    const d = await call<{ decision: string }>(keys.alice, 'POST', `/alerts/${alertId}/decision`, {
      action: 'dismiss',
      reason: 'Different person: the customer was born in 1990.',
    });
    await call(keys.alice, 'POST', `/alerts/${alertId}/comments`, {
      text: 'Passport copy checked, see onboarding file.',
    });
    await call(keys.bob, 'POST', `/alerts/${alertId}/decisions/${d.decision}/approve`);
    nodeKey = (await call<{ publicKey: string }>(keys.client, 'GET', '/node/key')).publicKey;
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  const exports = async () =>
    (
      await web.store.db
        .selectFrom('audit')
        .select('chain_seq')
        .where('action', '=', 'case.export')
        .execute()
    ).length;

  it('opening and reloading the page records nothing; the first download exports, once', async () => {
    const before = await exports();
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', `#/case/alert/${alertId}`);
    const ready = page.locator('.case-file[data-state="ready"][aria-busy="false"]');
    await ready.waitFor();
    await page.getByText(/^Preview: this view is not recorded/).waitFor();
    await page.reload();
    await ready.waitFor();
    expect(await page.locator('.case-file').getAttribute('data-exported')).toBe('false');
    expect(await exports()).toBe(before);
    const button = page.getByRole('button', { name: 'Download JSON' });
    for (let i = 0; i < 2; i++) {
      await Promise.all([page.waitForEvent('download'), button.click()]);
      await page.locator('.case-file[data-exported="true"][aria-busy="false"]').waitFor();
    }
    await page.getByText(/^Exported: the sealed case file/).waitFor();
    expect(await exports()).toBe(before + 1);
    await page.context().close();
  });

  for (const lang of LANGS)
    for (const size of SIZE_NAMES)
      it(`fits and is accessible (${lang}, ${size})`, async () => {
        const page = await signedIn(web, web.keys.alice, lang, size, `#/case/alert/${alertId}`);
        await page.locator('.case-file[data-state="ready"]').waitFor();
        expect(await page.locator('h1').textContent()).toContain(alertId);
        // The decider and approver by name (the keys' names: they name no person).
        await page.locator('.case-list').getByText(/alice/).first().waitFor();
        await page.locator('.case-list').getByText(/bob/).first().waitFor();
        expect(await checkPage(page, 'case', lang, size)).toEqual({ overflow: 0, violations: [] });
        await page.context().close();
      });

  for (const lang of LANGS)
    it(`downloads the JSON by keyboard, which the CLI verifies offline (${lang})`, async () => {
      const page = await signedIn(web, web.keys.bob, lang, 'desktop', `#/case/alert/${alertId}`);
      await page.locator('.case-file[data-state="ready"]').waitFor();
      const button = page.getByRole('button', {
        name: lang === 'en' ? 'Download JSON' : 'تنزيل JSON',
      });
      await button.focus();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.keyboard.press('Enter'),
      ]);
      expect(download.url()).toMatch(/^blob:/);
      const file = path.join(TMP, `case-${lang}.json`);
      await download.saveAs(file);
      await page.getByRole('status').filter({ hasText: /JSON/ }).waitFor();
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        id: string;
        made: { by: string };
      };
      expect(json.id).toBe(alertId);
      const run = await runCli(['audit', 'verify', '--case', file, '--key', nodeKey], TMP, {
        ...process.env,
        SANAD_HOME: path.join(TMP, 'home'),
      });
      expect(run.stdout).toMatch(/^case file intact/);
      expect(run.code).toBe(0);
      await page.context().close();
    });

  for (const lang of LANGS)
    it(`prints to a PDF of the case (${lang})`, async () => {
      const page = await signedIn(web, web.keys.alice, lang, 'desktop', `#/case/alert/${alertId}`);
      await page.locator('.case-file[data-state="ready"]').waitFor();
      // Headless Chromium has no print dialog: note the page's call, then print as it would.
      await page.evaluate(() => {
        window.print = () => document.body.setAttribute('data-printed', 'true');
      });
      await page
        .getByRole('button', { name: lang === 'en' ? 'Download PDF' : 'تنزيل PDF' })
        .click();
      await page.locator('body[data-printed="true"]').waitFor({ state: 'attached' });
      expect(await page.locator('.case-file').getAttribute('data-exported')).toBe('true');
      await page.emulateMedia({ media: 'print' });
      // Printed, the page has no navigation and no buttons.
      expect(await page.locator('header.top').isVisible()).toBe(false);
      expect(await page.locator('.case-actions').isVisible()).toBe(false);
      await shot(page, 'case-print', lang, 'desktop');
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      fs.writeFileSync(path.join(TMP, `case-${lang}.pdf`), pdf);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const facts = pdfFacts(pdf);
      expect(facts.pages).toBeGreaterThan(0);
      expect(facts.title).toContain(alertId);
      await page.context().close();
    });
});
