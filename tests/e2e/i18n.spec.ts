import { test, expect, login } from './fixtures';

const PERSIAN_DIGITS = /[۰-۹]/;

test('Persian mirrors the workstation, uses Persian digits, shows the Persian date beside the office’s, and is remembered', async ({ page }) => {
  await login(page, 'clerk');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

  // Switch from the header, without a reload.
  await page.getByRole('button', { name: /Language/ }).click();
  await page.getByRole('option', { name: 'فارسی' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'پرونده‌ها', level: 1 })).toBeVisible();
  await expect(page.locator('nav.sidebar').getByRole('link', { name: /پروندهٔ جدید/ })).toBeVisible();

  // The layout mirrors: the navigation sits on the right of the content.
  const nav = await page.locator('nav.sidebar').boundingBox();
  const main = await page.locator('main#main').boundingBox();
  expect(nav && main).toBeTruthy();
  expect(nav!.x).toBeGreaterThan(main!.x);
  expect(nav!.x + nav!.width).toBeGreaterThan(main!.x + main!.width - 1);

  // Dates in Persian digits, with the Persian (Solar Hijri) date.
  await page.getByRole('tab', { name: 'همه' }).click();
  const firstRow = page.locator('.table .row').first();
  await expect(firstRow).toBeVisible();
  const received = await firstRow.locator('td').nth(1).innerText();
  expect(received).toMatch(PERSIAN_DIGITS);
  expect(received).not.toMatch(/[0-9]/);
  const year = Number(new Intl.DateTimeFormat('en-u-ca-persian', { year: 'numeric' }).formatToParts(new Date()).find((p) => p.type === 'year')!.value);
  const persianYear = String(year).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
  await expect(page.locator('.table')).toContainText(persianYear);
  // The demo office keeps the Gregorian calendar: its date comes first (in Persian words and
  // digits), the Persian date beside it, as on the office's documents.
  await expect(page.locator('.table')).toContainText(/[۰-۹]{4}.*\([۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}\)/);

  // Remembered for this member of staff: sign out, forget the browser's choice, sign in again.
  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page.getByRole('heading', { name: 'ورود' })).toBeVisible();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await login(page, 'clerk');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'پرونده‌ها', level: 1 })).toBeVisible();
});

test('the login screen switches language at once', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  for (const [option, heading, lang] of [['Magyar', 'Bejelentkezés', 'hu'], ['Svenska', 'Logga in', 'sv'], ['Slovenčina', 'Prihlásenie', 'sk'], ['فارسی', 'ورود', 'fa']] as const) {
    await page.locator('.language-picker button').click();
    await page.getByRole('option', { name: option }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});
