import { test, expect, login, api, apiLogin } from './fixtures';

// A 1×1 PNG, as a scanner might send a (very small) page.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('an incoming document linked to a case gets its registry number and shows in the register', async ({ page, request, baseURL }) => {
  const token = await apiLogin(request, baseURL!, 'clerk');
  const cases = await api<{ items: { id: string; number: string }[] }>(request, baseURL!, 'list_cases',
    { scope: 'all', status: null, service_id: null, assignee_id: null, overdue_only: false, text: null, limit: 1, offset: 0 }, token);
  const target = cases.body.items[0]!;

  await login(page, 'clerk');
  await page.keyboard.press('Alt+KeyF');
  await expect(page.getByRole('heading', { name: 'Filing registry', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Register document' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Sender')).toBeFocused();

  // The counterpart's label follows the direction.
  await dialog.getByRole('radio', { name: 'Outgoing' }).check({ force: true });
  await expect(dialog.getByLabel('Addressee')).toBeVisible();
  await dialog.getByRole('radio', { name: 'Incoming' }).check({ force: true });

  await dialog.getByLabel('Sender').fill('Okresný úrad Žilina, odbor živnostenského podnikania');
  await dialog.locator('input[name="subject"]').fill('Vyjadrenie k žiadosti');
  await dialog.getByRole('textbox', { name: /^Pages/ }).fill('3');
  await dialog.getByRole('textbox', { name: /^Enclosures/ }).fill('1');

  // A case number that does not exist is refused next to its field.
  await dialog.locator('input[name="case_number"]').fill('C-1999/99999');
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(dialog.getByText('There is no case with this number.')).toBeVisible();
  await expect(dialog.locator('input[name="case_number"]')).toHaveAttribute('aria-invalid', 'true');

  await dialog.locator('input[name="case_number"]').fill(target.number);
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: 'Document registered' })).toBeVisible();
  const number = (await dialog.locator('.filing-done-number').innerText()).replace('Registered as', '').trim();
  expect(number).toMatch(/^F-\d{4}\/\d{5}$/);

  // Scans attach to the new entry.
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'scan-page-1.png', mimeType: 'image/png', buffer: PNG });
  await expect(dialog.locator('.attachment-list')).toContainText('scan-page-1.png');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // In today's register, linked to the case.
  const row = page.locator('.table .row', { hasText: number });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Incoming');
  await expect(row).toContainText('Okresný úrad Žilina');
  await expect(row).toContainText('1 scan');
  await expect(row.getByRole('link', { name: target.number })).toBeVisible();

  // And the case knows about it.
  await row.getByRole('link', { name: target.number }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.number);
  await expect(page.locator('.filing-links')).toContainText(number);
  await expect(page.locator('.timeline')).toContainText('Document registered in the filing registry');
});
