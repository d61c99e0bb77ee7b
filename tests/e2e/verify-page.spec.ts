import AxeBuilder from '@axe-core/playwright';
import { test as base, expect } from '@playwright/test';
import { api, apiLogin, startWorkstation } from './fixtures';
import { startServer, type OfficeServer } from './server';

/**
 * The office server's public verification page, in Chromium: a workstation enrolled with a
 * real okno-server (over a fresh PostgreSQL database) certifies a copy and syncs; the page then
 * says genuine, a changed code forged, and after a cancellation, cancelled. axe-core clean in
 * English and Persian. Needs DATABASE_URL (scripts/test runs this under scripts/with-postgres).
 */
const test = base.extend<{ server: OfficeServer }>({
  server: async ({}, use) => {
    const s = await startServer();
    await use(s);
    s.stop();
  },
});

async function axeClean(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the public page tells genuine, forged and cancelled seals apart', async ({ page, request, server }) => {
  const { ws, stop } = await startWorkstation(false);
  try {
    const enrol = await api(request, ws.url, 'enrol_device', { server_url: server.url, code: server.code, device_name: 'Front desk 1' }, null);
    expect(enrol.status).toBe(200);
    const token = await apiLogin(request, ws.url, 'gabor');
    const cat = await api<{ services: Array<{ id: string; code: string }> }>(request, ws.url, 'catalogue', {}, token);
    const service = cat.body.services.find((s) => s.code === 'CERT-COPY')!.id;
    const made = await api<{ id: string; number: string; seal_url: string }>(request, ws.url, 'certify', {
      kind: 'copy', party_name: 'Ľubomír Ďurčanský', party_birth_date: null, id_document_kind: 'passport',
      id_document_number: 'P1234567', id_document_checked: true, document_description: 'Diplom – Univerzita Komenského',
      document_language: 'slovenčina', pages: 2, copies: 1, service_id: service, case_number: null, second_locale: 'fa',
      original: null, signature_method: 'sheet', signature_png_base64: null, note: null,
    }, token);
    expect(made.status).toBe(200);
    const sealUrl = made.body.seal_url;
    expect(sealUrl.startsWith(`${server.url}/verify?c=`)).toBe(true);

    // Before the workstation syncs, the seal is genuine but not yet in the central ledger.
    await page.goto(`${sealUrl}&lang=en`);
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'genuine');
    await expect(page.getByRole('status')).toContainText('not received this entry yet');

    await api(request, ws.url, 'sync_now', {}, token);
    await expect.poll(async () => {
      await page.goto(`${sealUrl}&lang=en`);
      return page.getByRole('status').textContent();
    }, { timeout: 15_000 }).toContain('Genuine: this certification was issued');
    await expect(page.getByText('Ľubomír Ďurčanský')).toBeVisible();
    await expect(page.getByText(made.body.number)).toBeVisible();
    await axeClean(page);

    // Persian, right to left, and the language links keep the code.
    await page.getByRole('link', { name: 'فارسی' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'genuine');
    await axeClean(page);

    // A code with one character changed, typed into the form.
    const code = new URL(sealUrl).searchParams.get('c')!;
    const mid = Math.floor(code.length / 2);
    const forged = code.slice(0, mid) + (code[mid] === 'A' ? 'B' : 'A') + code.slice(mid + 1);
    await page.goto(`${server.url}/verify?lang=en`);
    await page.getByLabel('Seal code').fill(forged);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'forged');
    await expect(page.getByRole('status')).toContainText('NOT GENUINE');
    await axeClean(page);

    // Cancelled at the desk and synced: the page says so, with the reason.
    const cancel = await api(request, ws.url, 'cancel_certification', { entry_id: made.body.id, reason: 'issued in error' }, token);
    expect(cancel.status).toBe(200);
    await api(request, ws.url, 'sync_now', {}, token);
    await expect.poll(async () => {
      await page.goto(`${sealUrl}&lang=en`);
      return page.locator('[data-verdict]').getAttribute('data-verdict');
    }, { timeout: 15_000 }).toBe('cancelled');
    await expect(page.getByText('issued in error')).toBeVisible();
    await axeClean(page);
  } finally {
    await stop();
  }
});
