import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, login, repoRoot, apiLogin, api } from './fixtures';

const out = join(repoRoot, 'docs', 'screenshots');

/** Registers a few cases today so that the home screen shows a realistic day. */
async function seedToday(request: import('@playwright/test').APIRequestContext, baseURL: string) {
  const token = await apiLogin(request, baseURL, 'eva');
  const cat = await api<{ services: { id: string; code: string }[] }>(request, baseURL, 'catalogue', {}, token);
  const svc = (code: string) => cat.body.services.find((s) => s.code === code)!.id;
  const cases = [
    { name: 'Ľubomír Kováčik', code: 'IDCARD', subject: 'New identity card after loss', priority: 'high', channel: 'walk_in', docs: [0] },
    { name: 'Mária Šimková', code: 'RES', subject: 'Moving from Žilina to Rajec', priority: 'normal', channel: 'walk_in', docs: [0, 1] },
    { name: 'Zahra Ahmadi', code: 'CHILD', subject: 'Child benefit for second child', priority: 'normal', channel: 'post', docs: [] },
    { name: 'Jozef Bartoš', code: 'WASTE', subject: 'Waste fee for a new household', priority: 'low', channel: 'phone', docs: [] },
  ];
  for (const c of cases) {
    const r = await api(request, baseURL, 'register_case', {
      party: { name: c.name, birth_date: null, phone: null, email: null, address: null },
      service_id: svc(c.code), channel: c.channel, subject: c.subject, description: '', priority: c.priority,
      private_conversation: false, documents_presented: c.docs,
    }, token);
    expect(r.status).toBe(200);
  }
}

