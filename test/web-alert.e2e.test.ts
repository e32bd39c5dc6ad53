/**
 * The alert page in Chromium (issue 14 item 1): the customer and the listed entity side by
 * side, the names aligned token by token, the score's arithmetic and what a date of birth would
 * do, in English and Arabic, on a desktop and a phone (no sideways scrolling, axe clean); a
 * decision with four-eyes (alice decides, alice cannot approve, bob approves, both named); the
 * whole page by keyboard alone (decide, comment with a mention, next and previous alert).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, LANGS, SIZE_NAMES, signedIn, startWeb, type WebServer } from './helpers/web.js';

let web: WebServer;
/** Two customers' alerts: the first older, so the queue's default order (newest first) is [second, first]. */
let first: string;
let second: string;

async function alertFor(name: string, subject: string): Promise<string> {
  const body = await web.call<{ responses: { q: { alerts: string[] } } }>(
    web.keys.client,
    'POST',
    '/match/default',
    { queries: { q: { properties: { name: [name] }, subject_id: subject } } },
  );
  const id = body.responses.q.alerts[0];
  expect(id).toMatch(/^al_/);
  return id!;
}

interface EvidenceAnswer {
  whatIf: { field: string; ifAgrees: number; ifDiffers: number }[];
  entity: { names: { value: string; script: string }[] };
}

/** Text as read, without the bidi isolates that keep names and dates in their own direction. */
function plain(text: string | null): string {
  return (text ?? '').replace(/[\u2066-\u2069]/g, '');
}

/** Waits until the page shows alert `id`'s evidence (painted, not loading). */
async function shown(page: Page, id: string): Promise<void> {
  await page.locator(`article[data-evidence="${id}"][aria-busy="false"]`).waitFor();
}

beforeAll(async () => {
  web = await startWeb({ fourEyes: true });
  first = await alertFor('Abu Bakr al-Baghdadi', 'CUST-1');
  second = await alertFor('Ayman al-Zawahiri', 'CUST-2');
}, 120_000);

afterAll(async () => {
  await web?.close();
});

