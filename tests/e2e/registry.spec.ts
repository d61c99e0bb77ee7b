import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, login, api, apiLogin } from './fixtures';

// The civil registry look-up (issue 5) on the demo office's generated registry (10,000 persons,
// seed 2026): a clerk searches as they type and works the results by keyboard; opening a card
// asks what it is for (refused without a reason), the card shows the records and the family, a
// relative opens with the same reason, and Back to results finds the search as it was; a
// supervisor reads the audit those look-ups left, filters it and exports it as CSV.

const PURPOSE = 'Birth certificate for a passport application';

/** The search box: a combobox steering the results list. */
function searchBox(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Name, date of birth or record number' });
}

/** The option the search box points at (its active descendant). */
async function activeOption(page: Page): Promise<Locator> {
  const id = await searchBox(page).getAttribute('aria-activedescendant');
  expect(id, 'the search box has an active descendant').toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

test('a clerk looks a person up by keyboard, gives a reason, reads the card and the family, and comes back to the results', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  await login(page, 'clerk');
  const nav = page.locator('nav.sidebar');
  await expect(nav.getByRole('link', { name: 'Registry audit' })).toHaveCount(0);

  // Alt+R: the registry, its status, and the search box ready for typing.
  await page.keyboard.press('Alt+r');
  await expect(page).toHaveURL(/#\/registry$/);
  await expect(page.getByRole('heading', { name: 'Civil registry', level: 1 })).toBeVisible();
  await expect(page.locator('.registry-status-line')).toContainText(/^10,000 people, updated /);
  await expect(searchBox(page)).toBeFocused();
  await expect(page.getByText('Look someone up', { exact: true })).toBeVisible();

  // Search as you type: a prefix, ranked hits, a count.
  await page.keyboard.type('ko');
  const list = page.getByRole('listbox', { name: 'People found' });
  const options = list.getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(page.locator('.registry-count-line')).toHaveText(/^\d[\d,]* people(; the first 50 are listed)?$/);
  expect(await options.count()).toBeGreaterThan(3);
  await expect(searchBox(page)).toHaveAttribute('aria-expanded', 'true');

  // The best hit is selected at once; arrows move the selection and the focus stays in the box.
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(await activeOption(page)).toHaveId((await options.nth(2).getAttribute('id'))!);
  await page.keyboard.press('ArrowUp');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.first()).toHaveAttribute('aria-selected', 'false');
  await expect(searchBox(page)).toBeFocused();
  // A person with a parent in the registry, so that the card has family to open: moved to
  // by keyboard from where the selection is.
  const withParents = options.filter({ has: page.locator('.hit-parent') });
  await expect(withParents.first()).toBeVisible();
  const targetIndex = await options.evaluateAll((els, id) => els.findIndex((el) => el.id === id), await withParents.first().getAttribute('id'));
  expect(targetIndex).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('ArrowUp');
  for (let i = 0; i < targetIndex; i++) await page.keyboard.press('ArrowDown');
  const chosen = options.nth(targetIndex);
  await expect(chosen).toHaveAttribute('aria-selected', 'true');
  const name = (await chosen.locator('.person-full-name').innerText()).trim();

  // Enter asks what the look-up is for; Escape cancels and nothing is opened.
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'What is this look-up for?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(name);
  await expect(dialog.getByRole('textbox', { name: 'Case number' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(searchBox(page)).toBeFocused();
  await expect(chosen).toHaveAttribute('aria-selected', 'true');

  // No reason: refused, in words that say what to give; a purpose too short, an unknown case.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Open the card' }).click();
  const purpose = dialog.getByRole('textbox', { name: 'Purpose' });
  await expect(dialog.getByText('Give the case number or state the purpose of this look-up.')).toBeVisible();
  await expect(purpose).toHaveAttribute('aria-invalid', 'true');
  await expect(purpose).toBeFocused();
  await purpose.fill('ID');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('Please state the purpose in at least 5 characters.')).toBeVisible();
  await purpose.fill('');
  await dialog.getByRole('textbox', { name: 'Case number' }).fill('C-1999/99999');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('There is no case with this number on this workstation.')).toBeVisible();
  const token = await apiLogin(request, baseURL!, 'admin');
  const before = await api<{ total: number }>(request, baseURL!, 'registry_audit', { from: null, to: null, staff_id: null, person: null, offset: null, limit: 1 }, token);
  expect(before.body.total, 'refused look-ups leave no audit entry').toBe(0);

  // A purpose: the card opens, says what it was opened for, lists the records and the family.
  await dialog.getByRole('textbox', { name: 'Case number' }).fill('');
  await purpose.fill(PURPOSE);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/#\/registry\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const note = page.getByRole('complementary', { name: 'Why this card was opened' });
  await expect(note).toContainText('Opened for this purpose:');
  await expect(note).toContainText(PURPOSE);
  const records = page.getByRole('table', { name: 'Records' });
  await expect(records.getByRole('row').nth(1)).toBeVisible();
  await expect(records).toContainText('Birth');
  // Born here (a parent is in the registry): the birth record is theirs.
  const number = (await records.getByRole('row').filter({ hasText: 'Birth' }).first().locator('td .case-number').innerText()).trim();
  expect(number).toMatch(/^B-\d{4}-\d{5}$/);
  const family = page.getByRole('region', { name: 'Family' });
  await expect(family).toContainText(/Father|Mother/);

  // A relative opens with the same reason, without asking again: a look-up of its own.
  const relative = family.getByRole('button').first();
  const relativeName = (await relative.innerText()).trim();
  await relative.click();
  await expect(page.getByRole('heading', { name: relativeName, level: 1 })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Why this card was opened' })).toContainText(PURPOSE);
  const after = await api<{ total: number; entries: { person_name: string; purpose: string | null; staff_name: string }[] }>(
    request, baseURL!, 'registry_audit', { from: null, to: null, staff_id: null, person: null, offset: null, limit: 10 }, token,
  );
  expect(after.body.total).toBe(2);
  expect(after.body.entries.map((e) => e.person_name)).toEqual([relativeName, name]);
  expect(after.body.entries.every((e) => e.purpose === PURPOSE && e.staff_name === 'Peter Hudec')).toBe(true);

  // The browser's Back shows the first card again from memory (no new look-up).
  await page.goBack();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  // Back to results: the query as typed, the person opened still selected, the box focused.
  await page.getByRole('link', { name: 'Back to results' }).click();
  await expect(page).toHaveURL(/#\/registry$/);
  await expect(searchBox(page)).toHaveValue('ko');
  await expect(searchBox(page)).toBeFocused();
  await expect(await activeOption(page)).toContainText(name);
  await expect(await activeOption(page)).toHaveAttribute('aria-selected', 'true');
  // The remembered reason is offered again: one Enter opens the same person once more.
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('textbox', { name: 'Purpose' })).toHaveValue(PURPOSE);
  await page.keyboard.press('Escape');

  // A record number finds its person and says which record matched; a year reads as a period.
  await searchBox(page).fill(number);
  await expect(page.locator('.registry-count-line')).toHaveText('1 person');
  await expect(options.first()).toContainText(name);
  await expect(options.first().locator('.hit-record')).toContainText(number);
  await expect(page.locator('.registry-reading')).toHaveText(`Read as: record \u2066${number}\u2069`);
  await searchBox(page).fill('1987');
  await expect(page.locator('.registry-reading')).toHaveText('Read as: born 1 Jan 1987 – 31 Dec 1987');
  await searchBox(page).fill('zzzzqx');
  await expect(page.getByText('Nobody matches')).toBeVisible();
  await expect(searchBox(page)).toHaveAttribute('aria-expanded', 'false');
});

test('a supervisor reads the registry audit, filters it and exports it as CSV', async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  // A clerk's look-up first, through the API as the UI makes it.
  const clerk = await apiLogin(request, baseURL!, 'clerk');
  const found = await api<{ hits: { id: string; given_names: string; family_name: string }[] }>(request, baseURL!, 'search_registry', { text: 'ko', parent: null, limit: 5 }, clerk);
  expect(found.status).toBe(200);
  const person = found.body.hits[0]!;
  const name = `${person.given_names} ${person.family_name}`;
  const opened = await api(request, baseURL!, 'open_person', { person_id: person.id, case_number: null, purpose: PURPOSE }, clerk);
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  // The audit is for supervisors only.
  const refused = await api<{ code: string }>(request, baseURL!, 'registry_audit', { from: null, to: null, staff_id: null, person: null, offset: null, limit: 10 }, clerk);
  expect(refused.body.code).toBe('forbidden');

  await login(page, 'admin');
  await page.locator('nav.sidebar').getByRole('link', { name: 'Registry audit' }).click();
  await expect(page.getByRole('heading', { name: 'Registry audit', level: 1 })).toBeVisible();
  const table = page.getByRole('grid', { name: 'Registry look-ups, newest first' });
  const row = table.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Card opened');
  await expect(row).toContainText('Peter Hudec');
  await expect(row).toContainText(PURPOSE);
  await expect(row).toContainText('Workstation on its own');
  await expect(page.locator('.page-subtitle')).toContainText('1 look-up');

  // Filtered by a part of the person's name (diacritics do not matter), then by nobody's.
  const search = page.getByRole('searchbox', { name: 'Person looked up' });
  await search.fill(person.family_name.slice(0, 4).normalize('NFD').replace(/\p{M}/gu, ''));
  await expect(row).toHaveCount(1);
  await search.fill('zzzzqx');
  await expect(page.getByText('No look-ups match')).toBeVisible();
  await search.fill('');
  await expect(row).toHaveCount(1);

  // Export: the same entries as a CSV file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^registry-audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(lines[0]).toBe('id,at_local,action,staff,staff_id,workstation,person,person_birth_date,person_id,case_number,purpose,record_number,sync');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(name);
  expect(lines[1]).toContain(PURPOSE);
  expect(lines[1]).toContain('Peter Hudec');
});

test('the registry’s status: a progress bar while it downloads, a note while it has not come, the count once it is here', async ({ page }) => {
  // The demo registry is already here: the workstation's answers are stood in for while it
  // "downloads", then let through.
  let answer: 'empty' | 'downloading' | 'real' = 'empty';
  await page.route('**/api/registry_status', async (route) => {
    if (answer === 'real') return route.continue();
    const done = answer === 'downloading' ? 4000 : 0;
    const total = answer === 'downloading' ? 22318 : 0;
    await route.fulfill({ json: { state: answer, persons: done, records: 0, done, total, updated_at: null } });
  });
  await login(page, 'clerk');
  await page.goto('/#/registry');
  await expect(page.getByText('The registry has not arrived on this workstation yet')).toBeVisible();
  await expect(page.locator('.registry-status-line')).toHaveText('Not on this workstation yet');

  answer = 'downloading';
  await page.reload();
  const bar = page.getByRole('progressbar', { name: 'Downloading the registry: 4,000 of 22,318' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '4000');
  await expect(bar).toHaveAttribute('aria-valuemax', '22318');
  await expect(page.locator('.registry-status-line')).toHaveText('Downloading the registry…');

  // Asked again while downloading: done, the bar goes and the count comes.
  answer = 'real';
  await expect(bar).toHaveCount(0, { timeout: 5000 });
  await expect(page.locator('.registry-status-line')).toContainText('10,000 people');
});

test('a registrar prints an extract of a birth record from the card: a numbered ledger entry opens', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'gabor');
  // Gábor works in Hungarian; the test reads the English workstation.
  await page.locator('.topbar .language-picker button').click();
  await page.getByRole('option', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.goto('/#/registry');
  await searchBox(page).fill('ko');
  const options = page.getByRole('listbox', { name: 'People found' }).getByRole('option');
  // Someone born here (a parent is in the registry), so that the card has a birth record.
  const person = options.filter({ has: page.locator('.hit-parent') }).first();
  await expect(person).toBeVisible();
  const name = (await person.locator('.person-full-name').innerText()).trim();
  await person.click();
  const reason = page.getByRole('dialog', { name: 'What is this look-up for?' });
  await reason.getByRole('textbox', { name: 'Purpose' }).fill(PURPOSE);
  await reason.getByRole('button', { name: 'Open the card' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  const birth = page.getByRole('table', { name: 'Records' }).getByRole('row').filter({ hasText: 'Birth' }).first();
  await birth.getByRole('button', { name: 'Print extract' }).click();
  const dialog = page.getByRole('dialog', { name: 'Print an extract' });
  await expect(dialog.getByRole('textbox', { name: 'Issued to' })).toHaveValue(name);
  await expect(dialog).toContainText('Extract from the civil registry');
  // No name: refused in words that say what to give.
  await dialog.getByRole('textbox', { name: 'Issued to' }).fill('');
  await dialog.getByRole('button', { name: 'Issue the extract' }).click();
  await expect(dialog.getByText('Give the name of the person the extract is issued to.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Issued to' }).fill(name);
  await dialog.getByRole('button', { name: 'Issue the extract' }).click();

  // The new ledger entry, numbered, with the extract ready to print.
  await expect(page).toHaveURL(/#\/ledger\/[0-9a-f-]{36}$/);
  const number = (await page.locator('h1 .case-number-title').innerText()).trim();
  expect(number).toMatch(/^[A-Z]+-\d{4}\/\d+$/);
  await expect(page.locator('.ledger-entry')).toContainText(name);
});
