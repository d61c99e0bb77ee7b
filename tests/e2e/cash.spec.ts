import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, login, api, apiLogin, sessionToken, repoRoot } from './fixtures';

/**
 * The cash desk in Chromium, by keyboard alone: a clerk's case has a fee due; the cashier opens a
 * session with a float, finds the case by its number, takes the fee in cash (the change shown as
 * the amount is typed), prints the receipt, takes a walk-up payment and voids it with a reason,
 * counts the drawer with a small difference and closes; a supervisor (in Persian) signs the
 * session off. axe-core clean in English and Persian.
 */

const DOCUMENT_URL = /\/api\/document\?/;

async function axeClean(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${screen} · ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Gives a control the focus and presses Enter on it (no pointer). */
async function press(target: Locator) {
  await target.focus();
  await target.page().keyboard.press('Enter');
}

/** Gives a field the focus and types into it (no pointer). */
async function typeInto(target: Locator, text: string) {
  await target.focus();
  await target.page().keyboard.press('ControlOrMeta+A');
  await target.page().keyboard.type(text);
}

/** A text as a regular expression that matches it literally. */
const literally = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));

/** What the UI asked the host to print next: the document request and what was done with it. */
async function nextDocument(page: Page, act: () => Promise<void>): Promise<{ request: Record<string, unknown>; action: string | null; url: string }> {
  let asked = '';
  await page.context().route(DOCUMENT_URL, async (route) => {
    asked = route.request().url();
    await route.fulfill({ status: 204, body: '' });
  });
  await act();
  await expect.poll(() => asked).toContain('/api/document?');
  await page.context().unroute(DOCUMENT_URL);
  const url = new URL(asked);
  return { request: JSON.parse(url.searchParams.get('request')!) as Record<string, unknown>, action: url.searchParams.get('action'), url: asked };
}

