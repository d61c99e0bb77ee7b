import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, login, api, apiLogin, sessionToken } from './fixtures';

// A 1×1 PNG: the scanned original of a copy.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Entry {
  id: string;
  number: string;
  seal_url: string;
  status: string;
  printed: number;
}

/** Gábor works in Hungarian; the tests read the English workstation. */
async function switchTo(page: Page, option: 'English' | 'فارسی', lang: 'en' | 'fa') {
  await page.locator('.topbar .language-picker button').click();
  await page.getByRole('option', { name: option }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Every document is a GET of browser mode's one document route. */
const DOCUMENT_URL = /\/api\/document\?/;

/** Certifies a signature through the API (signed on the printed sheet), as Gábor. */
async function certifyByApi(request: APIRequestContext, baseURL: string, party = 'Mária Šimková'): Promise<Entry> {
  const token = await apiLogin(request, baseURL, 'gabor');
  const cat = await api<{ services: { id: string; code: string }[] }>(request, baseURL, 'catalogue', {}, token);
  const service = cat.body.services.find((s) => s.code === 'CERT-SIG');
  expect(service, 'the demo catalogue has CERT-SIG').toBeTruthy();
  const r = await api<Entry>(request, baseURL, 'certify', {
    kind: 'signature', party_name: party, party_birth_date: '1971-03-08', id_document_kind: 'passport',
    id_document_number: 'SK1234567', id_document_checked: true, document_description: 'Power of attorney for the sale of a car',
    document_language: 'Slovak', pages: 2, copies: 1, service_id: service!.id, case_number: null, second_locale: 'fa',
    original: null, signature_method: 'sheet', signature_png_base64: null, note: null,
  }, token);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function verify(page: Page, code: string) {
  await page.locator('nav.sidebar').getByRole('link', { name: 'Verify a seal' }).click();
  const field = page.getByRole('textbox', { name: 'Seal code or verification address' });
  await expect(field).toBeFocused();
  await field.fill(code);
  await page.keyboard.press('Enter');
}

/** The code part of a seal address: the run of code characters at its end. */
function tamper(sealUrl: string): string {
  const m = /[A-Za-z0-9_~-]+$/.exec(sealUrl);
  expect(m, `a code at the end of ${sealUrl}`).toBeTruthy();
  const start = m!.index;
  const code = m![0];
  const i = start + Math.floor(code.length / 2);
  const c = sealUrl[i]!;
  const swap = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-z]/.test(c) ? (c === 'a' ? 'b' : 'a') : /[A-Z]/.test(c) ? (c === 'A' ? 'B' : 'A') : c === '_' ? '-' : '_';
  return sealUrl.slice(0, i) + swap + sealUrl.slice(i + 1);
}

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad.length, `${screen}:\n${report}`).toBe(0);
}

