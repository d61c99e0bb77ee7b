import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, login, api, apiLogin } from './fixtures';

/**
 * No focused element is hidden (WCAG 2.2, 2.4.11; issue 17): tabbing through every focusable
 * element of the intake and certification screens, at window sizes from 1024×640 up, in
 * English, Hungarian and Persian, nothing else is drawn over the focused element's box. And
 * long Hungarian labels stay inside their cards and buttons at a narrow window.
 */

type Lang = 'en' | 'hu' | 'fa';
const LANGS: Lang[] = ['en', 'hu', 'fa'];
const SIZES = [
  { width: 1024, height: 640 },
  { width: 1280, height: 720 },
  { width: 1280, height: 800 },
];
const SCREENS = [
  { route: '/#/new', user: 'clerk', form: 'form.intake-form' },
  { route: '/#/certify', user: 'gabor', form: 'form.intake-form' },
] as const;

async function loginIn(page: Page, request: APIRequestContext, baseURL: string, user: string, lang: Lang) {
  const token = await apiLogin(request, baseURL, user);
  expect((await api(request, baseURL, 'set_locale', { locale: lang }, token)).status).toBe(200);
  await login(page, user);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/**
 * What covers the focused element, or null when nothing does: `document.elementFromPoint` at
 * the centre and the four corners of its box (the label's box for a visually hidden radio or
 * checkbox) must find the element itself, something inside it, or one of its ancestors.
 */
function coveredFocus(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const describe = (e: Element | null) =>
      e ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''}.${(e.getAttribute('class') ?? '').split(' ').join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}"` : 'nothing';
    let drawn: Element = el;
    let box = el.getBoundingClientRect();
    const hidden = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox');
    if (hidden || box.width <= 2 || box.height <= 2) {
      drawn = el.closest('label') ?? el.parentElement ?? el;
      box = drawn.getBoundingClientRect();
    }
    const inset = Math.min(3, box.width / 4, box.height / 4);
    const points: [number, number][] = [
      [box.left + box.width / 2, box.top + box.height / 2],
      [box.left + inset, box.top + inset],
      [box.right - inset, box.top + inset],
      [box.left + inset, box.bottom - inset],
      [box.right - inset, box.bottom - inset],
    ];
    for (const [x, y] of points) {
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return `${describe(el)} is outside the window at (${Math.round(x)}, ${Math.round(y)})`;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(drawn.contains(hit) || hit.contains(drawn))) return `${describe(el)} is covered by ${describe(hit)} at (${Math.round(x)}, ${Math.round(y)})`;
    }
    return null;
  });
}

/** The focused element, named well enough to notice going round in circles. */
function focusKey(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || !document.querySelector('main')?.contains(el)) return null;
    const path: string[] = [];
    for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) path.push(`${e.tagName}:${Array.from(e.parentElement?.children ?? []).indexOf(e)}`);
    return path.join('/');
  });
}

/** Tabs from the page's heading through everything focusable in `main`, checking each stop. */
async function tabThrough(page: Page, where: string): Promise<number> {
  await page.locator('#page-title').focus();
  const seen = new Set<string>();
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const key = await focusKey(page);
    if (key === null || seen.has(key)) return seen.size;
    seen.add(key);
    await expect.poll(() => coveredFocus(page), { message: `${where}, stop ${i + 1}`, timeout: 3000 }).toBeNull();
  }
  return seen.size;
}

for (const lang of LANGS) {
  for (const screen of SCREENS) {
    test(`${lang}: tabbing through ${screen.route} never leaves the focus hidden, at every window size`, async ({ page, request, baseURL }) => {
      test.setTimeout(180_000);
      await loginIn(page, request, baseURL!, screen.user, lang);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.goto(screen.route);
        const form = page.locator(screen.form);
        await expect(form).toBeVisible();
        if (screen.route === '/#/certify') {
          // Everything a copy asks for: the scanned original and the signature pad are in the tab order.
          await form.locator('[name="kind"][value="copy"]').locator('xpath=ancestor::label[1]').click();
          await form.locator('[name="signature_method"][value="pad"]').locator('xpath=ancestor::label[1]').click();
          await expect(form.locator('canvas')).toBeVisible();
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        const stops = await tabThrough(page, `${lang} ${screen.route} at ${size.width}×${size.height}`);
        expect(stops, 'the form has its fields in the tab order').toBeGreaterThan(10);
      }
    });
  }
}

test('hu: long labels stay inside their cards and buttons at 1024 wide', async ({ page, request, baseURL }) => {
  for (const [user, routes] of [['clerk', ['/#/new', '/#/cases', '/#/filing']], ['gabor', ['/#/certify', '/#/ledger', '/#/registry']]] as const) {
    await loginIn(page, request, baseURL!, user, 'hu');
    for (const height of [640, 768]) {
      await page.setViewportSize({ width: 1024, height });
      for (const route of routes) {
        await page.goto(route);
        await expect(page.locator('main h1')).toBeVisible();
        await page.waitForTimeout(200);
        const overflowing = await page.evaluate(() => {
          const out: string[] = [];
          for (const el of Array.from(document.querySelectorAll<HTMLElement>('main .card, main .button, main .segment, main .segmented, main .checkbox-card, main .field, .sticky-actions, .page-header'))) {
            if (el.offsetParent === null) continue;
            // A data table's card scrolls sideways by design (WCAG 1.4.10 leaves tables out).
            const scrolls = /auto|scroll/.test(getComputedStyle(el).overflowX);
            if (!scrolls && el.scrollWidth > el.clientWidth + 1) out.push(`${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`);
            const parent = el.parentElement?.closest<HTMLElement>('.card, .sticky-actions, main');
            if (parent) {
              const r = el.getBoundingClientRect();
              const p = parent.getBoundingClientRect();
              if (r.right > p.right + 1 || r.left < p.left - 1) out.push(`${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" sticks out of ${parent.className}`);
            }
          }
          if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${document.documentElement.clientWidth}`);
          return out;
        });
        expect(overflowing, `${route} at 1024×${height}`).toEqual([]);
      }
    }
    await page.evaluate(() => sessionStorage.clear());
  }
});
