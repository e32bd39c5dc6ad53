/// <reference lib="dom" />
/**
 * The alert queue in Chromium, in English and Arabic, on a desktop and a phone: no sideways
 * scrolling and axe clean; filters as selects applied together, sorting and paging; the
 * "awaiting my approval" inbox under four-eyes (never one's own decision); the queue grouped by
 * the listed entity with one dismissal for a whole group, recorded per alert, going on past an
 * alert that cannot take it; and keyboard triage with its help on '?'.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner } from '../src/store/partners.js';
import { seedAlerts, seedRuns, type SeedAlert } from './helpers/alert-seed.js';
import { checkPage, LANGS, signedIn, SIZE_NAMES, startWeb, type WebServer } from './helpers/web.js';

/** Six customers hit by one listed person, then 54 alerts each on its own listed person. */
const QUEUE: SeedAlert[] = Array.from({ length: 60 }, (_, i) =>
  i < 6
    ? {
        subject: `C-${i}`,
        name: `Zubair Qutaibi ${i}`,
        entity: 'un-sc:QDi.901',
        caption: 'Zubayr Fadlallah Qutaybi',
        list: 'un-sc',
        score: 0.95 - i * 0.01,
        run: 'june',
      }
    : {
        subject: `C-${i}`,
        name: `Customer ${i}`,
        entity: `un-sc:QDi.${i}`,
        caption: `Listed Person ${i}`,
        list: 'un-sc',
        score: 0.5 + ((i * 7) % 40) / 100,
        run: i % 2 === 0 ? 'june' : 'july',
        assignee: i % 5 === 0 ? 'alice' : i % 5 === 1 ? 'bob' : undefined,
      },
);

