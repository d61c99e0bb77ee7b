import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, login } from './fixtures';

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad.length, `${screen}:\n${report}`).toBe(0);
}

test.describe('first run', () => {
  test.use({ demo: false });
  test('setup screens are accessible', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Okno' })).toBeVisible();
    await expectNoSeriousViolations(page, 'setup choice');
    await page.getByRole('button', { name: /Set up your office/ }).click();
    await page.getByRole('button', { name: 'Create office and sign in' }).click();
    await expect(page.locator('input[name="office.name"]')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'setup form with errors');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: /Join an office server/ }).click();
    await page.getByRole('button', { name: 'Join and download the office' }).click();
    await expect(page.locator('input[name="server_url"]')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'join form with errors');
  });
});

test('every screen of the workstation is accessible', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoSeriousViolations(page, 'login');

  await login(page, 'admin');
  await page.getByRole('tab', { name: 'All' }).click();
  await expect(page.locator('.table .row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'cases');

  await page.goto('/#/new');
  await expect(page.locator('input[name="party.name"]')).toBeFocused();
  await expectNoSeriousViolations(page, 'new case');
  await page.getByRole('combobox', { name: /Service/ }).fill('identity');
  await expect(page.getByRole('option').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Register case' }).click();
  await expect(page.locator('input[name="party.name"]')).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousViolations(page, 'new case with errors');

  await page.goto('/#/cases');
  await page.locator('.table .row').first().click();
  await expect(page.locator('.case-head')).toBeVisible();
  await expectNoSeriousViolations(page, 'case detail');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'edit case dialog');
  await page.keyboard.press('Escape');
  await page.locator('.topbar').getByRole('button', { name: /works on its own/ }).click();
  await expect(page.getByRole('dialog', { name: 'Sync' })).toBeVisible();
  await expectNoSeriousViolations(page, 'sync details');
  await page.keyboard.press('Escape');

  await page.goto('/#/filing');
  await expect(page.getByRole('heading', { name: 'Filing registry', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Whole year' }).click();
  await expect(page.locator('.table .row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'filing registry');
  await page.getByRole('button', { name: 'Register document' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'register document dialog');
  await page.keyboard.press('Escape');

  await page.goto('/#/catalogue');
  await expect(page.locator('.table .row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'catalogue');
  await page.locator('.table .row').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'service editor');
  await page.keyboard.press('Escape');

  await page.goto('/#/staff');
  await expect(page.locator('.table .row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'staff');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'new staff dialog');
  await page.keyboard.press('Escape');

  await page.goto('/#/conflicts');
  await expect(page.getByRole('heading', { name: 'Conflicts', level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, 'conflicts');
});

test('the Persian case list is accessible', async ({ page }) => {
  await login(page, 'maryam');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('tab', { name: 'همه' }).click();
  await expect(page.locator('.table .row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'cases (fa)');
});

test('the civil registry, a person’s card and the registry audit are accessible, in English and Persian', async ({ page }) => {
  test.setTimeout(180_000);
  const lookUp = async (who: string, query: string, search: RegExp, open: RegExp, purpose: RegExp, text: string, signOut: string) => {
    await login(page, who);
    await page.goto('/#/registry');
    const box = page.getByRole('combobox', { name: search });
    await expect(box).toBeFocused();
    await expectNoSeriousViolations(page, `registry, nothing typed (${who})`);
    await box.fill(query);
    await expect(page.getByRole('option').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
    await expectNoSeriousViolations(page, `registry results (${who})`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: open }).click();
    await expect(dialog.getByRole('textbox', { name: purpose })).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, `purpose dialog with errors (${who})`);
    await dialog.getByRole('textbox', { name: purpose }).fill(text);
    await page.keyboard.press('Enter');
    await expect(page.locator('.person-head h1')).toBeVisible();
    await expectNoSeriousViolations(page, `person card (${who})`);
    await page.getByRole('button', { name: signOut, exact: true }).click();
  };
  await lookUp('clerk', 'ko', /^Name, date of birth/, /^Open the card$/, /^Purpose/, 'Accessibility check of the card', 'Sign out');
  await lookUp('maryam', 'رحیمی', /^نام، تاریخ تولد/, /^باز کردن کارت$/, /^هدف/, 'بررسی دسترس‌پذیری کارت', 'خروج');

  await login(page, 'maryam');
  await page.goto('/#/registry-audit');
  await expect(page.locator('.audit-table .row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'registry audit (fa)');
  await page.getByRole('button', { name: 'خروج', exact: true }).click();
  await login(page, 'admin');
  await page.goto('/#/registry-audit');
  await expect(page.locator('.audit-table .row')).toHaveCount(2);
  await expectNoSeriousViolations(page, 'registry audit');
});