test('a cashier takes a fee in cash, prints the receipt, voids a walk-up payment, counts and closes; a supervisor signs off', async ({ page, request, baseURL }, testInfo) => {
  test.setTimeout(180_000);

  // The office: any counted difference needs a supervisor (so that a small one shows the sign-off).
  const admin = await apiLogin(request, baseURL!, 'admin');
  const settings = await api<Record<string, unknown>>(request, baseURL!, 'cash_settings', {}, admin);
  expect(settings.status).toBe(200);
  expect((await api(request, baseURL!, 'save_cash_settings', { ...settings.body, difference_threshold_minor: 0 }, admin)).status).toBe(200);

  // A clerk registers a case whose service has a fee (BUILD: €10.00 in the demo catalogue).
  const clerk = await apiLogin(request, baseURL!, 'clerk');
  const cat = await api<{ services: { id: string; code: string; fee_minor: number }[] }>(request, baseURL!, 'catalogue', {}, clerk);
  const build = cat.body.services.find((s) => s.code === 'BUILD')!;
  expect(build.fee_minor).toBe(1000);
  const made = await api<{ summary: { number: string } }>(request, baseURL!, 'register_case', {
    party: { name: 'Ľubomír Ďurčanský', birth_date: null, phone: null, email: null, address: null },
    service_id: build.id, channel: 'walk_in', subject: 'Garden shed at the back of the house', description: '',
    priority: 'normal', private_conversation: false, documents_presented: [],
  }, clerk);
  expect(made.status).toBe(200);
  const caseNumber = made.body.summary.number;

  // Åsa, the demo's cashier, works in Swedish: in English for this test.
  const asa = await apiLogin(request, baseURL!, 'asa');
  expect((await api(request, baseURL!, 'set_locale', { locale: 'en' }, asa)).status).toBe(200);
  await login(page, 'asa');

  // Alt+P leads to the cash desk; no session is open yet.
  await page.keyboard.press('Alt+KeyP');
  await expect(page.getByRole('heading', { level: 1, name: 'Cash desk' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No cash session is open at this desk' })).toBeVisible();
  await axeClean(page, 'cash desk, no session');

  // Open a session with a float of €100 (typed with a decimal comma).
  await typeInto(page.getByRole('textbox', { name: /Opening float/ }), '100,00');
  await page.keyboard.press('Enter');
  const sessionCard = page.locator('.cash-session');
  await expect(sessionCard.getByRole('heading', { name: 'Cash session' })).toBeVisible();
  await expect(sessionCard.locator('.cash-expected')).toContainText('€100.00');

  // "/" goes to the search box: find the case by its number.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: /Ticket, case or certification number, or name/ })).toBeFocused();
  await page.keyboard.type(caseNumber);
  await page.keyboard.press('Enter');
  await expect(page.locator('.cash-due-count')).toContainText('1 result for');
  const match = page.locator('.cash-match').filter({ hasText: caseNumber });
  await expect(match.getByRole('checkbox', { name: literally(`Pay ${caseNumber}`) })).toBeChecked();
  await expect(match).toContainText('Due');
  await axeClean(page, 'what is due');

  // Take it in cash: the amount tendered has the focus; the change shows as it is typed.
  await press(match.getByRole('button', { name: 'Take payment · €10.00' }));
  const pay = page.getByRole('dialog', { name: 'Take payment of €10.00' });
  await expect(pay.getByRole('textbox', { name: /Amount tendered/ })).toBeFocused();
  await page.keyboard.type('2');
  await expect(pay.locator('.cash-short-line')).toHaveText('€8.00 still missing');
  await page.keyboard.type('0');
  await expect(pay.locator('.cash-change-line')).toHaveText('Change: €10.00');
  await axeClean(page, 'take payment');
  await page.keyboard.press('Enter');
  const done = page.getByRole('dialog', { name: 'Payment taken' });
  await expect(done.locator('.cash-change-big')).toHaveText('Give back €10.00');
  const receipt = done.locator('.cash-receipt');
  const receiptNumber = (await receipt.getAttribute('data-receipt'))!;
  await expect(receipt.getByRole('heading', { name: literally(`Receipt ${receiptNumber}`) })).toBeFocused();
  await expect(receipt).toContainText(caseNumber);
  await expect(receipt.locator('.cash-totals')).toContainText('€20.00');
  await axeClean(page, 'receipt');

  // Print it on the 80 mm roll: the document the UI asks for, and what the printer gets.
  const printed = await nextDocument(page, () => press(receipt.getByRole('button', { name: 'Print receipt (80 mm)' })));
  expect(printed.request).toMatchObject({ kind: 'cash_receipt', paper: 'roll80' });
  expect(printed.request.receipt_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(printed.action).toBe('print');
  expect(new URL(printed.url).searchParams.get('token')).toBe(await sessionToken(page));
  const pdf = await page.request.get(printed.url);
  expect(pdf.status()).toBe(200);
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  mkdirSync(testInfo.outputDir, { recursive: true });
  const file = join(testInfo.outputDir, 'receipt.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(receiptNumber);
  expect(text).toContain(caseNumber);
  await press(done.getByRole('button', { name: 'Done' }));
  await expect(done).toBeHidden();
  await expect(match).toContainText('Paid');

  // A walk-up payment: a certified copy (€1.50) paid on its own, in cash.
  await press(page.getByRole('button', { name: 'Walk-up payment' }));
  const walkUp = page.getByRole('dialog', { name: 'Walk-up payment' });
  await walkUp.getByRole('combobox', { name: /Service/ }).focus();
  await page.keyboard.type('Certified copy');
  await expect(page.getByRole('option', { name: /Certified copy of a document/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(walkUp.locator('.cash-walkup-total')).toHaveText('Total: €1.50');
  await press(walkUp.getByRole('button', { name: 'Continue to payment' }));
  const payWalkUp = page.getByRole('dialog', { name: 'Take payment of €1.50' });
  await expect(payWalkUp.getByRole('textbox', { name: /Amount tendered/ })).toBeFocused();
  await page.keyboard.type('1.50');
  await page.keyboard.press('Enter');
  const walkUpReceipt = page.getByRole('dialog', { name: 'Payment taken' }).locator('.cash-receipt');
  const walkUpNumber = (await walkUpReceipt.getAttribute('data-receipt'))!;
  expect(walkUpNumber).not.toBe(receiptNumber);
  await press(page.getByRole('dialog', { name: 'Payment taken' }).getByRole('button', { name: 'Done' }));
  await expect(sessionCard.locator('.cash-expected')).toContainText('€111.50');

  // The journal: void the walk-up payment, with a reason (required).
  await press(page.getByRole('tab', { name: 'Journal' }));
  const journal = page.getByRole('table', { name: 'Receipt journal' });
  await expect(journal.locator(`tr[data-receipt="${walkUpNumber}"]`)).toBeVisible();
  await expect(journal.locator(`tr[data-receipt="${receiptNumber}"]`)).toBeVisible();
  await axeClean(page, 'journal');
  await press(journal.getByRole('button', { name: `Void receipt ${walkUpNumber}` }));
  const voiding = page.getByRole('dialog', { name: `Void receipt ${walkUpNumber}` });
  const reason = voiding.getByRole('textbox', { name: /Reason/ });
  await expect(reason).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(voiding).toContainText('Please fill this in.');
  await axeClean(page, 'void dialog with errors');
  await page.keyboard.type('Taken twice by mistake');
  await page.keyboard.press('Control+Enter');
  const voided = page.getByRole('dialog', { name: 'Payment voided' });
  await expect(voided.locator('.cash-receipt')).toContainText(walkUpNumber);
  await expect(voided.locator('.cash-receipt')).toContainText('Taken twice by mistake');
  await press(voided.getByRole('button', { name: 'Done' }));
  await expect(journal.locator(`tr[data-receipt="${walkUpNumber}"]`)).toContainText('Voided');
  await expect(journal.getByRole('button', { name: `Void receipt ${walkUpNumber}` })).toHaveCount(0);

  // Count the drawer: €110.20 where €110.00 is expected (float + the fee; the walk-up is voided).
  await press(page.getByRole('tab', { name: 'Desk' }));
  await expect(sessionCard.locator('.cash-expected')).toContainText('€110.00');
  await press(sessionCard.getByRole('button', { name: 'Count and close' }));
  const count = page.getByRole('dialog', { name: 'Count and close the session' });
  await expect(count.getByRole('textbox', { name: '€200.00', exact: true })).toBeFocused();
  await typeInto(count.getByRole('textbox', { name: '€100.00', exact: true }), '1');
  await typeInto(count.getByRole('textbox', { name: '€10.00', exact: true }), '1');
  await typeInto(count.getByRole('textbox', { name: '€0.20', exact: true }), '1');
  const summary = count.locator('.cash-count-summary');
  await expect(summary).toContainText('€110.20');
  await expect(summary).toContainText('+€0.20');
  await expect(count).toContainText('a supervisor will have to sign the session off');
  await axeClean(page, 'count dialog');
  await typeInto(count.getByRole('textbox', { name: /Note/ }), 'One 20-cent coin more than expected');
  await page.keyboard.press('Control+Enter');
  await expect(count).toBeHidden();
  const closed = page.locator('.cash-closed');
  await expect(closed.getByRole('heading', { name: 'Session counted' })).toBeFocused();
  await expect(closed).toContainText('A supervisor must sign off this session');
  await expect(closed).toContainText('+€0.20');
  const zReport = await nextDocument(page, () => press(closed.getByRole('button', { name: 'Print the Z report' })));
  expect(zReport.request).toMatchObject({ kind: 'z_report' });
  await expect(page.getByRole('heading', { name: 'No cash session is open at this desk' })).toBeVisible();
  await axeClean(page, 'cash desk, session counted');

  // The supervisor, in Persian, signs the session off with a reason.
  await press(page.getByRole('button', { name: 'Sign out' }));
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await login(page, 'maryam');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.keyboard.press('Alt+KeyP');
  await expect(page.getByRole('heading', { level: 1, name: 'صندوق' })).toBeVisible();
  await expect(page.getByText(/شیفت صندوق در انتظار/)).toBeVisible();
  await axeClean(page, 'cash desk (fa)');
  await press(page.getByRole('tab', { name: /شیفت‌ها/ }));
  const awaiting = page.getByRole('table', { name: 'در انتظار تأیید شما' });
  await expect(awaiting).toContainText('Åsa Lindqvist');
  // A sign always written, Persian digits (the bidi marks Intl puts around the sign aside).
  await expect(awaiting).toContainText(/\+.?€۰٫۲۰/);
  await axeClean(page, 'sessions (fa)');
  await press(awaiting.getByRole('button', { name: /^تأیید شیفت Åsa Lindqvist/ }));
  const signOff = page.getByRole('dialog');
  await expect(signOff.getByRole('textbox', { name: /دلیل/ })).toBeFocused();
  await page.keyboard.type('یک سکهٔ بیست سنتی اضافه در کشو بود');
  await page.keyboard.press('Control+Enter');
  await expect(signOff).toBeHidden();
  await expect(page.getByText('هیچ شیفتی در انتظار تأیید نیست.')).toBeVisible();
  await axeClean(page, 'sessions signed off (fa)');

  // The workstation agrees: the session is closed, signed off by Maryam.
  const maryam = await sessionToken(page);
  const sessions = await api<{ state: string; signed_off_by_name: string | null; difference_minor: number | null }[]>(request, baseURL!, 'list_cash_sessions', {}, maryam);
  expect(sessions.status).toBe(200);
  const ours = sessions.body.find((s) => s.difference_minor === 20);
  expect(ours?.state).toBe('closed');
  expect(ours?.signed_off_by_name).toBe('Maryam Rahimi');
});

test('an administrator sets the cash settings and a service’s account, by keyboard', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/#/cash-settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Cash settings' })).toBeVisible();
  await axeClean(page, 'cash settings');
  await typeInto(page.getByRole('textbox', { name: /Cash rounding/ }), '5');
  await typeInto(page.getByRole('textbox', { name: /Difference threshold/ }), '2,50');
  await typeInto(page.getByRole('textbox', { name: 'Beneficiary' }), 'Mesto Okno');
  await typeInto(page.getByRole('textbox', { name: 'IBAN' }), 'SK31 1200 0000 1987 4263 7541');
  await typeInto(page.getByRole('textbox', { name: 'BIC' }), 'TATRSKBX');
  await typeInto(page.getByRole('textbox', { name: /Days to pay/ }), '15');
  // An amount that is no amount holds the form back and says so.
  await typeInto(page.getByRole('textbox', { name: /Difference threshold/ }), '2,5,0');
  await press(page.getByRole('button', { name: 'Save' }));
  await expect(page.getByRole('textbox', { name: /Difference threshold/ })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Please enter an amount such as 12.50.')).toBeVisible();
  await typeInto(page.getByRole('textbox', { name: /Difference threshold/ }), '2,50');
  await press(page.getByRole('button', { name: 'Save' }));
  await expect(page.getByText('The cash settings are saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: /Difference threshold/ })).toHaveValue('2.50');
  await expect(page.getByRole('textbox', { name: 'IBAN' })).toHaveValue('SK3112000000198742637541');
  await expect(page.getByRole('textbox', { name: /Days to pay/ })).toHaveValue('15');

  // The service editor's account.
  await page.goto('/#/catalogue');
  await page.locator('.table .row', { hasText: 'Notification of minor construction' }).focus();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('dialog', { name: 'Edit service' });
  await typeInto(editor.getByRole('textbox', { name: /^Account/ }), '221004');
  await press(editor.getByRole('button', { name: 'Save' }));
  await expect(editor).toBeHidden();
  await page.locator('.table .row', { hasText: 'Notification of minor construction' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Edit service' }).getByRole('textbox', { name: /^Account/ })).toHaveValue('221004');
});

test('cash desk screens (en, fa) @screenshots', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const out = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  // A case with a fee, a session with a float, one payment taken already.
  const clerk = await apiLogin(request, baseURL!, 'clerk');
  const cat = await api<{ services: { id: string; code: string }[] }>(request, baseURL!, 'catalogue', {}, clerk);
  const svc = (code: string) => cat.body.services.find((s) => s.code === code)!.id;
  const made: string[] = [];
  for (const [name, code] of [['Ľubomír Ďurčanský', 'BUILD'], ['Zahra Ahmadi', 'CERT-COPY']] as const) {
    const r = await api<{ summary: { number: string } }>(request, baseURL!, 'register_case', {
      party: { name, birth_date: null, phone: null, email: null, address: null },
      service_id: svc(code), channel: 'walk_in', subject: 'At the cash desk', description: '',
      priority: 'normal', private_conversation: false, documents_presented: [],
    }, clerk);
    expect(r.status).toBe(200);
    made.push(r.body.summary.number);
  }
  const asa = await apiLogin(request, baseURL!, 'asa');
  expect((await api(request, baseURL!, 'set_locale', { locale: 'en' }, asa)).status).toBe(200);
  expect((await api(request, baseURL!, 'open_cash_session', { id: crypto.randomUUID(), float_minor: 10000 }, asa)).status).toBe(200);
  await login(page, 'asa');
  await page.keyboard.press('Alt+KeyP');
  await page.keyboard.press('/');
  await page.keyboard.type(made[0]!);
  await page.keyboard.press('Enter');
  await expect(page.locator('.cash-due-count')).toContainText('1 result for');
  await page.screenshot({ path: join(out, 'cash-desk-en.png') });
  await page.locator('.cash-match').getByRole('button', { name: /Take payment/ }).click();
  const pay = page.getByRole('dialog', { name: /Take payment of/ });
  await pay.getByRole('textbox', { name: /Amount tendered/ }).fill('20');
  await expect(pay.locator('.cash-change-line')).toBeVisible();
  await page.screenshot({ path: join(out, 'cash-payment-en.png') });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Payment taken' })).toBeVisible();
  await page.screenshot({ path: join(out, 'cash-receipt-screen-en.png') });
  await page.getByRole('dialog', { name: 'Payment taken' }).getByRole('button', { name: 'Done' }).click();

  // The supervisor, in Persian: the journal.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await login(page, 'maryam');
  await page.goto('/#/cash?tab=journal');
  await expect(page.getByRole('table').first()).toBeVisible();
  await page.screenshot({ path: join(out, 'cash-journal-fa.png') });
});
