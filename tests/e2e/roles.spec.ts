import { test, expect, login, api, apiLogin } from './fixtures';

test('a cashier sees no intake and the workstation refuses it when asked directly', async ({ page, request, baseURL }) => {
  await login(page, 'asa'); // Åsa works in Swedish
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  const nav = page.locator('nav.sidebar');
  await expect(nav.getByRole('link', { name: /Ärenden/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /Diarium/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /Nytt ärende/ })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: /Katalog/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Nytt ärende/ })).toHaveCount(0);

  // The shortcut does nothing, the address says "not for you".
  await page.keyboard.press('Alt+KeyN');
  await expect(page.getByRole('heading', { name: 'Ärenden', level: 1 })).toBeVisible();
  await page.goto('/#/new');
  await expect(page.getByText('Den här delen är inte tillgänglig för dig')).toBeVisible();
  await page.goto('/#/filing');
  await expect(page.getByRole('button', { name: 'Diarieför handling' })).toHaveCount(0);

  // No status changes on a case either.
  await page.goto('/#/cases');
  await page.getByRole('tab', { name: 'Alla' }).click();
  await page.locator('.table .row').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('C-');
  await expect(page.locator('.status-card')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: /anteckning/i })).toHaveCount(0);

  // The core enforces it: a direct call is forbidden.
  const token = await apiLogin(request, baseURL!, 'asa');
  const cat = await api<{ services: { id: string }[] }>(request, baseURL!, 'catalogue', {}, token);
  const r = await api<{ code: string }>(request, baseURL!, 'register_case', {
    party: { name: 'Test Testsson', birth_date: null, phone: null, email: null, address: null },
    service_id: cat.body.services[0]!.id, channel: 'walk_in', subject: 'Should not work', description: '',
    priority: 'normal', private_conversation: false, documents_presented: [],
  }, token);
  expect(r.status).toBe(403);
  expect(r.body.code).toBe('forbidden');
});