test.describe('@screenshots', () => {
  test.beforeAll(() => mkdirSync(out, { recursive: true }));

  test('login, intake (en, fa), cases, case detail @screenshots', async ({ page, request, baseURL }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.screenshot({ path: join(out, 'login.png') });

    await seedToday(request, baseURL!);
    await login(page, 'clerk');
    await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
    await expect(page.locator('.table .row').first()).toBeVisible();
    await page.screenshot({ path: join(out, 'cases.png') });

    await page.goto('/#/new');
    await page.locator('input[name="party.name"]').fill('Ľudmila Nováková');
    await page.locator('input[name="party.phone"]').fill('+421 905 123 456');
    await page.getByRole('combobox', { name: 'Service' }).fill('identity');
    await expect(page.getByRole('option').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'Previous identity card' }).check({ force: true });
    await page.locator('input[name="subject"]').fill('Identity card expires next month');
    await page.locator('textarea[name="description"]').fill('Citizen brings the old card and a photo taken at the desk.');
    await page.locator('input[name="party.name"]').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(out, 'intake-en.png') });

    await page.getByRole('button', { name: 'Register case' }).click();
    await page.getByRole('button', { name: 'Open case' }).click();
    await expect(page.locator('h1')).toContainText('C-');
    await page.screenshot({ path: join(out, 'case-detail.png') });

    // Persian: the whole workstation mirrors.
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('option', { name: 'فارسی' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.goto('/#/new');
    await page.locator('input[name="party.name"]').fill('مریم رحیمی');
    await page.locator('input[name="party.phone"]').fill('+98 21 5555 1234');
    await page.getByRole('combobox').fill('شناس');
    await expect(page.getByRole('option', { name: /المثنای شناسنامه/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
    await page.locator('.checklist').getByText('کارت ملی یا گذرنامه').click();
    await page.locator('input[name="subject"]').fill('شناسنامهٔ گم‌شده');
    await page.locator('input[name="party.name"]').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(out, 'intake-fa.png') });
  });

  test('day review (en, fa) and closing the day @screenshots', async ({ page, request, baseURL }) => {
    // The last thirty days of the demo office's generated history.
    const token = await apiLogin(request, baseURL!, 'admin');
    const periods = await api<{ today: string }>(request, baseURL!, 'review_periods', {}, token);
    const today = periods.body.today;
    const start = new Date(`${today}T12:00:00Z`);
    start.setUTCDate(start.getUTCDate() - 29);
    const from = start.toISOString().slice(0, 10);

    await login(page, 'admin');
    await page.goto(`/#/review?from=${from}&to=${today}`);
    await expect(page.locator('.line-svg .chart-point').first()).toBeVisible();
    await expect(page.locator('.hbar .chart-bar').first()).toBeVisible();
    await page.screenshot({ path: join(out, 'day-review-en.png'), fullPage: true });

    // The day's checklist, and what signing off says while a check fails.
    await page.goto('/#/close-day');
    await expect(page.locator('.check').first()).toBeVisible();
    await page.getByRole('textbox', { name: 'Note (optional)' }).fill('Two clerks off sick; the waiting list was reviewed at noon.');
    await page.getByRole('button', { name: 'Sign off the day' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The day cannot be signed off yet' })).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(out, 'close-day-en.png') });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await login(page, 'maryam');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.goto(`/#/review?from=${from}&to=${today}`);
    await expect(page.locator('.line-svg .chart-point').first()).toBeVisible();
    await expect(page.locator('.hbar .chart-bar').first()).toBeVisible();
    await page.screenshot({ path: join(out, 'day-review-fa.png'), fullPage: true });
  });

  test('civil registry: look-up, purpose, card and audit (en, fa) @screenshots', async ({ page }) => {
    test.setTimeout(120_000);
    const lookUp = async (who: string, query: string, purpose: string, names: { open: RegExp; purpose: RegExp }, suffix: string, signOut: string) => {
      await login(page, who);
      await page.goto('/#/registry');
      await page.keyboard.type(query);
      await expect(page.getByRole('option').nth(3)).toBeVisible();
      // A person born here (with parents, so the card has a family) in the middle of life (a
      // spouse and children, most likely), chosen by keyboard.
      const options = page.getByRole('option');
      const target = await options.evaluateAll((els) => {
        const born = (el: Element) => Number((el.getAttribute('data-born') ?? '0').slice(0, 4));
        const withParents = (el: Element) => !!el.querySelector('.hit-parent');
        const best = els.findIndex((el) => withParents(el) && born(el) >= 1945 && born(el) <= 1975);
        return best >= 0 ? best : els.findIndex(withParents);
      });
      expect(target).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
      await expect(options.nth(target)).toHaveAttribute('aria-selected', 'true');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(out, `registry-${suffix}.png`) });
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: names.purpose }).fill(purpose);
      await page.screenshot({ path: join(out, `registry-purpose-${suffix}.png`) });
      await dialog.getByRole('button', { name: names.open }).click();
      await expect(page.locator('.person-head h1')).toBeVisible();
      // A parent's card (opened from the family, with the same reason: a second audit entry),
      // which has a marriage, a spouse and children to show.
      const parent = page.locator('.family-link').first();
      const parentName = (await parent.innerText()).trim();
      await parent.click();
      await expect(page.locator('.person-head h1')).toHaveText(parentName);
      await expect(page.locator('.person-audit')).toContainText(purpose);
      await page.screenshot({ path: join(out, `registry-card-${suffix}.png`), fullPage: true });
      await page.getByRole('button', { name: signOut, exact: true }).click();
    };
    await lookUp('clerk', 'kov', 'Birth certificate for a passport application', { open: /^Open the card$/, purpose: /^Purpose/ }, 'en', 'Sign out');
    await lookUp('maryam', 'رحیمی', 'صدور رونوشت شناسنامه برای گذرنامه', { open: /^باز کردن کارت$/, purpose: /^هدف/ }, 'fa', 'خروج');

    await login(page, 'maryam');
    await page.goto('/#/registry-audit');
    await expect(page.locator('.audit-table .row')).toHaveCount(4);
    await page.screenshot({ path: join(out, 'registry-audit-fa.png') });
    await page.getByRole('button', { name: 'خروج', exact: true }).click();
    await login(page, 'admin');
    await page.goto('/#/registry-audit');
    await expect(page.locator('.audit-table .row')).toHaveCount(4);
    await page.screenshot({ path: join(out, 'registry-audit-en.png') });
  });

  test('verify a seal, with the office’s seal keys (en, hu, fa) @screenshots', async ({ page, request, baseURL }) => {
    const token = await apiLogin(request, baseURL!, 'gabor');
    const cat = await api<{ services: { id: string; code: string }[] }>(request, baseURL!, 'catalogue', {}, token);
    const entry = await api<{ seal_url: string }>(request, baseURL!, 'certify', {
      kind: 'signature', party_name: 'Mária Šimková', party_birth_date: '1971-03-08', id_document_kind: 'passport',
      id_document_number: 'SK1234567', id_document_checked: true, document_description: 'Power of attorney for the sale of a car',
      document_language: 'Slovak', pages: 2, copies: 1, service_id: cat.body.services.find((s) => s.code === 'CERT-SIG')!.id,
      case_number: null, second_locale: null, original: null, signature_method: 'sheet', signature_png_base64: null, note: null,
    }, token);
    expect(entry.status).toBe(200);
    await login(page, 'admin');
    await page.setViewportSize({ width: 1280, height: 1100 });
    for (const [option, lang] of [['English', 'en'], ['Magyar', 'hu'], ['فارسی', 'fa']] as const) {
      await page.locator('.topbar .language-picker button').click();
      await page.getByRole('option', { name: option }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await page.goto('/#/verify');
      await page.locator('input[name="code"]').fill(entry.body.seal_url);
      await page.keyboard.press('Enter');
      await expect(page.locator('.verdict')).toHaveAttribute('data-verdict', 'genuine');
      await expect(page.locator('section.seal-keys .fingerprint').first()).toBeVisible();
      // Notices of the moment (the keyring's) would cover the keys.
      for (const close of await page.locator('.toast button').all()) await close.click();
      await expect(page.locator('.toast')).toHaveCount(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(out, `verify-${lang}.png`), fullPage: true });
    }
  });
});
