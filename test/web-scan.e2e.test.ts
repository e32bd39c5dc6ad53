/// <reference lib="dom" />
/**
 * The scan page in Chromium (issue 16 item 5), in English and Arabic, on a desktop and a phone:
 * a text pasted with the keyboard alone is scanned, every hit is highlighted where the API put
 * it (the highlighted text is the text as written at the hit's UTF-16 offsets), Arabic lines run
 * right to left and Latin lines left to right in the same document, a highlight opens the hit's
 * explanation and the list of hits jumps to it; an uploaded file is scanned the same way; a file
 * of messages with one that cannot be read says so first and is never shown as clean.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupHits } from '../web/src/scan-marks.js';
import {
  checkPage,
  LANGS,
  signedIn,
  SIZE_NAMES,
  startWeb,
  type Lang,
  type WebServer,
} from './helpers/web.js';

/** Names of the UN list (QDi.006 Ayman al-Zawahiri: an alias, and his name in Arabic script). */
const LATIN_NAME = 'Ayman Al-Zawahari';
const ARABIC_NAME = 'أيمن محمد ربيع الظواهري';

/** A remittance note in both scripts: a Latin line, an Arabic line, and a line of neither. */
const MIXED = [
  `Transfer of 5,000 USD for ${LATIN_NAME}, Cairo, invoice 4471.`,
  `المستفيد: ${ARABIC_NAME} عن طريق وسيط في إسطنبول.`,
  '',
  '2026-11-30 / 14:05',
].join('\n');

interface Hit {
  entity_id: string;
  caption: string;
  score: number;
  match: boolean;
  explanation: string;
  text: string;
  start: number;
  end: number;
  line: number;
}
interface ScanAnswer {
  documents: { name: string; kind: string; text: string; hits: Hit[] }[];
  errors: { document: string; field?: string; message: string }[];
}

/** What a highlight shows, without the words a screen reader hears after it. */
async function highlights(page: Page) {
  return page
    .locator('.scan-doc')
    .first()
    .evaluate((doc) => {
      const byGroup = new Map<string, string[]>();
      for (const m of doc.querySelectorAll<HTMLElement>('.scan-text mark[data-group]')) {
        const copy = m.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.sr-only').forEach((s) => s.remove());
        const k = m.dataset.group!;
        byGroup.set(k, [...(byGroup.get(k) ?? []), copy.textContent ?? '']);
      }
      return [...byGroup.values()].map((parts) => parts.join('\n'));
    });
}

/** Presses Tab until `selector` has focus; fails when it never does. */
async function tabTo(page: Page, selector: string, most = 80) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focused = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

