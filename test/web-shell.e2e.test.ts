/**
 * The shell of the web UI in Chromium: who is signed in and the four-eyes setting in the header,
 * a navigation that offers each role only what it may use, the menu on a phone (keyboard and
 * Escape), the skip link, focus and the live region after navigation, the number and date
 * preferences, the bundled Arabic font, errors beside their field in the reader's language,
 * and a focus ring that stands out (3:1) on the header and on the page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/store/api-keys.js';
import { checkPage, SHOTS, signedIn, startWeb, type WebServer } from './helpers/web.js';

/** The navigation each role gets, in order (the roles of the API routes each page needs). */
const NAV = {
  client: ['#/screen', '#/batch', '#/scan'],
  analyst: ['#/screen', '#/batch', '#/scan', '#/alerts', '#/lists', '#/records', '#/runs'],
  admin: [
    '#/screen',
    '#/batch',
    '#/scan',
    '#/alerts',
    '#/lists',
    '#/records',
    '#/runs',
    '#/audit',
    '#/admin/partners',
    '#/admin/feeds',
    '#/admin/settings',
  ],
};

async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation');
  await nav.waitFor({ state: 'attached' });
  return nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

/** WCAG contrast of two CSS colours (rgb()/rgba() as getComputedStyle gives them). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number) as [number, number, number];
    const lin = (c: number) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The focused element's outline colour and the first opaque background behind it. */
function ringAndBackground(page: Page): Promise<{ ring: string; width: string; behind: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    let behind = 'rgb(255, 255, 255)';
    for (let p = el.parentElement; p; p = p.parentElement) {
      const bg = getComputedStyle(p).backgroundColor;
      if (bg && bg !== 'transparent' && !/rgba\(.*, 0\)$/.test(bg)) {
        behind = bg;
        break;
      }
    }
    return { ring: style.outlineColor, width: style.outlineWidth, behind };
  });
}

