import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect, api, apiLogin, login, repoRoot, startWorkstation } from './fixtures';
import { startServer, type OfficeServer } from './server';

/**
 * The queue in Chromium: a citizen takes a ticket at the office server's kiosk in Persian with
 * the keyboard alone; a desk enrolled with that server calls it, and the waiting-room page shows
 * the call and fetches its spoken announcement; at a desk of its own a clerk sets the desk up,
 * takes a ticket for a walk-in, calls it with one key, serves it and sees the visit's timeline.
 * axe-core clean throughout. The kiosk and display need DATABASE_URL (scripts/with-postgres).
 */
const test = base.extend<{ server: OfficeServer }>({
  server: async ({}, use) => {
    const s = await startServer();
    await use(s);
    s.stop();
  },
});

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Tabs until `selector` has the focus (keyboard only), then presses Enter on it. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(selector).evaluate((el) => el === document.activeElement).catch(() => false)) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`${selector} never got the focus`);
}

test('a ticket taken at the kiosk in Persian is called from a desk, shown and spoken on the display', async ({ page, browser, request, server }) => {
  // The kiosk, keyboard only: the language first, then the category.
  await page.goto(`${server.url}/kiosk?office=${server.office}`);
  await expect(page.locator('button[data-locale="fa"]')).toBeVisible();
  await axeClean(page);
  await tabTo(page, 'button[data-locale="fa"]');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(page.locator('button[data-category="F"]')).toBeVisible();
  await axeClean(page);
  await tabTo(page, 'button[data-category="F"]');
  const number = page.locator('#ticket-number');
  await expect(number).toHaveText('F-۰۰۱');
  await expect(page.locator('#ticket-qr')).toBeVisible();
  // The QR code is an image of its own: it may still be loading when the ticket shows.
  await expect
    .poll(() => page.locator('#ticket-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  await axeClean(page);

  // The waiting room's page, sound enabled once.
  const displayContext = await browser.newContext();
  const display = await displayContext.newPage();
  await display.goto(`${server.url}/display?office=${server.office}`);
  await display.locator('#enable-sound').click();
  await axeClean(display);

  // A desk of the office calls the next ticket of its categories.
  const { ws, stop } = await startWorkstation(false);
  try {
    const enrol = await api(request, ws.url, 'enrol_device', { server_url: server.url, code: server.code, device_name: 'Desk 3' }, null);
    expect(enrol.status).toBe(200);
    const token = await apiLogin(request, ws.url, 'gabor');
    expect((await api(request, ws.url, 'set_desk_setup', { label: '3', categories: ['F'], private: false }, token)).status).toBe(200);
    const spoken = display.waitForRequest((r) => r.url().includes('/queue/announce.wav') && r.url().includes('l=fa'));
    const called = await api<{ ticket: { number: string; locale: string } | null; offline: boolean }>(request, ws.url, 'call_next', {}, token);
    expect(called.status).toBe(200);
    expect(called.body.ticket?.number).toBe('F-001');
    expect(called.body.offline).toBe(false);

    // The display shows it at once (pushed, not polled) and fetches the Persian announcement.
    await expect(display.locator('#current-number')).toContainText(/F-(001|۰۰۱)/);
    await expect(display.locator('#current-desk')).toContainText(/3|۳/);
    const audio = await (await spoken).response();
    expect(audio?.status()).toBe(200);
    expect(audio?.headers()['content-type']).toBe('audio/wav');

    // The citizen's phone: the ticket's status page says where to go.
    const link = await page.locator('#ticket-link').innerText();
    await page.goto(link);
    await expect(page.locator('#ticket-number')).toHaveText(/F-(001|۰۰۱)/);
    await expect(page.locator('#ticket-state')).toContainText(/۳|3/);
    await axeClean(page);
  } finally {
    await stop();
  }
});

base('at a desk of its own, a clerk sets the desk up, calls with one key, serves and sees the visit', async ({ page }) => {
  await login(page, 'clerk');
  await page.goto('/#/queue');
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await page.getByRole('button', { name: 'Desk settings' }).first().click();
  const setup = page.getByRole('dialog', { name: 'This desk in the queue' });
  await setup.getByLabel('Desk name').fill('2');
  await setup.locator('label.checkbox', { hasText: 'Certification' }).click();
  await expect(setup.getByRole('checkbox', { name: 'F Certification' })).toBeChecked();
  await setup.getByRole('button', { name: 'Save' }).click();
  await expect(setup).toBeHidden();
  await expect(page.getByText('Desk 2 · F')).toBeVisible();

  // A walk-in who skipped the kiosk: a ticket in Swedish.
  await page.getByRole('button', { name: 'Take a ticket' }).click();
  const take = page.getByRole('dialog');
  await take.getByRole('button', { name: /Category/ }).click();
  await page.getByRole('option', { name: /^F · Certification/ }).click();
  await take.getByRole('button', { name: /The citizen’s language/ }).click();
  await page.getByRole('option', { name: 'Svenska' }).click();
  await take.getByRole('button', { name: 'Take ticket' }).click();
  await expect(take.locator('.ticket-card-number')).toHaveText('F-001');
  await take.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('.queue-table')).toContainText('F-001');
  await axeClean(page);

  // One key calls it.
  await page.keyboard.press('F2');
  const now = page.locator('.queue-current');
  await expect(now.locator('.queue-current-number')).toHaveText('F-001');
  await expect(now).toContainText('Svenska');
  await page.getByText('Why this ticket?').click();
  await expect(page.locator('.queue-why table')).toContainText('F-001');
  await page.getByRole('button', { name: 'Start service' }).click();
  await expect(now).toContainText('Being served');
  const visit = await now.getByRole('link', { name: 'Visit' }).getAttribute('href');
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('No ticket called')).toBeVisible();

  // The visit: taken, called, started, finished — by whom, at which desk.
  await page.goto(`/${visit!}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('F-001');
  const timeline = page.locator('.visit-timeline');
  for (const step of ['Ticket taken', 'Called', 'Service started', 'Service finished']) {
    await expect(timeline).toContainText(step);
  }
  await expect(timeline).toContainText('at desk 2');
  await axeClean(page);
});

test('a citizen books a time in Hungarian, checks in with the code at the kiosk and is called first', async ({ page, request, server }) => {
  const { ws, stop } = await startWorkstation(false);
  try {
    expect((await api(request, ws.url, 'enrol_device', { server_url: server.url, code: server.code, device_name: 'Desk 4' }, null)).status).toBe(200);
    // Open around the clock, so that there is a slot under way whenever the test runs.
    const admin = await apiLogin(request, ws.url, 'admin');
    const allDay = { days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, spans: [{ from: '00:00', to: '24:00' }] })) };
    expect((await api(request, ws.url, 'set_opening_hours', allDay, admin)).status).toBe(200);
    // Slots of 5 minutes: the first bookable one has always begun, within the grace period.
    const cat = await api<{ services: { id: string; code: string }[] }>(request, ws.url, 'catalogue', {}, admin);
    const copies = cat.body.services.find((s) => s.code === 'CERT-COPY')!.id;
    expect((await api(request, ws.url, 'save_booking_plan', { service_id: copies, slot_minutes: 5, desks: 2, active: true }, admin)).status).toBe(200);
    await api(request, ws.url, 'sync_now', {}, admin);
    // A walk-in took a ticket before.
    expect((await request.post(`${server.url}/queue/${server.office}/tickets`, { data: { category: 'F', priority: 'normal', locale: 'sk', private: false } })).status()).toBe(200);

    await page.goto(`${server.url}/book?office=${server.office}`);
    await page.locator('button[data-locale="hu"]').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'hu');
    await page.locator('button[data-service="CERT-COPY"]').click();
    await page.locator('button[data-date]').first().click();
    const slot = page.locator('button[data-slot]:not([disabled])').first();
    await expect(slot).toBeVisible();
    await axeClean(page);
    await slot.click();
    // The code shows once the server has answered.
    await expect(page.locator('#booking-code')).toHaveText(/[A-Z2-9]/);
    const code = (await page.locator('#booking-code').innerText()).replace(/\s/g, '');
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    await axeClean(page);

    // At the office: the kiosk checks the booking in.
    await page.goto(`${server.url}/kiosk?office=${server.office}`);
    await page.locator('button[data-locale="hu"]').click();
    await page.locator('#btn-checkin').click();
    await page.locator('#checkin-code').fill(code.toLowerCase());
    await page.locator('#btn-checkin-submit').click();
    await expect(page.locator('#ticket-number')).toHaveText('F-002');
    await axeClean(page);

    // The desk calls: the booked citizen first, before the walk-in who came earlier.
    const gabor = await apiLogin(request, ws.url, 'gabor');
    await api(request, ws.url, 'set_desk_setup', { label: '4', categories: ['F'], private: false }, gabor);
    const call = await api<{ ticket: { number: string; appointment_at: string | null } }>(request, ws.url, 'call_next', {}, gabor);
    expect(call.body.ticket.number).toBe('F-002');
    expect(call.body.ticket.appointment_at).not.toBeNull();
  } finally {
    await stop();
  }
});

test('queue screenshots: kiosk, display, desk, visit and the ticket, in English and Persian @screenshots', async ({ page, browser, request, server }) => {
  const out = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const { ws, stop } = await startWorkstation(false);
  try {
    expect((await api(request, ws.url, 'enrol_device', { server_url: server.url, code: server.code, device_name: 'Desk 3' }, null)).status).toBe(200);
    // A morning's line: tickets taken at the kiosk in several languages.
    for (const [category, locale, priority] of [['F', 'fa', 'normal'], ['A', 'sk', 'normal'], ['F', 'hu', 'mobility'], ['D', 'en', 'normal'], ['A', 'sv', 'normal'], ['F', 'sk', 'normal']]) {
      const r = await request.post(`${server.url}/queue/${server.office}/tickets`, { data: { category, locale, priority, private: false } });
      expect(r.status()).toBe(200);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/kiosk?office=${server.office}`);
    await expect(page.locator('button[data-locale="fa"]')).toBeVisible();
    await page.screenshot({ path: join(out, 'kiosk-language.png') });
    await page.locator('button[data-locale="fa"]').click();
    await expect(page.locator('button[data-category="F"]')).toBeVisible();
    await page.screenshot({ path: join(out, 'kiosk-categories-fa.png') });
    await page.locator('button[data-category="F"]').click();
    await expect(page.locator('#ticket-qr')).toBeVisible();
    await page.screenshot({ path: join(out, 'kiosk-ticket-fa.png') });

    const token = await apiLogin(request, ws.url, 'gabor');
    await api(request, ws.url, 'sync_now', {}, token);

    // The booking page, in Persian: slots of a day, then the code.
    const admin = await apiLogin(request, ws.url, 'admin');
    const week = { days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, spans: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '16:00' }] })).concat([6, 7].map((weekday) => ({ weekday, spans: [] }))) };
    expect((await api(request, ws.url, 'set_opening_hours', week, admin)).status).toBe(200);
    await api(request, ws.url, 'sync_now', {}, admin);
    await page.goto(`${server.url}/book?office=${server.office}`);
    await page.locator('button[data-locale="fa"]').click();
    await page.locator('button[data-service="CERT-COPY"]').click();
    await page.locator('button[data-date]:not([disabled])').nth(1).click();
    await expect(page.locator('button[data-slot]').first()).toBeVisible();
    await page.screenshot({ path: join(out, 'book-slots-fa.png'), fullPage: true });
    await page.locator('button[data-slot]:not([disabled])').nth(3).click();
    await expect(page.locator('#booking-code')).toBeVisible();
    await page.screenshot({ path: join(out, 'book-code-fa.png'), fullPage: true });
    expect((await api(request, ws.url, 'set_desk_setup', { label: '3', categories: ['F', 'A'], private: false }, token)).status).toBe(200);
    const first = await api<{ ticket: { id: string; visit_id: string } }>(request, ws.url, 'call_next', {}, token);
    expect(first.status).toBe(200);
    await api(request, ws.url, 'ticket_action', { ticket_id: first.body.ticket.id, action: 'start' }, token);
    const cat = await api<{ services: { id: string; code: string }[] }>(request, ws.url, 'catalogue', {}, token);
    const made = await api(request, ws.url, 'certify', {
      kind: 'copy', party_name: 'Zahra Ahmadi', party_birth_date: null, id_document_kind: 'passport', id_document_number: 'P7654321',
      id_document_checked: true, document_description: 'Diploma', document_language: 'فارسی', pages: 1, copies: 1,
      service_id: cat.body.services.find((s) => s.code === 'CERT-COPY')!.id, case_number: null, second_locale: 'fa', original: null,
      signature_method: 'sheet', signature_png_base64: null, note: null,
    }, token);
    expect(made.status).toBe(200);
    await api(request, ws.url, 'ticket_action', { ticket_id: first.body.ticket.id, action: 'finish' }, token);
    const second = await api<{ ticket: { id: string } }>(request, ws.url, 'call_next', {}, token);
    expect(second.status).toBe(200);

    const display = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await display.goto(`${server.url}/display?office=${server.office}`);
    await display.locator('#enable-sound').click();
    await expect(display.locator('#current-number')).not.toBeEmpty();
    await display.screenshot({ path: join(out, 'display-server.png') });

    for (const [user, suffix] of [['clerk', 'en'], ['maryam', 'fa']] as const) {
      const desk = await (await browser.newContext({ baseURL: ws.url, viewport: { width: 1280, height: 800 } })).newPage();
      await login(desk, user);
      const t2 = await apiLogin(request, ws.url, user);
      if (user === 'clerk') {
        await api(request, ws.url, 'ticket_action', { ticket_id: second.body.ticket.id, action: 'park' }, token);
        await api(request, ws.url, 'set_desk_setup', { label: '3', categories: ['F', 'A'], private: false }, t2);
        await api(request, ws.url, 'call_next', {}, t2);
      }
      await desk.goto('/#/queue');
      await expect(desk.locator('.queue-current-number')).toBeVisible();
      // (The test machine's note that it has no keyring is not part of the screen.)
      for (const b of await desk.locator('.toast button').all()) await b.click();
      await desk.screenshot({ path: join(out, `queue-desk-${suffix}.png`), fullPage: true });
      await desk.goto(`/#/visits/${first.body.ticket.visit_id}`);
      await expect(desk.locator('.visit-timeline')).toBeVisible();
      await desk.screenshot({ path: join(out, `visit-${suffix}.png`), fullPage: true });
      // The display is a window of its own (a fresh page, no sign-in).
      await desk.goto('/#/display');
      await desk.reload();
      await expect(desk.locator('#current-number')).toBeVisible();
      await desk.screenshot({ path: join(out, `display-desk-${suffix}.png`) });
      await desk.close();
    }

    // The printed ticket, rendered as the printer gets it.
    for (const ticket of [first.body.ticket.id, second.body.ticket.id]) {
      const { locale } = (await api<{ locale: string }>(request, ws.url, 'get_ticket', { ticket_id: ticket }, token)).body;
      const r = await request.get(`${ws.url}/api/document?${new URLSearchParams({ token, action: 'save', request: JSON.stringify({ kind: 'ticket', ticket_id: ticket }) })}`);
      expect(r.status()).toBe(200);
      const pdf = join(out, `ticket-${locale}.pdf`);
      writeFileSync(pdf, await r.body());
      execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', pdf, join(out, `ticket-${locale}`)]);
      rmSync(pdf);
    }
  } finally {
    await stop();
  }
});