describe('alert page', () => {
  it('shows the evidence side by side in both languages and sizes', async () => {
    const ev = await web.call<EvidenceAnswer>(web.keys.alice, 'GET', `/alerts/${first}/evidence`);
    const dob = ev.whatIf.find((w) => w.field === 'birthDate');
    expect(dob).toBeDefined();
    for (const lang of LANGS)
      for (const size of SIZE_NAMES) {
        const page = await signedIn(web, web.keys.alice, lang, size, `#/alerts/${first}`);
        await shown(page, first);
        // Focus is on the heading once the alert is shown.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('al-title');
        // Both columns, one field a row, agreement in words as well as colour.
        const nameRow = page.locator('tr[data-field="name"]');
        await nameRow.waitFor();
        expect(await nameRow.locator('.al-original bdi').count()).toBeGreaterThan(0);
        expect(await page.locator('tr[data-field="birthDate"] td').nth(1).textContent()).toMatch(
          /1971|١٩٧١/,
        );
        expect(await page.locator('tr[data-field="name"] .al-mark').textContent()).toMatch(
          lang === 'en' ? /agrees|differs|partly/ : /متوافق|مختلف/,
        );
        // The names token by token, and the arithmetic.
        expect(await page.locator('.al-align li[data-evidence]').count()).toBeGreaterThan(0);
        expect(await page.locator('.al-arith tbody tr').count()).toBeGreaterThan(1);
        // What a date of birth would do, with the numbers the server computed.
        const sentence = await page.locator('[data-whatif="birthDate"]').textContent();
        const pct = (x: number) =>
          new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en-GB', {
            style: 'percent',
            maximumFractionDigits: 0,
          }).format(x);
        expect(sentence).toContain(pct(dob!.ifAgrees));
        expect(sentence).toContain(pct(dob!.ifDiffers));
        expect(sentence).toMatch(
          lang === 'en' ? /^A date of birth would move this to about/ : /تاريخ الميلاد ينقل/,
        );
        // No decision preselected.
        expect(await page.locator('input[name="al-action"]:checked').count()).toBe(0);
        const result = await checkPage(page, 'alert', lang, size);
        expect(result).toEqual({ overflow: 0, violations: [] });
        await page.context().close();
      }
  });

  it('decides with four-eyes: alice decides, cannot approve; bob approves; both named', async () => {
    const alice = await signedIn(web, web.keys.alice, 'en', 'desktop', `#/alerts/${first}`);
    await shown(alice, first);
    await alice.getByRole('button', { name: 'Record the decision' }).click();
    await alice.getByText('Choose a decision.').waitFor();
    await alice.getByText('A decision needs a reason.').waitFor();
    await alice.getByRole('radio', { name: /Dismiss/ }).check();
    await alice.getByLabel('Reason', { exact: true }).fill('Customer born 1990 in Oslo.');
    await alice.getByRole('button', { name: 'Record the decision' }).click();
    await alice.locator('article[data-awaiting="true"][aria-busy="false"]').waitFor();
    expect(plain(await alice.locator('main').getByRole('status').textContent())).toMatch(
      /^Dismiss recorded, awaiting approval/,
    );
    expect(await alice.locator('[data-awaiting-approval]').textContent()).toBe('awaiting approval');
    // The form is locked, and alice is never offered her own decision to approve.
    await alice.locator('form[data-locked="true"]').waitFor();
    expect(await alice.getByRole('button', { name: 'Record the decision' }).isDisabled()).toBe(
      true,
    );
    expect(await alice.getByRole('radio', { name: /Confirm/ }).isDisabled()).toBe(true);
    expect(await alice.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await alice.locator('[data-own-pending]').waitFor();
    expect(plain(await alice.locator('.al-history li').first().textContent())).toMatch(
      /^Dismiss by alice on /,
    );
    await checkPage(alice, 'alert-pending', 'en', 'desktop');

    // The same pending alert in Arabic reads "awaiting approval" as بانتظار الموافقة.
    const ar = await signedIn(web, web.keys.alice, 'ar', 'phone', `#/alerts/${first}`);
    await shown(ar, first);
    expect(await ar.locator('[data-awaiting-approval]').textContent()).toBe('بانتظار الموافقة');
    expect(await checkPage(ar, 'alert-pending', 'ar', 'phone')).toEqual({
      overflow: 0,
      violations: [],
    });
    await ar.context().close();

    const bob = await signedIn(web, web.keys.bob, 'en', 'desktop', `#/alerts/${first}`);
    await shown(bob, first);
    await bob.getByRole('button', { name: 'Approve' }).click();
    await bob.locator('article[data-state="dismissed"][aria-busy="false"]').waitFor();
    expect(await bob.locator('main').getByRole('status').textContent()).toBe('Decision approved.');
    const history = plain(await bob.locator('.al-history li').first().textContent());
    expect(history).toMatch(/Dismiss by alice on .*approved by bob on /);
    expect(await bob.locator('.al-locked').textContent()).toContain('dismissed');
    await bob.getByRole('button', { name: 'Assign to me' }).click();
    await bob.locator('[data-assignee]', { hasText: /^bob$/ }).waitFor();
    expect(await checkPage(bob, 'alert-approved', 'en', 'desktop')).toEqual({
      overflow: 0,
      violations: [],
    });
    await alice.context().close();
    await bob.context().close();
  });

  it('works by keyboard alone: decide, comment with a mention, next and previous', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', `#/alerts/${second}`);
    await shown(page, second);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('al-title');
    await page.keyboard.press('d');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('al-act-confirm');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="al-action"]:checked').getAttribute('value')).toBe(
      'dismiss',
    );
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('al-reason');
    await page.keyboard.type('Different person: other father’s name.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('article[data-awaiting="true"][aria-busy="false"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-outcome'))).toBe(
      true,
    );

    await page.keyboard.press('c');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('al-comment');
    await page.keyboard.type('@bob please check the father’s name');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.al-thread li').waitFor();
    expect(await page.locator('.al-thread .al-mention').textContent()).toBe('@bob');
    expect(plain(await page.locator('.al-thread .al-byline').textContent())).toMatch(/^alice, /);

    // Next and previous without the queue: its default order (newest first) is [second, first].
    await page.keyboard.press(']');
    await shown(page, first);
    expect(page.url()).toContain(`#/alerts/${first}`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('al-title');
    await page.keyboard.press('[');
    await shown(page, second);
    // The order the queue page last showed wins: [first, second] makes `first` the previous.
    await page.evaluate(
      (ids) => sessionStorage.setItem('sanad.queue', JSON.stringify(ids)),
      [first, second],
    );
    await page.reload();
    await shown(page, second);
    await page.getByRole('link', { name: 'Previous alert' }).focus();
    await page.keyboard.press('Enter');
    await shown(page, first);
    await page.context().close();
  });
});
