import { test, expect, api } from './fixtures';

test.describe('first run on an empty working copy', () => {
  test.use({ demo: false });

  test('setting up the office creates the office and its administrator and signs in', async ({ page, request, baseURL }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Okno' })).toBeVisible();
    await page.getByRole('button', { name: /Set up your office/ }).click();
    await expect(page.getByRole('heading', { name: 'Set up your office' })).toBeVisible();

    // Submitting too early names what is missing, next to each field.
    await page.getByRole('button', { name: 'Create office and sign in' }).click();
    const name = page.locator('input[name="office.name"]');
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toBeFocused();
    await expect(page.locator('input[name="admin.password"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('The password needs at least 8 characters.')).toBeVisible();

    await name.fill('Obecný úrad Višňové – Klientske centrum');
    await page.locator('input[name="office.address"]').fill('Višňové 1, 013 23 Višňové');
    await page.locator('input[name="admin.display_name"]').fill('Katarína Ďurišová');
    await page.locator('input[name="admin.username"]').fill('katka');
    await page.locator('input[name="admin.password"]').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create office and sign in' }).click();

    // Signed in: the shell shows the office and the administrator.
    await expect(page.locator('.topbar')).toContainText('Obecný úrad Višňové – Klientske centrum');
    await expect(page.locator('.topbar')).toContainText('Katarína Ďurišová');
    await expect(page.getByRole('link', { name: /Catalogue/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /Staff/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();

    const status = await api<{ initialized: boolean; office_name: string; demo: boolean }>(request, baseURL!, 'setup_status', {}, null);
    expect(status.body).toEqual({ initialized: true, office_name: 'Obecný úrad Višňové – Klientske centrum', demo: false });
    const again = await api<{ token: string; staff: { roles: string[] } }>(request, baseURL!, 'login', { username: 'katka', password: 'correct horse battery' }, null);
    expect(again.status).toBe(200);
    expect(again.body.staff.roles).toContain('admin');
  });

  test('loading the demo office leads to the login with the demo accounts', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: /Load demo data/ }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('Mestský úrad Rajec – Klientske centrum')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Demo office' })).toBeVisible();
    await expect(page.getByText(/Every demo account’s password is okno-demo/)).toBeVisible();
    // A demo account fills in with one press.
    await page.getByRole('button', { name: 'Fill in the demo account eva' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Eva works in Slovak.
    await expect(page.locator('html')).toHaveAttribute('lang', 'sk');
    await expect(page.getByRole('heading', { name: 'Prípady', level: 1 })).toBeVisible();
  });
});