test('a registrar certifies a copy, prints it, and its seal verifies as genuine, then as cancelled', async ({ page, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  await login(page, 'gabor');
  await switchTo(page, 'English', 'en');
  await page.locator('nav.sidebar').getByRole('link', { name: 'Certify' }).click();
  await expect(page.getByRole('heading', { name: 'Certify', level: 1 })).toBeVisible();

  // The act: a copy, under the catalogue's certified-copy service.
  await page.getByRole('radio', { name: 'A copy' }).check({ force: true });
  const service = page.getByRole('combobox', { name: /Service/ });
  await service.fill('CERT-COPY');
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('.field', { has: service })).toContainText('Fee:');

  // The person and the identity document.
  await page.locator('input[name="party_name"]').fill('Ľubomír Ďurčanský');
  await page.locator('input[name="id_document_number"]').fill('EA123456');
  await page.getByRole('checkbox', { name: /I checked the identity document/ }).check({ force: true });

  // The document, a second clause language, the scanned original.
  await page.locator('input[name="document_description"]').fill('Diploma, Comenius University in Bratislava');
  await page.locator('input[name="document_language"]').fill('Slovak');
  await page.getByRole('textbox', { name: /^Pages of each copy/ }).fill('2');
  await page.getByRole('textbox', { name: /^Certified copies/ }).fill('2');
  await page.getByRole('button', { name: /Clause also in/ }).click();
  await page.getByRole('option', { name: 'فارسی' }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'diploma-scan.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('.file-chip')).toContainText('diploma-scan.png');

  // The signature pad: keyboard-reachable with a name; drawn on with the mouse; Delete clears it.
  const pad = page.getByRole('img', { name: 'Signature pad' });
  await expect(pad).toBeVisible();
  const draw = async () => {
    // Mid-screen, clear of the sticky action bar at the bottom.
    await pad.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let i = 1; i <= 24; i++) await page.mouse.move(box.x + 40 + i * 14, box.y + box.height * 0.6 - Math.sin(i / 3) * 35, { steps: 2 });
    await page.mouse.up();
  };
  await draw();
  await expect(page.locator('.signature-state')).toHaveText('Signed');
  await pad.focus();
  await page.keyboard.press('Delete');
  await expect(page.locator('.signature-state')).toHaveText('Not signed yet');
  await draw();
  await expect(page.locator('.signature-state')).toHaveText('Signed');

  await page.getByRole('button', { name: 'Record in the ledger' }).click();

  // The new entry: its number, the clause in Slovak and (right to left) in Persian, the seal.
  await expect(page.locator('.paper')).toBeVisible();
  const number = (await page.locator('h1 .case-number-title').innerText()).trim();
  expect(number).toMatch(/^CE-\d{4}\/\d+$/);
  await expect(page.locator('.ledger-entry')).toContainText('Ľubomír Ďurčanský');
  await expect(page.locator('.clause[lang="fa"]')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('img', { name: /Seal of entry/ })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Signature of Ľubomír Ďurčanský' })).toBeVisible();
  await expect(page.locator('.attachment-list')).toContainText('diploma-scan.png');
  await expect(page.locator('.printed-count')).toHaveText(/Not printed yet/);
  const entryId = decodeURIComponent(new URL(page.url()).hash.replace('#/ledger/', ''));
  const sealUrl = (await page.locator('.seal-url-value').innerText()).trim();

  // Print two copies: the browser opens the printable PDF; catch the address it asks for.
  let printUrl = '';
  await page.context().route(DOCUMENT_URL, async (route) => {
    printUrl = route.request().url();
    await route.fulfill({ status: 204, body: '' });
  });
  await page.getByRole('textbox', { name: 'Copies to print' }).fill('2');
  await page.getByRole('button', { name: 'Print certified copy' }).click();
  await expect.poll(() => printUrl).toContain('/api/document?');
  await page.context().unroute(DOCUMENT_URL);
  const asked = new URL(printUrl);
  expect(JSON.parse(asked.searchParams.get('request')!)).toEqual({ kind: 'certified_copy', entry_id: entryId });
  expect(asked.searchParams.get('action')).toBe('print');
  expect(asked.searchParams.get('copies')).toBe('2');
  expect(asked.searchParams.get('token')).toBe(await sessionToken(page));

  // What the printer gets: a PDF with the number and the citizen, diacritics intact.
  const pdf = await page.request.get(`${baseURL}/api/document${asked.search}`);
  expect(pdf.status()).toBe(200);
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  mkdirSync(testInfo.outputDir, { recursive: true });
  const file = join(testInfo.outputDir, 'certified-copy.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(number);
  expect(text).toContain('Ľubomír Ďurčanský');

  // The print was recorded.
  await page.reload();
  await expect(page.locator('.printed-count')).toContainText('2 copies printed');

  // Anyone can check the seal: genuine, with what it certifies, and known here.
  await verify(page, sealUrl);
  const verdict = page.locator('.verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'genuine');
  await expect(verdict).toContainText('Genuine');
  await expect(page.locator('.seal-details')).toContainText(number);
  await expect(page.locator('.seal-details')).toContainText('Ľubomír Ďurčanský');
  await expect(page.locator('.entry-known')).toContainText('This act is in the ledger on this workstation.');

  // Cancel the act: a reason is required, then the entry says so and the seal follows.
  await page.goto(`/#/ledger/${encodeURIComponent(entryId)}`);
  await page.getByRole('button', { name: 'Cancel entry' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Cancel the entry' }).click();
  await expect(dialog.locator('textarea[name="reason"]')).toHaveAttribute('aria-invalid', 'true');
  await dialog.locator('textarea[name="reason"]').fill('The citizen brought the wrong diploma.');
  await dialog.getByRole('button', { name: 'Cancel the entry' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.case-head .badge')).toContainText('Cancelled');
  await expect(page.getByRole('button', { name: 'Print certified copy' })).toHaveCount(0);

  await verify(page, sealUrl);
  await expect(verdict).toHaveAttribute('data-verdict', 'cancelled');
  await expect(verdict).toContainText('Cancelled');
});

test('a clerk reads the ledger but cannot certify', async ({ page, request, baseURL }) => {
  const entry = await certifyByApi(request, baseURL!);
  await login(page, 'eva'); // Eva works in Slovak
  await expect(page.locator('html')).toHaveAttribute('lang', 'sk');
  const nav = page.locator('nav.sidebar');
  await expect(nav.getByRole('link', { name: 'Osvedčovacia kniha' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Overiť pečať' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Osvedčiť' })).toHaveCount(0);

  await nav.getByRole('link', { name: 'Osvedčovacia kniha' }).click();
  await expect(page.getByRole('heading', { name: 'Osvedčovacia kniha', level: 1 })).toBeVisible();
  const row = page.locator('.table .row', { hasText: entry.number });
  await expect(row).toContainText('Mária Šimková');
  await expect(row).toContainText('Platné');
  await expect(page.getByRole('link', { name: 'Osvedčiť' })).toHaveCount(0);

  // The ledger of this month prints: the browser opens the report for the period shown.
  let reportUrl = '';
  await page.context().route(DOCUMENT_URL, async (route) => {
    reportUrl = route.request().url();
    await route.fulfill({ status: 204, body: '' });
  });
  await page.getByRole('button', { name: 'Tlačiť knihu' }).click();
  await expect.poll(() => reportUrl).toContain('/api/document?');
  await page.context().unroute(DOCUMENT_URL);
  const report = new URL(reportUrl);
  const asked = JSON.parse(report.searchParams.get('request')!) as Record<string, string>;
  expect(asked.kind).toBe('ledger_report');
  expect(asked.from).toMatch(/^\d{4}-\d{2}-01$/);
  expect(asked.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(asked.locale).toBe('sk');
  expect(report.searchParams.get('action')).toBe('print');
  const pdf = await page.request.get(`${baseURL}/api/document${report.search}`);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');

  // The entry opens read-only: no correction, no cancellation, no scans to attach.
  await row.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(entry.number);
  await expect(page.locator('.entry-actions')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Priložiť podpísaný hárok/ })).toHaveCount(0);

  // The address says "not for you", and the core refuses a direct call.
  await page.goto('/#/certify');
  await expect(page.getByText('Táto časť vám nie je dostupná')).toBeVisible();
  const token = await apiLogin(request, baseURL!, 'eva');
  const r = await api<{ code: string }>(request, baseURL!, 'cancel_certification', { entry_id: entry.id, reason: 'Not allowed' }, token);
  expect(r.status).toBe(403);
  expect(r.body.code).toBe('forbidden');
});

test('a registrar corrects an entry: a new numbered entry replaces it, and the old seal says so', async ({ page, request, baseURL }) => {
  const entry = await certifyByApi(request, baseURL!, 'Zahra Ahmadi');
  await login(page, 'gabor');
  await switchTo(page, 'English', 'en');
  await page.goto(`/#/ledger/${encodeURIComponent(entry.id)}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(entry.number);

  await page.getByRole('button', { name: 'Correct entry' }).click();
  const dialog = page.getByRole('dialog');
  // The form comes filled in with the act on record.
  await expect(dialog.locator('input[name="corrected.party_name"]')).toHaveValue('Zahra Ahmadi');
  await expect(dialog.getByRole('radio', { name: 'Sign on the printed sheet' })).toBeChecked();
  await dialog.locator('input[name="corrected.document_description"]').fill('Power of attorney for the sale of a car (VW Golf, ZA-123AB)');
  await dialog.getByRole('button', { name: 'Record the correction' }).click();
  // A reason is needed, and the identity document is checked again.
  await expect(dialog.locator('textarea[name="reason"]')).toHaveAttribute('aria-invalid', 'true');
  await dialog.locator('textarea[name="reason"]').fill('The car’s registration number was missing.');
  await dialog.getByRole('button', { name: 'Record the correction' }).click();
  await expect(dialog.getByText('Please confirm that you checked the identity document.')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /I checked the identity document/ }).check({ force: true });
  await dialog.getByRole('button', { name: 'Record the correction' }).click();

  // The correction is an entry of its own that points back at the act it replaces.
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).not.toContainText(entry.number);
  await expect(page.locator('.case-head')).toContainText('Correction');
  await expect(page.locator('.case-head')).toContainText('VW Golf, ZA-123AB');
  await expect(page.locator('.banner-info')).toContainText('The car’s registration number was missing.');
  const correction = (await page.locator('h1 .case-number-title').innerText()).trim();
  await page.locator('.banner-info').getByRole('link', { name: entry.number }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(entry.number);
  await expect(page.locator('.case-head .badge')).toContainText('Corrected');
  await expect(page.locator('.banner-warning')).toContainText(correction);
  await expect(page.getByRole('button', { name: 'Correct entry' })).toHaveCount(0);

  await verify(page, entry.seal_url);
  await expect(page.locator('.verdict')).toHaveAttribute('data-verdict', 'corrected');
  await expect(page.locator('.verdict')).toContainText(correction);
});

test('an altered seal code is forged and garbage is not a seal code', async ({ page, request, baseURL }) => {
  const entry = await certifyByApi(request, baseURL!);
  await login(page, 'clerk');
  await page.locator('nav.sidebar').getByRole('link', { name: 'Verify a seal' }).click();
  const field = page.getByRole('textbox', { name: 'Seal code or verification address' });
  await expect(field).toBeFocused();
  const verdict = page.locator('.verdict');

  // A USB scanner types the code and ends with Enter.
  await page.keyboard.type(entry.seal_url);
  await page.keyboard.press('Enter');
  await expect(verdict).toHaveAttribute('data-verdict', 'genuine');

  // The next scan replaces the last one.
  await page.keyboard.type(tamper(entry.seal_url));
  await page.keyboard.press('Enter');
  await expect(verdict).toHaveAttribute('data-verdict', 'forged');
  await expect(verdict).toContainText('Forged');
  await expect(verdict).toContainText('altered or made up');

  await field.fill('hello, this is not a seal');
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(verdict).toHaveAttribute('data-verdict', 'malformed');
  await expect(verdict).toContainText('Not a seal code');
  await expect(page.locator('.seal-details')).toHaveCount(0);
});

test('the certification screens are accessible, in English and in Persian', async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const entry = await certifyByApi(request, baseURL!, 'Zahra Ahmadi');
  await login(page, 'gabor');

  for (const [option, lang] of [['English', 'en'], ['فارسی', 'fa']] as const) {
    await switchTo(page, option, lang);
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'fa' ? 'rtl' : 'ltr');

    await page.goto('/#/certify');
    await expect(page.locator('input[name="party_name"]')).toBeVisible();
    await expectNoSeriousViolations(page, `certify (${lang})`);
    await page.locator('form.intake-form button[type="submit"]').click();
    await expect(page.locator('input[name="party_name"]')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, `certify with errors (${lang})`);

    await page.goto('/#/ledger');
    await expect(page.locator('.table .row').first()).toBeVisible();
    await page.locator('.chain-check button').click();
    await expect(page.locator('.chain-result')).toBeVisible();
    await expectNoSeriousViolations(page, `ledger (${lang})`);

    await page.goto(`/#/ledger/${encodeURIComponent(entry.id)}`);
    await expect(page.locator('.paper')).toBeVisible();
    await expect(page.locator('.clause[lang="fa"]')).toHaveAttribute('dir', 'rtl');
    await expectNoSeriousViolations(page, `ledger entry (${lang})`);
    await page.locator('.entry-actions button').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousViolations(page, `correct entry dialog (${lang})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.goto('/#/verify');
    await page.locator('input[name="code"]').fill(entry.seal_url);
    await page.keyboard.press('Enter');
    await expect(page.locator('.verdict')).toHaveAttribute('data-verdict', 'genuine');
    await expectNoSeriousViolations(page, `verify (${lang})`);
  }
});

test('the Verify screen shows the office’s seal key, and once an admin sets the public address the QR code opens it', async ({ page, request, baseURL, browser }) => {
  // A desk on its own with no public address: the QR code holds okno:verify, which only Okno reads.
  const entry = await certifyByApi(request, baseURL!);
  expect(entry.seal_url).toMatch(/^okno:verify\?c=/);
  await login(page, 'admin');
  await page.goto('/#/verify');
  const card = page.locator('section.seal-keys');
  await expect(card.getByRole('heading', { name: 'The office’s seal keys' })).toBeVisible();
  await expect(card.locator('.seal-key[data-status="current"] .fingerprint')).toHaveText(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
  await expect(card).toContainText('No phone can open the QR codes printed here');
  await expect(card.locator('.seal-address')).toContainText('okno:verify?c=…');

  const field = card.getByRole('textbox', { name: 'Public address' });
  await field.fill('http://okno.example.sk');
  await card.getByRole('button', { name: 'Save address' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  await expect(card).toContainText('starts with https://');

  await field.fill('https://okno.example.sk/');
  await card.getByRole('button', { name: 'Save address' }).click();
  await expect(card.locator('.seal-address')).toContainText('https://okno.example.sk/verify?c=…');
  await expect(card.locator('.seal-address')).toContainText('https://okno.example.sk/.well-known/okno/seal-keys');
  await expect(card).not.toContainText('No phone can open');
  await expect(field).toHaveValue('https://okno.example.sk');

  // The entry printed before now carries the public address around the same code.
  const token = await apiLogin(request, baseURL!, 'gabor');
  const again = await api<Entry>(request, baseURL!, 'get_ledger_entry', { id: entry.id }, token);
  expect(again.body.seal_url).toBe(entry.seal_url.replace('okno:verify', 'https://okno.example.sk/verify'));

  // A clerk sees the keys and the address, but cannot change it.
  const other = await browser.newContext({ baseURL });
  const clerk = await other.newPage();
  await login(clerk, 'clerk');
  await clerk.goto('/#/verify');
  await expect(clerk.locator('section.seal-keys .fingerprint').first()).toBeVisible();
  await expect(clerk.locator('section.seal-keys .seal-address')).toContainText('https://okno.example.sk');
  await expect(clerk.locator('section.seal-keys input[name="public_address"]')).toHaveCount(0);
  await other.close();
});