describe('the alert queue in Chromium', () => {
  let web: WebServer;
  let ids: string[];
  let theirs: string[];

  beforeAll(async () => {
    web = await startWeb({ fourEyes: true });
    await createPartner(web.store, { id: 'bank2', name: 'Bank Two', kind: 'bank' });
    await seedRuns(web.store, 'node', ['june', 'july']);
    ids = await seedAlerts(web.store, 'node', QUEUE);
    theirs = await seedAlerts(web.store, 'bank2', QUEUE.slice(0, 3));
    // Alice proposes a dismissal in the middle of the Qutaybi group: it waits for a second analyst.
    await web.call(web.keys.alice, 'POST', `/alerts/${ids[2]}/decision`, {
      action: 'dismiss',
      reason: 'Different date of birth',
    });
  }, 120_000);
  afterAll(() => web.close());

  const rowIds = (page: Page) =>
    page
      .locator('#queue-results tbody tr[data-alert]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert')));
  const ready = (page: Page) => page.locator('#queue-results[aria-busy="false"]').waitFor();

  for (const lang of LANGS)
    for (const size of SIZE_NAMES)
      it(`fits and is accessible in ${lang} on a ${size}`, async () => {
        const page = await signedIn(web, web.keys.bob, lang, size, '#/alerts');
        await ready(page);
        await page.locator('#queue-results tbody tr').first().waitFor();
        expect(await checkPage(page, 'queue', lang, size)).toEqual({ overflow: 0, violations: [] });
        // The inbox, with the state in the reader's words.
        await page
          .getByRole('button', { name: lang === 'ar' ? 'بانتظار موافقتي' : 'Awaiting my approval' })
          .click();
        await page.locator(`tr[data-alert="${ids[2]}"] td[data-state="awaiting"]`).waitFor();
        expect(
          await page.locator(`tr[data-alert="${ids[2]}"] td[data-state]`).textContent(),
        ).toContain(lang === 'ar' ? 'بانتظار الموافقة' : 'awaiting approval');
        expect(await checkPage(page, 'queue-inbox', lang, size)).toEqual({
          overflow: 0,
          violations: [],
        });
        await page
          .getByRole('button', { name: lang === 'ar' ? 'كل التنبيهات' : 'All alerts' })
          .click();
        await page
          .getByRole('checkbox', {
            name: lang === 'ar' ? 'تجميع حسب الكيان المدرج' : 'Group by listed entity',
          })
          .check();
        await page.locator('#queue-results[data-view="groups"] tbody tr').first().waitFor();
        await page.locator('#queue-results tbody tr button').first().click();
        await page.locator('#bulk-reason').waitFor();
        expect(await checkPage(page, 'queue-groups', lang, size)).toEqual({
          overflow: 0,
          violations: [],
        });
        await page.keyboard.press('Escape');
        await page.keyboard.press('?');
        await page.locator('dialog[open]').waitFor();
        expect(await checkPage(page, 'queue-help', lang, size)).toEqual({
          overflow: 0,
          violations: [],
        });
        await page.context().close();
      }, 120_000);

  it('applies the filters together, sorts by score and age, and pages', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/alerts');
    await ready(page);
    // Open and undecided, newest first: 59 of them (one waits for approval); 50 a page.
    await expect.poll(() => page.locator('#queue-count').textContent()).toBe('59 alerts');
    expect(await rowIds(page)).toEqual(
      ids
        .filter((_, i) => i !== 2)
        .reverse()
        .slice(0, 50),
    );
    await page.getByText('1–50 of 59').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('51–59 of 59').waitFor();
    await expect
      .poll(() => rowIds(page))
      .toEqual(
        ids
          .filter((_, i) => i !== 2)
          .reverse()
          .slice(50),
      );

    await page.getByLabel('Run', { exact: true }).selectOption('june');
    await page.getByLabel('Assignee', { exact: true }).selectOption('me');
    const expected = QUEUE.flatMap((a, i) =>
      a.run === 'june' && a.assignee === 'alice' ? [ids[i]] : [],
    );
    await expect.poll(() => rowIds(page)).toEqual([...expected].reverse());
    expect(expected.length).toBeGreaterThan(2);
    // Sorting by score: highest first, then lowest first.
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    const byScore = expected
      .map((id) => ({ id, score: QUEUE[ids.indexOf(id!)]!.score }))
      // Equal scores: the newer alert first, as the age order breaks ties.
      .sort((a, b) => b.score - a.score || ids.indexOf(b.id!) - ids.indexOf(a.id!))
      .map((a) => a.id);
    await expect.poll(() => rowIds(page)).toEqual(byScore);
    expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    await expect.poll(() => rowIds(page)).toEqual([...byScore].reverse());
    // By age: oldest first.
    await page.getByRole('button', { name: 'Age', exact: true }).click();
    await page.getByRole('button', { name: 'Age', exact: true }).click();
    await expect.poll(() => rowIds(page)).toEqual(expected);
    expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    // A third filter narrows further; "unassigned" is its own choice.
    await page.getByLabel('Assignee', { exact: true }).selectOption('unassigned');
    await page.getByLabel('State', { exact: true }).selectOption('');
    const unassigned = QUEUE.flatMap((a, i) => (a.run === 'june' && !a.assignee ? [ids[i]] : []));
    await expect.poll(async () => (await rowIds(page)).length).toBe(unassigned.length);
    expect(new Set(await rowIds(page))).toEqual(new Set(unassigned));
    // Another partner's alerts never appear.
    expect((await rowIds(page)).some((id) => theirs.includes(id!))).toBe(false);
    await page.context().close();
  }, 120_000);

  it('offers the second analyst the decision to approve, never the first their own', async () => {
    const alice = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/alerts');
    await ready(alice);
    await alice.getByRole('button', { name: 'Awaiting my approval' }).click();
    await alice.getByText('Nothing awaits your approval.').waitFor();
    // Under "awaiting approval" alice sees her own decision, without approving it.
    await alice.getByRole('button', { name: 'All alerts' }).click();
    await alice.getByLabel('State', { exact: true }).selectOption('awaiting');
    await expect.poll(() => rowIds(alice)).toEqual([ids[2]]);
    const by = await alice.locator(`tr[data-alert="${ids[2]}"] .queue-pending`).textContent();
    expect(by?.replace(/[\u2068\u2069]/g, '')).toBe('Dismiss by alice');

    const bob = await signedIn(web, web.keys.bob, 'en', 'desktop', '#/alerts');
    await ready(bob);
    await bob.getByRole('button', { name: 'Awaiting my approval' }).click();
    await expect.poll(() => rowIds(bob)).toEqual([ids[2]]);
    await bob.getByRole('button', { name: `Reject: ${ids[2]}` }).click();
    await bob.getByRole('status').filter({ hasText: 'rejected' }).waitFor();
    await bob.getByText('Nothing awaits your approval.').waitFor();
    const alert = await web.call<{ state: string; decisions: { status: string }[] }>(
      web.keys.bob,
      'GET',
      `/alerts/${ids[2]}`,
    );
    expect(alert).toMatchObject({ state: 'open', decisions: [{ status: 'rejected' }] });
    // Alice proposes again, for the group test below.
    await web.call(web.keys.alice, 'POST', `/alerts/${ids[2]}/decision`, {
      action: 'dismiss',
      reason: 'Different date of birth',
    });
    await alice.context().close();
    await bob.context().close();
  }, 120_000);

  it('dismisses a group with one reason, recorded per alert, past one that cannot', async () => {
    const page = await signedIn(web, web.keys.bob, 'ar', 'phone', '#/alerts');
    await ready(page);
    await page.getByLabel('الحالة', { exact: true }).selectOption('');
    await page.getByRole('checkbox', { name: 'تجميع حسب الكيان المدرج' }).check();
    const group = page.locator('tr[data-group="un-sc:QDi.901"]');
    await group.waitFor();
    const opener = group.getByRole('button');
    await opener.click();
    await page
      .getByRole('heading', { name: /قرار واحد على ٦ تنبيهات|قرار واحد على 6 تنبيهات/ })
      .waitFor();
    // Escape closes the form and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => opener.evaluate((b) => b === document.activeElement)).toBe(true);
    await opener.click();
    await page.getByLabel('القرار', { exact: true }).selectOption('dismiss');
    await page.getByLabel('نموذج المبرر').selectOption('qTplCommon');
    expect(await page.getByLabel('المبرر', { exact: true }).inputValue()).toBe(
      'اسم شائع، ولا معرّف آخر',
    );
    await page.getByLabel('المبرر', { exact: true }).press('End');
    await page.getByLabel('المبرر', { exact: true }).pressSequentially(' (فحص 2026)');
    await page.getByRole('button', { name: 'إرسال' }).click();
    await page.getByRole('heading', { name: 'النتيجة لكل تنبيه' }).waitFor();
    const outcomes = await page
      .locator('.bulk-outcomes li')
      .evaluateAll((li) =>
        li.map((l) => [l.getAttribute('data-alert'), l.getAttribute('data-ok')]),
      );
    expect(outcomes).toEqual(ids.slice(0, 6).map((id, i) => [id, i === 2 ? 'false' : 'true']));
    expect(await page.locator('.bulk-outcomes li[data-ok="true"]').first().textContent()).toContain(
      'بانتظار الموافقة',
    );
    const reason = 'اسم شائع، ولا معرّف آخر (فحص 2026)';
    for (const [i, id] of ids.slice(0, 6).entries()) {
      const a = await web.call<{ decisions: { action: string; reason: string; status: string }[] }>(
        web.keys.alice,
        'GET',
        `/alerts/${id}`,
      );
      if (i === 2) expect(a.decisions.map((d) => d.reason)).not.toContain(reason);
      else
        expect(a.decisions).toEqual([
          expect.objectContaining({ action: 'dismiss', reason, status: 'pending' }),
        ]);
    }
    expect(await checkPage(page, 'queue-bulk-outcome', 'ar', 'phone')).toEqual({
      overflow: 0,
      violations: [],
    });
    await page.context().close();
  }, 120_000);

  it('triages from the keyboard: j/k, x, a, o, and ? for the help', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/alerts');
    await ready(page);
    await page.getByLabel('Run', { exact: true }).selectOption('july');
    const shown = QUEUE.flatMap((a, i) => (a.run === 'july' ? [ids[i]] : [])).reverse();
    await expect.poll(() => rowIds(page)).toEqual(shown);
    // The alert page reads the ids shown, in order, for next and previous.
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('sanad.queue')!))).toEqual(
      shown,
    );
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const selected = page.locator('tr[data-selected="true"]');
    await expect.poll(() => selected.getAttribute('data-alert')).toBe(shown[1]);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(shown[1]);
    await page.keyboard.press('x');
    await page.locator(`tr[data-alert="${shown[1]}"][data-checked="true"]`).waitFor();
    await page.keyboard.press('a');
    await page
      .locator(`tr[data-alert="${shown[1]}"] td:nth-child(10)`, { hasText: 'alice' })
      .waitFor();
    // Shortcuts do not fire while typing in a field.
    await page.getByRole('button', { name: /Decide on the selected alerts/ }).click();
    await page.getByLabel('Reason', { exact: true }).fill('jjk');
    await expect.poll(() => selected.getAttribute('data-alert')).toBe(shown[1]);
    await page.keyboard.press('Escape');
    // '?' opens the help; Escape closes it and the focus returns where it was.
    await page.locator(`tr[data-alert="${shown[1]}"] a`).first().focus();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(shown[1]);
    await page.keyboard.press('o');
    await page.waitForURL(`**/#/alerts/${shown[1]}`);
    // Signing out forgets the queue's order: another key in this tab never sees these ids.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sanad.queue'))).toBeNull();
    await page.context().close();
  }, 120_000);
});
