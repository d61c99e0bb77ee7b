import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, expect, login } from './fixtures';

test('the intake receipt saves as a PDF with the number, the citizen and the service', async ({ page }, testInfo) => {
  await login(page, 'clerk');
  await page.locator('nav.sidebar').getByRole('link', { name: /New case/ }).click();
  await page.locator('input[name="party.name"]').fill('Ľubomír Ďurčanský');
  await page.getByRole('combobox', { name: /Service/ }).fill('birth');
  await expect(page.getByRole('option', { name: /Duplicate birth certificate/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('input[name="subject"]').fill('Duplicate for a pension claim');
  await page.getByRole('button', { name: 'Register case' }).click();
  await expect(page.getByRole('heading', { name: /Case registered/ })).toBeVisible();
  const number = (await page.locator('.case-number-big').innerText()).trim();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save receipt as PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/i);
  const file = join(testInfo.outputDir, 'receipt.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(number);
  expect(text).toContain('Ľubomír Ďurčanský');
  expect(text).toContain('Duplicate birth certificate');
});
