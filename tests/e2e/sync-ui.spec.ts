import type { Locator, Page } from '@playwright/test';
import { test, expect, login, api, apiLogin } from './fixtures';

interface CaseDetail {
  summary: { id: string; number: string; subject: string; priority: string };
  description: string;
  pending_sync: number;
  sync_issues: unknown[];
}

const ALL_CASES = { scope: 'all', status: null, service_id: null, assignee_id: null, overdue_only: false, text: null, limit: 1, offset: 0 };

/** The field is marked invalid and its message is among the texts that describe it. */
async function expectFieldError(page: Page, field: Locator, message: string) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect
    .poll(async () => {
      const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
      const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
      return texts.join(' | ');
    })
    .toContain(message);
}

test('on a workstation of its own the sync indicator says so quietly, and Sync now is disabled', async ({ page }) => {
  await login(page, 'clerk');
  const sync = page.locator('.topbar').getByRole('group', { name: 'Sync' });
  const indicator = sync.getByRole('button', { name: /This workstation works on its own/ });
  await expect(indicator).toBeVisible();
  await expect(sync.getByRole('button', { name: 'Sync now' })).toBeDisabled();

  // The details open from the keyboard and close with Escape, back on the indicator.
  await indicator.focus();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Sync' });
  await expect(details).toBeVisible();
  await expect(details).toContainText('It is not connected to an office server');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(indicator).toBeFocused();

  // It is there on every signed-in screen.
  for (const path of ['/#/new', '/#/filing', '/#/cases']) {
    await page.goto(path);
    await expect(page.locator('nav.sidebar')).toBeVisible();
    await expect(indicator).toBeVisible();
  }
});

test('a clerk edits a case’s subject with the keyboard and sees it at once', async ({ page, request, baseURL }) => {
  const token = await apiLogin(request, baseURL!, 'clerk');
  const list = await api<{ items: { id: string; number: string }[] }>(request, baseURL!, 'list_cases', ALL_CASES, token);
  const target = list.body.items[0]!;
  const before = (await api<CaseDetail>(request, baseURL!, 'get_case', { case_id: target.id }, token)).body;
  const subject = 'Replacement identity card – wallet lost on the bus';

  await login(page, 'clerk');
  await page.goto(`/#/cases/${target.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.number);
  await expect(page.locator('.case-subject')).toHaveText(before.summary.subject);
  // No server here: nothing waits to be synced, and the server has refused nothing.
  await expect(page.getByText('Not yet synced')).toHaveCount(0);

  const edit = page.getByRole('button', { name: 'Edit', exact: true });
  await edit.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toContainText(target.number);
  const field = dialog.locator('input[name="subject"]');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(before.summary.subject);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(subject);

  // Ctrl+Enter saves; only the changed field travels (edits merge field by field).
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/update_case'));
  await page.keyboard.press('Control+Enter');
  expect(((await sent).postDataJSON() as { args: unknown }).args).toEqual({ case_id: target.id, subject });
  await expect(dialog).toBeHidden();
  await expect(page.locator('.case-subject')).toHaveText(subject);
  await expect(page.locator('.toasts')).toContainText('Changes saved.');
  await expect(edit).toBeFocused();

  const after = (await api<CaseDetail>(request, baseURL!, 'get_case', { case_id: target.id }, token)).body;
  expect(after.summary.subject).toBe(subject);
  expect(after.summary.priority).toBe(before.summary.priority);
  expect(after.description).toBe(before.description);

  // Escape leaves the dialog without saving anything.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Not to be kept');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('.case-subject')).toHaveText(subject);
});

test('the conflicts screen is there for supervisors and admins, and empty on a workstation of its own', async ({ page }) => {
  await login(page, 'admin');
  const nav = page.locator('nav.sidebar');
  await nav.getByRole('link', { name: 'Conflicts' }).click();
  await expect(page).toHaveURL(/#\/conflicts$/);
  await expect(page.getByRole('heading', { name: 'Conflicts', level: 1 })).toBeVisible();
  await expect(page.getByText('No conflicts', { exact: true })).toBeVisible();
  await expect(page.locator('form.settle-form')).toHaveCount(0);

  // A clerk does not review conflicts: no link, and the address says so.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await login(page, 'clerk');
  await expect(nav.getByRole('link', { name: 'Conflicts' })).toHaveCount(0);
  await page.goto('/#/conflicts');
  await expect(page.getByText('This part is not available to you')).toBeVisible();
});

test.describe('joining an office server on an empty working copy', () => {
  test.use({ demo: false });

  test('refuses empty fields next to each field, in the UI’s language, and names an unreachable server', async ({ page, request, baseURL }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Okno' })).toBeVisible();
    await page.getByRole('button', { name: /Join an office server/ }).click();
    await expect(page.getByRole('heading', { name: 'Join an office server', level: 1 })).toBeVisible();
    const url = page.locator('input[name="server_url"]');
    const code = page.locator('input[name="code"]');
    const name = page.locator('input[name="device_name"]');
    await expect(url).toBeFocused();

    // Nothing filled in: refused here, each field says what it needs, focus on the first.
    await page.getByRole('button', { name: 'Join and download the office' }).click();
    await expect(page.getByRole('alert')).toContainText('Some details need attention.');
    await expectFieldError(page, url, 'Please enter the server’s address.');
    await expectFieldError(page, code, 'Please enter the enrolment code.');
    await expectFieldError(page, name, 'Please give this workstation a name.');
    await expect(url).toBeFocused();

    // The same in Slovak.
    await page.locator('.language-picker button').click();
    await page.getByRole('option', { name: 'Slovenčina' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'sk');
    await page.getByRole('button', { name: 'Pripojiť sa a stiahnuť údaje úradu' }).click();
    await expectFieldError(page, url, 'Zadajte, prosím, adresu servera.');
    await expectFieldError(page, code, 'Zadajte, prosím, registračný kód.');
    await expectFieldError(page, name, 'Pomenujte, prosím, túto pracovnú stanicu.');

    // Back in English: an address without its scheme is refused too.
    await page.locator('.language-picker button').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await url.fill('okno.example.org');
    await code.fill('7KQ2-M9XD');
    await name.fill('Desk 2');
    await page.getByRole('button', { name: 'Join and download the office' }).click();
    await expectFieldError(page, url, 'The address starts with https:// (or http://)');
    await expect(code).not.toHaveAttribute('aria-invalid', 'true');

    // Nothing listens on port 9: the server cannot be reached, and the address is to check.
    await url.fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Join and download the office' }).click();
    await expect(page.getByRole('alert')).toContainText('The office server cannot be reached.', { timeout: 30_000 });
    await expectFieldError(page, url, 'Check the address, and that this computer can reach the server.');
    await expect(url).toBeFocused();

    // Still a fresh working copy: the other ways in remain.
    const status = await api<{ initialized: boolean }>(request, baseURL!, 'setup_status', {}, null);
    expect(status.body.initialized).toBe(false);
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByRole('button', { name: /Set up your office/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /Load demo data/ })).toBeVisible();
  });
});