describe('the scan page in Chromium', () => {
  let web: WebServer;

  beforeAll(async () => {
    web = await startWeb();
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  const scanText = (text: string) =>
    web.call<ScanAnswer>(web.keys.client, 'POST', '/scan?include=text', { text });

  async function scanUpload(name: string, body: string): Promise<ScanAnswer> {
    const form = new FormData();
    form.append('file', new Blob([body]), name);
    const res = await fetch(`${web.base}/scan?include=text`, {
      method: 'POST',
      headers: { authorization: `ApiKey ${web.keys.client}` },
      body: form,
    });
    expect(res.status, 'POST /scan upload').toBe(200);
    return (await res.json()) as ScanAnswer;
  }

  for (const lang of LANGS)
    for (const size of SIZE_NAMES)
      it(`scans a pasted text by keyboard, highlights each hit where it was found, opens its explanation (${lang}, ${size})`, async () => {
        const api = await scanText(MIXED);
        const doc = api.documents[0]!;
        expect(api.errors).toEqual([]);
        expect(doc.text).toBe(MIXED);
        for (const h of doc.hits) expect(h.text).toBe(MIXED.slice(h.start, h.end));
        expect(doc.hits.length, 'POST /scan found no hit in the text').toBeGreaterThan(0);

        const page = await signedIn(web, web.keys.client, lang, size, '#/scan');
        await tabTo(page, '#scan-text');
        await page.keyboard.insertText(MIXED);
        await tabTo(page, '.scan-form button[type="submit"]');
        await page.keyboard.press('Enter');
        await page.locator('.scan-results[data-run="1"]').waitFor();
        expect(await focused(page, '#scan-results-title')).toBe(true);

        const summary = page.locator('.scan-summary');
        expect(await summary.getAttribute('data-hits')).toBe(String(doc.hits.length));
        expect(await summary.getAttribute('data-errors')).toBe('0');
        expect(await page.locator('.scan-results').getAttribute('data-verdict')).toBe('hits');

        // Each highlight is the text as written over the hits it holds; both names are there.
        const shown = await highlights(page);
        const groups = groupHits(doc.hits, MIXED.length);
        expect(shown).toEqual(groups.map((g) => MIXED.slice(g.start, g.end)));
        expect(shown).toContain(LATIN_NAME);
        expect(shown).toContain(ARABIC_NAME);
        // Possible matches and weaker hits are drawn apart.
        for (const [k, g] of groups.entries()) {
          const cls = g.hits.some((i) => doc.hits[i]!.match) ? 'match' : 'weak';
          expect(
            await page.locator(`.scan-text mark[data-group="${k}"]`).first().getAttribute('class'),
          ).toContain(cls);
        }

        // Each line keeps its own direction: the Latin line left to right, the Arabic right to left.
        const dirs = await page
          .locator('.scan-doc .scan-line')
          .evaluateAll((ps) => ps.map((p) => (p.matches(':dir(rtl)') ? 'rtl' : 'ltr')));
        expect(dirs.slice(0, 2)).toEqual(['ltr', 'rtl']);

        expect(await checkPage(page, 'scan', lang, size)).toEqual({ overflow: 0, violations: [] });

        // From the results heading, Tab reaches the first highlight; its name says who and how much.
        await page.keyboard.press('Tab');
        expect(await focused(page, '.scan-text mark[role="button"][data-group="0"]')).toBe(true);
        const first = doc.hits[groups[0]!.hits[0]!]!;
        const mark = page.locator('.scan-text mark[data-group="0"][role="button"]');
        expect(await mark.textContent()).toContain(first.caption);
        expect(await mark.getAttribute('aria-expanded')).toBe('false');

        // Enter opens the explanation and moves focus to it.
        await page.keyboard.press('Enter');
        const why = page.locator('.scan-doc .scan-why');
        await why.waitFor();
        expect(await focused(page, '.scan-why h4')).toBe(true);
        expect(await mark.getAttribute('aria-expanded')).toBe('true');
        const item = why.locator(`li[data-entity="${first.entity_id}"]`);
        expect(await item.locator('a.caption').getAttribute('href')).toBe(
          `#/entity/${encodeURIComponent(first.entity_id)}`,
        );
        expect(await item.locator('.scan-explanation').textContent()).toBe(first.explanation);
        expect(await item.locator('.scan-facts').textContent()).toContain(first.text);
        expect(await checkPage(page, 'scan-why', lang, size)).toEqual({
          overflow: 0,
          violations: [],
        });

        // Escape in the explanation, or "Back to the text", returns to the highlight.
        await page.keyboard.press('Escape');
        expect(await focused(page, '.scan-text mark[data-group="0"][role="button"]')).toBe(true);
        await page.keyboard.press('Enter');
        expect(await focused(page, '.scan-why h4')).toBe(true);
        await tabTo(page, '.scan-why button');
        await page.keyboard.press('Enter');
        expect(await focused(page, '.scan-text mark[data-group="0"][role="button"]')).toBe(true);

        // The list of hits jumps to the highlight of the last hit.
        const last = doc.hits.length - 1;
        const lastGroup = groups.findIndex((g) => g.hits.includes(last));
        await tabTo(page, `.scan-hits li:nth-child(${last + 1}) button`);
        await page.keyboard.press('Enter');
        expect(
          await focused(page, `.scan-text mark[data-group="${lastGroup}"][role="button"]`),
        ).toBe(true);
        await page.context().close();
      });

  it('says "no hits" plainly only when the whole text was screened and nothing came close', async () => {
    const plain =
      'Invoice 4471: 12 boxes of printer paper, delivered to the Leeds office on Monday.';
    const api = await scanText(plain);
    expect(api.documents[0]!.hits).toEqual([]);
    const page = await signedIn(web, web.keys.client, 'en', 'desktop', '#/scan');
    await page.locator('#scan-text').fill(plain);
    await page.locator('.scan-form button[type="submit"]').click();
    await page.locator('.scan-results[data-run="1"]').waitFor();
    expect(await page.locator('.scan-results').getAttribute('data-verdict')).toBe('clear');
    expect(await page.locator('.verdict.clear').textContent()).toBe(
      'No hits: nothing in the text comes close to a listed name.',
    );
    expect(await page.locator('.scan-problems').count()).toBe(0);
    // Nothing to scan is said, not sent.
    await page.locator('#scan-text').fill('   ');
    await page.locator('.scan-form button[type="submit"]').click();
    expect(await page.getByRole('alert').textContent()).toBe(
      'Paste a text or choose a file to scan.',
    );
    await page.context().close();
  });

  it('scans an uploaded text file as it scans the same text pasted', async () => {
    const api = await scanUpload('note.txt', MIXED);
    const page = await signedIn(web, web.keys.client, 'en', 'desktop', '#/scan');
    await page.locator('#scan-file').setInputFiles({
      name: 'note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(MIXED, 'utf8'),
    });
    await page.locator('.scan-form button[type="submit"]').click();
    await page.locator('.scan-results[data-run="1"]').waitFor();
    const doc = api.documents[0]!;
    expect(await page.locator('.scan-doc').getAttribute('data-document')).toBe(doc.name);
    expect(await highlights(page)).toEqual(
      groupHits(doc.hits, doc.text.length).map((g) => doc.text.slice(g.start, g.end)),
    );
    expect(await highlights(page)).toContain(ARABIC_NAME);
    await page.context().close();
  });

  /** Two MT103 messages, the second cut off before its text block closes. */
  const MT103 = [
    '{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:',
    ':20:REF-OK-1',
    ':23B:CRED',
    ':32A:261130USD5000,',
    ':50K:/12345678',
    'JOHN SMITH',
    'LONDON GB',
    ':59:/87654321',
    `${LATIN_NAME.toUpperCase()}`,
    'CAIRO EG',
    ':70:INVOICE 4471',
    ':71A:SHA',
    '-}',
    '{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:',
    ':20:REF-BROKEN-2',
    ':50K:/1',
  ].join('\r\n');

  for (const lang of LANGS)
    it(`says first which messages of a file could not be screened, never "no hits" (${lang}, phone)`, async () => {
      const api = await scanUpload('batch.fin', MT103);
      expect(api.errors.length).toBeGreaterThan(0);
      const page = await signedIn(web, web.keys.client, lang, 'phone', '#/scan');
      await page.locator('#scan-file').setInputFiles({
        name: 'batch.fin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(MT103, 'utf8'),
      });
      await page.locator('.scan-form button[type="submit"]').click();
      await page.locator('.scan-results[data-run="1"]').waitFor();
      expect(await page.locator('.scan-results').getAttribute('data-verdict')).toBe('unscreened');
      const problems = page.locator('.scan-problems');
      expect(await problems.getAttribute('data-problems')).toBe(String(api.errors.length));
      expect(await problems.locator('h3').textContent()).toContain(
        expectedNotScreened(lang, api.errors.length),
      );
      expect(
        await problems
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-problem'))),
      ).toEqual(api.errors.map((e) => e.document));
      expect(await page.locator('.verdict.clear').count()).toBe(0);
      expect(await page.locator('.scan-doc').count()).toBe(api.documents.length);
      expect(await checkPage(page, 'scan-problems', lang, 'phone')).toEqual({
        overflow: 0,
        violations: [],
      });
      await page.context().close();
    });
});

function expectedNotScreened(lang: Lang, n: number): string {
  if (lang === 'en')
    return n === 1 ? '1 message could not be screened' : `${n} messages could not be screened`;
  return 'تعذّر تدقيق';
}