describe('the web UI shell', () => {
  let web: WebServer;

  beforeAll(async () => {
    web = await startWeb({ fourEyes: true });
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  it('shows who is signed in, with the role and the four-eyes setting', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/screen');
    const who = page.locator('header .who');
    await expect.poll(() => who.textContent()).toContain('alice');
    expect(await who.textContent()).toContain('Analyst');
    expect(await who.getAttribute('data-role')).toBe('analyst');
    await expect
      .poll(() => page.locator('[data-four-eyes]').getAttribute('data-four-eyes'))
      .toBe('on');
    expect(await page.locator('[data-four-eyes]').textContent()).toBe('Four-eyes: on');

    // Turned off by an admin: the next page shows it.
    await web.call(web.keys.admin, 'PUT', '/settings', { fourEyes: false });
    await page.getByRole('link', { name: 'Alerts' }).click();
    await expect
      .poll(() => page.locator('[data-four-eyes]').getAttribute('data-four-eyes'))
      .toBe('off');
    await web.call(web.keys.admin, 'PUT', '/settings', { fourEyes: true });

    // In Arabic too, with the role translated; a client (who may not read settings) sees none.
    const ar = await signedIn(web, web.keys.admin, 'ar', 'desktop', '#/screen');
    await expect.poll(() => ar.locator('header .who').textContent()).toContain('مسؤول النظام');
    await expect.poll(() => ar.locator('[data-four-eyes]').textContent()).toContain('مفعّل');
    const client = await signedIn(web, web.keys.client, 'en', 'desktop', '#/screen');
    await expect.poll(() => client.locator('header .who').textContent()).toContain('Client');
    expect(await client.locator('[data-four-eyes]').count()).toBe(0);
    for (const p of [page, ar, client]) await p.context().close();
  });

  it('offers each role only the pages it may use', async () => {
    for (const [role, key] of [
      ['client', web.keys.client],
      ['analyst', web.keys.bob],
      ['admin', web.keys.admin],
    ] as const) {
      const page = await signedIn(web, key, 'en', 'desktop', '#/screen');
      await page.locator(`header .who[data-role="${role}"]`).waitFor();
      expect(await navLinks(page), role).toEqual(NAV[role]);
      await page.context().close();
    }
    // A page past the role, reached by its address, says so instead of failing half-way.
    const client = await signedIn(web, web.keys.client, 'en', 'desktop', '#/audit');
    await expect
      .poll(() => client.locator('main h1').textContent())
      .toBe('Your role may not do this');
    await client.context().close();
  });

  it('folds the navigation into a menu on a phone, usable with the keyboard', async () => {
    const page = await signedIn(web, web.keys.alice, 'ar', 'phone', '#/screen');
    const toggle = page.locator('button.menu-toggle');
    await toggle.waitFor();
    const nav = page.getByRole('navigation');
    await page.locator('header .who').waitFor();
    expect(await nav.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    // Focus goes into the menu, on its first link.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('href')))
      .toBe('#/screen');
    expect((await checkPage(page, 'shell-menu', 'ar', 'phone')).overflow).toBe(0);

    await page.keyboard.press('Escape');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle')),
    ).toBe(true);

    // Choosing a page closes the menu.
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'التنبيهات' }).click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/alerts');

    // On a desktop there is no menu button: the navigation is always there.
    const desk = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/screen');
    await desk.getByRole('navigation').waitFor();
    expect(await desk.locator('button.menu-toggle').isVisible()).toBe(false);
    for (const p of [page, desk]) await p.context().close();
  });

  it('uses the menu on a tablet too, and fits it in both languages', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const context = await web.browser.newContext({
        locale: lang,
        bypassCSP: true,
        viewport: { width: 820, height: 1180 },
      });
      await context.addInitScript(
        ([k, l]) => {
          sessionStorage.setItem('sanad.apiKey', k);
          localStorage.setItem('sanad.lang', l);
        },
        [web.keys.admin, lang] as const,
      );
      const page = await context.newPage();
      await page.goto(web.base + '/#/audit');
      await page.locator('main h1').waitFor();
      const toggle = page.locator('button.menu-toggle');
      expect(await toggle.isVisible()).toBe(true);
      await toggle.click();
      await page.getByRole('navigation').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(width, lang).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOTS, `web-shell-tablet-menu-${lang}.png`) });
      await context.close();
    }
  });

  it('signs out when the key is revoked during the session', async () => {
    const carol = await createKey(web.store, 'carol', 'analyst', 'test');
    const page = await signedIn(web, carol.key, 'en', 'desktop', '#/screen');
    await page.locator('header .who[data-role="analyst"]').waitFor();
    await web.call(web.keys.admin, 'POST', `/keys/${carol.info.id}/revoke`);
    // The next request signs the page out. One of the page's own may come first (a request
    // in flight answered 401): then the link is gone before it can be clicked, which is the
    // same outcome; the sign-in form must appear either way.
    await page
      .getByRole('link', { name: 'Alerts' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sanad.apiKey'))).toBeNull();
    expect(await page.locator('header .who').count()).toBe(0);
    await page.context().close();
  });

  it('has a skip link to the main content, first in the tab order', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/screen');
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    expect(first).toBe('Skip to the main content');
    expect(await page.locator('a.skip').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The hash route stays where it was.
    expect(await page.evaluate(() => location.hash)).toBe('#/screen');
    await page.context().close();
  });

  it('moves focus to the new page heading and names the page in the live region', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/screen');
    await page.locator('main h1').waitFor();
    const live = page.locator('#live');
    expect(await live.getAttribute('role')).toBe('status');
    expect(await live.getAttribute('aria-live')).toBe('polite');

    // The page's name is isolated in the announcement (U+2068…U+2069), as every filled value.
    await page.getByRole('link', { name: 'Lists' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lists');
    await expect.poll(() => live.textContent()).toBe('Page: \u2068Lists\u2069');
    expect(await page.title()).toBe('Lists · sanad');

    // Back goes back, with the same care.
    await page.goBack();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Screen a name');
    await expect.poll(() => live.textContent()).toBe('Page: \u2068Screen a name\u2069');

    // A language change renames the page but leaves focus where the reader is.
    await page.getByRole('button', { name: /Switch the language to Arabic/ }).click();
    await expect.poll(() => page.title()).toBe('تدقيق اسم · sanad');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
    await page.context().close();
  });

  it('shows numbers and dates with the digits and calendar the reader chose, and keeps the choice', async () => {
    const page = await signedIn(web, web.keys.alice, 'ar', 'desktop', '#/screen');
    const open = page.getByRole('button', { name: 'الأرقام والتواريخ' });
    await open.click();
    const sample = page.locator('[data-sample]');
    // Western digits and the Gregorian calendar by default: 21 March 2026.
    await expect.poll(() => sample.textContent()).toMatch(/2026/);
    expect(await sample.textContent()).not.toMatch(/[٠-٩]/);

    await page.getByLabel('الأرقام', { exact: true }).selectOption('arab');
    await expect.poll(() => sample.textContent()).toMatch(/٢٠٢٦/);
    expect(await sample.textContent()).not.toMatch(/[0-9]/);

    await page.getByLabel('التقويم').selectOption('islamic-umalqura');
    // 21 March 2026 is 2 Shawwal 1447 AH.
    await expect.poll(() => sample.textContent()).toMatch(/١٤٤٧/);
    expect(await sample.textContent()).toMatch(/شوال/);

    await page.keyboard.press('Escape');
    await expect.poll(() => open.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'الأرقام والتواريخ',
    );

    // Kept in this browser: a new page load shows the same choice.
    await page.reload();
    await page.getByRole('button', { name: 'الأرقام والتواريخ' }).click();
    await expect.poll(() => page.locator('[data-sample]').textContent()).toMatch(/١٤٤٧/);
    await page.context().close();
  });

  it('draws Arabic with the bundled font, served from this origin', async () => {
    const page = await signedIn(web, web.keys.alice, 'ar', 'phone', '#/screen');
    await page.locator('main h1').waitFor();
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].filter((f) =>
        f.family.includes('Noto Naskh Arabic Bundled'),
      );
      return {
        family: getComputedStyle(document.querySelector('main h1')!).fontFamily,
        loaded: faces.filter((f) => f.status === 'loaded').length,
        check: document.fonts.check('16px "Noto Naskh Arabic Bundled"', 'سند'),
      };
    });
    expect(font.family).toMatch(/^"?Noto Naskh Arabic Bundled/);
    expect(font.loaded).toBeGreaterThan(0);
    expect(font.check).toBe(true);
    // The font files are woff2 under /assets, allowed by the page's policy.
    const css = await page.evaluate(() =>
      [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n'),
    );
    const files = [...css.matchAll(/url\("?([^")]+\.woff2)"?\)/g)].map((m) => m[1]!);
    expect(files).toHaveLength(2);
    for (const file of files) {
      const res = await fetch(new URL(file, web.base));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/woff2');
    }
    const policy = (await fetch(web.base + '/')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("font-src 'self'");
    await page.context().close();
  });

  it('says an error beside the field it concerns, in Arabic', async () => {
    const context = await web.browser.newContext({
      locale: 'ar',
      bypassCSP: true,
      viewport: { width: 390, height: 844 },
    });
    await context.addInitScript(() => localStorage.setItem('sanad.lang', 'ar'));
    const page = await context.newPage();
    await page.goto(web.base + '/');
    const input = page.getByLabel('مفتاح الواجهة');
    await input.fill('not-a-key');
    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    const error = page.getByRole('alert');
    await expect.poll(() => error.textContent()).toBe('لم يُقبل المفتاح');
    const errorId = await error.getAttribute('id');
    expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    const result = await checkPage(page, 'shell-signin-error', 'ar', 'phone');
    expect(result).toEqual({ overflow: 0, violations: [] });
    await context.close();

    // The API names the field a refused request concerns, from its validation or its rule.
    const matched = await web.call<{ responses: { q: { alerts: string[] } } }>(
      web.keys.client,
      'POST',
      '/match/default',
      { queries: { q: { properties: { name: ['Abu Bakr al-Baghdadi'] }, subject_id: 'S-1' } } },
    );
    const alert = matched.responses.q.alerts[0]!;
    const decide = (body: unknown) =>
      fetch(`${web.base}/alerts/${alert}/decision`, {
        method: 'POST',
        headers: { authorization: `ApiKey ${web.keys.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, string>,
      }));
    const blank = await decide({ action: 'dismiss', reason: '   ' });
    expect(blank).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'reason' } });
    const missing = await decide({ action: 'dismiss' });
    expect(missing).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'reason' } });
    const wrong = await decide({ action: 'approve', reason: 'x' });
    expect(wrong).toMatchObject({ status: 400, body: { field: 'action' } });
  });

  it('draws a focus ring with 3:1 contrast on the header and on the page', async () => {
    const page = await signedIn(web, web.keys.alice, 'en', 'desktop', '#/screen');
    await page.locator('main h1').waitFor();
    await page.getByRole('navigation').waitFor();
    // A link in the header (dark), then a field and a button on a card (white) and the page.
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // first navigation link
    const header = await ringAndBackground(page);
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const field = await ringAndBackground(page);
    await page.locator('main').focus();
    await page.keyboard.press('Tab');
    const first = await ringAndBackground(page);
    for (const { ring, width, behind } of [header, field, first]) {
      expect(width).toBe('3px');
      expect(contrast(ring, behind), `${ring} on ${behind}`).toBeGreaterThanOrEqual(3);
    }
    expect(header.behind).not.toBe(field.behind);
    // The page background itself, behind cards.
    const pageBg = await page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor,
    );
    expect(contrast(header.ring, pageBg)).toBeGreaterThanOrEqual(3);
    await page.context().close();
  });
});
