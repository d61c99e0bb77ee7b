import { test, expect, login, api, apiLogin, sessionToken } from './fixtures';

interface CaseDetail {
  summary: { id: string; number: string; status: string; priority: string; channel: string; private_conversation: boolean };
  party: { name: string; birth_date: string | null; phone: string | null };
  checklist: { presented: boolean }[];
  events: { kind: string; from_status: string | null; to_status: string | null; note: string | null }[];
}

test('a clerk registers a case with the keyboard only, finds it, and moves it on', async ({ page, request, baseURL }) => {
  await login(page, 'eva'); // Eva works in Slovak
  await expect(page.locator('html')).toHaveAttribute('lang', 'sk');
  const kb = page.keyboard;

  // Alt+N opens the intake with the cursor in the citizen's name.
  await kb.press('Alt+KeyN');
  await expect(page.getByRole('heading', { name: 'Nový prípad', level: 1 })).toBeVisible();
  await expect(page.locator('input[name="party.name"]')).toBeFocused();
  await kb.type('Ľubica Šťastná');

  // Date of birth, typed into the Slovak day. month. year segments.
  await kb.press('Tab');
  await expect(page.getByRole('spinbutton').first()).toBeFocused();
  await kb.type('15031985');
  await kb.press('Tab');
  await expect(page.locator('input[name="party.phone"]')).toBeFocused();
  await kb.type('+421 905 111 222');
  await kb.press('Tab'); // email
  await kb.press('Tab'); // address
  await kb.press('Tab'); // service

  // Type-ahead over the catalogue, pick with the arrow and Enter.
  await expect(page.getByRole('combobox', { name: /Služba/ })).toBeFocused();
  await kb.type('rodn');
  await expect(page.getByRole('option', { name: /Duplikát rodného listu/ })).toBeVisible();
  await kb.press('ArrowDown');
  await kb.press('Enter');
  await expect(page.getByRole('combobox', { name: /Služba/ })).toHaveValue('Duplikát rodného listu');
  await expect(page.locator('.summary-card')).toContainText('5,00');

  // The checklist: Space ticks the identity card.
  await kb.press('Tab');
  const idCard = page.getByRole('checkbox', { name: 'Občiansky preukaz alebo pas' });
  await expect(idCard).toBeFocused();
  await kb.press('Space');
  await expect(idCard).toBeChecked();

  // Channel stays "in person"; priority moves to "high" with the arrow key.
  await kb.press('Tab');
  await expect(page.getByRole('radio', { name: 'Osobne' })).toBeFocused();
  await kb.press('Tab');
  await expect(page.getByRole('radio', { name: 'Bežná' })).toBeFocused();
  await kb.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Vysoká' })).toBeChecked();
  await kb.press('Tab');
  await expect(page.getByRole('checkbox', { name: /Dôverný rozhovor/ })).toBeFocused();
  await kb.press('Tab');
  await expect(page.locator('input[name="subject"]')).toBeFocused();
  await kb.type('Stratený rodný list');
  await kb.press('Tab');
  await kb.type('Občianka potrebuje duplikát pre úrad práce.');

  // Ctrl+Enter registers from anywhere in the form.
  await kb.press('Control+Enter');
  const heading = page.getByRole('heading', { name: /Prípad zaevidovaný/ });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  const number = (await page.locator('.case-number-big').innerText()).trim();
  expect(number).toMatch(/^C-\d{4}\/\d{5}$/);

  // The case as the workstation stored it.
  const token = await sessionToken(page);
  const found = await api<{ items: { id: string; number: string }[]; total: number }>(request, baseURL!, 'list_cases',
    { scope: 'all', status: null, service_id: null, assignee_id: null, overdue_only: false, text: number, limit: 5, offset: 0 }, token);
  expect(found.body.total).toBe(1);
  const stored = await api<CaseDetail>(request, baseURL!, 'get_case', { case_id: found.body.items[0]!.id }, token);
  expect(stored.body.party).toMatchObject({ name: 'Ľubica Šťastná', birth_date: '1985-03-15', phone: '+421 905 111 222' });
  expect(stored.body.summary).toMatchObject({ priority: 'high', channel: 'walk_in', private_conversation: false, status: 'received' });
  expect(stored.body.checklist.map((c) => c.presented)).toEqual([true]);

  // Find it in the list by its number ("/" jumps to the search box).
  await kb.press('Alt+KeyC');
  await expect(page.getByRole('heading', { name: 'Prípady', level: 1 })).toBeVisible();
  await kb.press('/');
  await expect(page.locator('input[name="text"]')).toBeFocused();
  await kb.type(number);
  const rows = page.locator('.table .row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(number);
  await expect(rows.first()).toContainText('Ľubica Šťastná');
  await rows.first().click();

  // The case: received → in progress, with a note, and the history says so.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
  await expect(page.locator('.case-head .badge')).toHaveText('Prijatý');
  await page.getByRole('button', { name: 'V riešení' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Presunúť do stavu „V riešení“' })).toBeVisible();
  await dialog.locator('textarea[name="note"]').fill('Overujem údaje v matrike.');
  await dialog.getByRole('button', { name: 'Zmeniť stav' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.case-head .badge')).toHaveText('V riešení');
  const latest = page.locator('.timeline .event').first();
  await expect(latest).toContainText('Zmena stavu');
  await expect(latest.locator('.badge')).toHaveText(['Prijatý', 'V riešení']);
  await expect(latest).toContainText('Overujem údaje v matrike.');
  await expect(latest).toContainText('Eva Nováková');

  const after = await api<CaseDetail>(request, baseURL!, 'get_case', { case_id: found.body.items[0]!.id }, await apiLogin(request, baseURL!, 'clerk'));
  expect(after.body.summary.status).toBe('in_progress');
  expect(after.body.events.some((e) => e.kind === 'status_changed' && e.from_status === 'received' && e.to_status === 'in_progress')).toBe(true);
});

test('an empty intake names what is missing next to each field and registers nothing', async ({ page, request, baseURL }) => {
  const token = await apiLogin(request, baseURL!, 'clerk');
  const all = { scope: 'all', status: null, service_id: null, assignee_id: null, overdue_only: false, text: null, limit: 1, offset: 0 };
  const before = (await api<{ total: number }>(request, baseURL!, 'list_cases', all, token)).body.total;

  await login(page, 'clerk');
  await page.locator('nav.sidebar').getByRole('link', { name: /New case/ }).click();
  await page.locator('input[name="party.email"]').fill('not-an-email');
  await page.getByRole('button', { name: 'Register case' }).click();

  await expect(page.getByRole('alert')).toContainText('Some details need attention.');
  const expectError = async (selector: string | import('@playwright/test').Locator, message: string) => {
    const field = typeof selector === 'string' ? page.locator(selector) : selector;
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(texts.join(' | ')).toContain(message);
  };
  await expectError('input[name="party.name"]', 'Please fill this in.');
  await expectError('input[name="party.email"]', 'This does not look right. Please check it.');
  await expectError('input[name="subject"]', 'Please fill this in.');
  await expectError(page.getByRole('combobox', { name: /Service/ }), 'Please fill this in.');
  // Focus goes to the first field to fix.
  await expect(page.locator('input[name="party.name"]')).toBeFocused();

  const after = (await api<{ total: number }>(request, baseURL!, 'list_cases', all, token)).body.total;
  expect(after).toBe(before);

  // Fixing a field and submitting again registers the case.
  await page.locator('input[name="party.name"]').fill('Peter Kráľ');
  await page.locator('input[name="party.email"]').fill('peter.kral@example.sk');
  // Typed as a clerk types: the list the field opens on focus closes if the page scrolls the
  // field clear of the action bar, and reopens with the first key.
  await page.getByRole('combobox', { name: /Service/ }).click();
  await page.keyboard.type('WASTE');
  await expect(page.getByRole('option', { name: /Municipal waste fee assessment/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('input[name="subject"]').fill('Waste fee for a new flat');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: /Case registered/ })).toBeVisible();
  const final = (await api<{ total: number }>(request, baseURL!, 'list_cases', all, token)).body.total;
  expect(final).toBe(before + 1);
});
