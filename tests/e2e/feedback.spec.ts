import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { test as base, expect, api, apiLogin, login, repoRoot } from './fixtures';
import { startServer, type OfficeServer } from './server';

/**
 * The citizen's voice in Chromium. At the office server: a citizen files a complaint on the
 * public page in Persian with the keyboard alone (a call-back request without a phone or an
 * e-mail address is refused at its field first, then an address the server finds wrong), and
 * the confirmation gives the number in Persian digits; the tablet at a desk asks about a visit
 * served there in Persian (a face by arrow keys, a reason, Send) and never asks about it again;
 * a survey answered once with an invitation code issued at a desk is refused the second time.
 * At a desk of its own, the rating window (#/rate) does the same from the desk's own queue, and
 * a supervisor reads an item's history and the report in words (English, Persian).
 * axe-core clean throughout. The server's tests need DATABASE_URL (scripts/with-postgres).
 */
const test = base.extend<{ server: OfficeServer }>({
  server: async ({}, use) => {
    const s = await startServer();
    await use(s);
    s.stop();
  },
});

async function axeClean(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${screen} · ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Presses Tab (or Shift+Tab) until an element matching `selector` has the focus. */
async function tabTo(page: Page, selector: string, back = false) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`the keyboard never reached ${selector}`);
}

/** Persian digits back to ASCII (what the API speaks). */
const ascii = (s: string) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

/** The Persian strings the pages must show (crates/okno-server/assets/feedback/strings.js). */
const FA = {
  formHeading: 'نظرتان را به ما بگویید',
  contactNeeded: 'لطفاً شمارهٔ تلفن یا نشانی ایمیل خود را بنویسید تا بتوانیم به شما پاسخ دهیم.',
  badEmail: 'این نشانی ایمیل درست به نظر نمی‌رسد. لطفاً آن را بررسی کنید.',
  done: 'سپاسگزاریم! پیام شما به دست ما رسید.',
  rateHeading: 'مراجعهٔ امروزتان چطور بود؟',
  faces: ['خیلی ناراضی', 'ناراضی', 'معمولی', 'راضی', 'خیلی راضی'],
  reasonsGood: 'چه چیزی خوب بود؟',
  friendly: 'برخورد دوستانه',
  thanks: 'سپاسگزاریم!',
  surveyTitle: 'نظرسنجی از ساکنان',
  surveyThanks: 'از شرکت شما سپاسگزاریم!',
  alreadyAnswered: 'با این دعوت‌نامه پیش‌تر به نظرسنجی پاسخ داده شده است. از شرکت شما سپاسگزاریم!',
};

/** Enrols the test's fresh workstation with the office server as a desk. */
async function enrol(request: APIRequestContext, wsUrl: string, server: OfficeServer, name: string) {
  const r = await api(request, wsUrl, 'enrol_device', { server_url: server.url, code: server.code, device_name: name }, null);
  expect(r.status).toBe(200);
}

/** Asks the desk to sync now (push what it made, pull what the server has). */
async function syncNow(request: APIRequestContext, wsUrl: string, token: string) {
  const r = await api<{ last_error: unknown }>(request, wsUrl, 'sync_now', {}, token);
  expect(r.status).toBe(200);
  expect(r.body.last_error, 'the sync went through').toBeNull();
  return r.body;
}

interface Ticket {
  id: string;
  number: string;
  visit_id: string;
}

/** A ticket taken at the server's kiosk, called, served and finished at the desk `token` sits at. */
async function serveVisit(request: APIRequestContext, wsUrl: string, server: OfficeServer, token: string, locale: string): Promise<Ticket> {
  const taken = await request.post(`${server.url}/queue/${server.office}/tickets`, { data: { category: 'F', priority: 'normal', locale, private: false } });
  expect(taken.status()).toBe(200);
  const called = await api<{ ticket: Ticket | null }>(request, wsUrl, 'call_next', {}, token);
  expect(called.status).toBe(200);
  const ticket = called.body.ticket!;
  for (const action of ['start', 'finish']) {
    expect((await api(request, wsUrl, 'ticket_action', { ticket_id: ticket.id, action }, token)).status).toBe(200);
  }
  return ticket;
}

/** The office's today (YYYY-MM-DD), as a supervisor's workstation sees it. */
async function officeToday(request: APIRequestContext, wsUrl: string, token: string): Promise<string> {
  const r = await api<{ today: string }>(request, wsUrl, 'review_periods', {}, token);
  expect(r.status).toBe(200);
  return r.body.today;
}

function plusDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const text = (en: string, sk: string, hu: string, sv: string, fa: string) => ({ en, sk, hu, sv, fa });

/** The resident survey of the tests: a scale, one choice, several choices and a free text. */
function surveyInput(today: string) {
  return {
    id: null,
    title: text('How did we do?', 'Ako sme vás obslúžili?', 'Elégedett volt velünk?', 'Hur gjorde vi?', 'کار ما چطور بود؟'),
    intro: text(
      'A few short questions about your last visit to the client centre. It takes two minutes.',
      'Niekoľko krátkych otázok o vašej poslednej návšteve klientskeho centra. Zaberie to dve minúty.',
      'Néhány rövid kérdés az ügyfélközpontban tett legutóbbi látogatásáról. Két percet vesz igénybe.',
      'Några korta frågor om ditt senaste besök på kundcentret. Det tar två minuter.',
      'چند پرسش کوتاه دربارهٔ آخرین مراجعهٔ شما به مرکز خدمات. دو دقیقه بیشتر وقت نمی‌گیرد.',
    ),
    starts_on: today,
    ends_on: plusDays(today, 30),
    state: 'published',
    questions: [
      {
        id: 'q1', kind: 'scale', required: true, options: [],
        text: text('How satisfied are you with the client centre overall?', 'Ako ste celkovo spokojní s klientskym centrom?', 'Összességében mennyire elégedett az ügyfélközponttal?', 'Hur nöjd är du med kundcentret på det hela taget?', 'به‌طور کلی چقدر از مرکز خدمات راضی هستید؟'),
      },
      {
        id: 'q2', kind: 'single', required: true,
        text: text('How did you come to us?', 'Ako ste k nám prišli?', 'Hogyan jutott el hozzánk?', 'Hur kom du till oss?', 'چگونه نزد ما آمدید؟'),
        options: [
          { id: 'walk', text: text('On foot', 'Pešo', 'Gyalog', 'Till fots', 'پیاده') },
          { id: 'bus', text: text('By bus', 'Autobusom', 'Busszal', 'Med buss', 'با اتوبوس') },
          { id: 'car', text: text('By car', 'Autom', 'Autóval', 'Med bil', 'با خودرو') },
        ],
      },
      {
        id: 'q3', kind: 'multiple', required: false,
        text: text('What did you use?', 'Čo ste využili?', 'Mit használt?', 'Vad använde du?', 'از چه چیزهایی استفاده کردید؟'),
        options: [
          { id: 'kiosk', text: text('The ticket kiosk', 'Automat na lístky', 'A sorszámhúzó', 'Nummerlappsautomaten', 'دستگاه نوبت‌دهی') },
          { id: 'booking', text: text('Booking online', 'Objednanie cez internet', 'Online időpontfoglalás', 'Tidsbokning på nätet', 'نوبت‌گیری اینترنتی') },
          { id: 'phone', text: text('The phone line', 'Telefonickú linku', 'A telefonos vonal', 'Telefonlinjen', 'تلفن') },
        ],
      },
      {
        id: 'q4', kind: 'text', required: false, options: [],
        text: text('What should we do better?', 'Čo by sme mali robiť lepšie?', 'Mit csinálhatnánk jobban?', 'Vad borde vi göra bättre?', 'چه کاری را باید بهتر انجام دهیم؟'),
      },
    ],
  };
}

/** A published survey with invitation codes, issued at the desk and synced to the server. */
async function surveyWithCodes(request: APIRequestContext, wsUrl: string, server: OfficeServer, count: number) {
  const maryam = await apiLogin(request, wsUrl, 'maryam');
  const saved = await api<{ id: string }>(request, wsUrl, 'save_survey', surveyInput(await officeToday(request, wsUrl, maryam)), maryam);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const issued = await api<{ codes: string[] }>(request, wsUrl, 'issue_survey_codes', { id: saved.body.id, count }, maryam);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  expect(issued.body.codes).toHaveLength(count);
  await syncNow(request, wsUrl, maryam);
  await expect
    .poll(async () => (await request.get(`${server.url}/feedback/${server.office}/survey`)).status(), { timeout: 20_000 })
    .toBe(200);
  return { id: saved.body.id, codes: issued.body.codes, token: maryam };
}

test.describe('at the office server', () => {
  // The test's workstation starts empty: it is enrolled with the server where one is needed.
  test.use({ demo: false });

  test('a citizen files a complaint in Persian by keyboard alone, refused at its field first, and gets the number in Persian digits', async ({ page, request, server }) => {
    test.setTimeout(90_000);
    await page.goto(`${server.url}/feedback?office=${server.office}`);

    // The language first, each in its own language; Persian chosen by keyboard.
    await expect(page.locator('#step-language')).toBeVisible();
    await tabTo(page, 'button[data-locale="fa"]');
    await page.keyboard.press('Enter');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('lang', 'fa');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('#h-form')).toBeFocused();
    await expect(page.locator('#h-form')).toHaveText(FA.formHeading);
    await expect(page.locator('#office-name')).not.toBeEmpty();
    // What it may be about: the office's services and agencies (the demo office has both).
    await expect(page.locator('#choice-service')).toBeVisible();
    await expect(page.locator('#choice-agency')).toBeVisible();
    await axeClean(page, 'form (fa)');

    // A call-back request: Space checks the first kind, the arrow keys move to "call me back".
    await tabTo(page, 'input[name="kind"]');
    await expect(page.locator('input[name="kind"][value="complaint"]')).toBeFocused();
    await page.keyboard.press('Space');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await expect(page.locator('input[name="kind"][value="callback"]')).toBeChecked();
    await expect(page.locator('#contact-needed')).toBeVisible();
    await tabTo(page, '#fb-description');
    await page.keyboard.type('در باجهٔ ۳ بیش از یک ساعت منتظر ماندم و کسی پاسخگو نبود.');
    // Anonymous (as it starts): refused by the page at the e-mail field, which gets the focus.
    await tabTo(page, '#btn-send');
    await page.keyboard.press('Enter');
    const email = page.locator('#fb-email');
    await expect(email).toBeFocused();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#err-email')).toHaveText(FA.contactNeeded);
    await expect(page.locator('input[name="contact"][value="with"]')).toBeChecked();
    await axeClean(page, 'form with a refusal (fa)');

    // An address the server finds wrong: its refusal, translated, at the same field.
    await page.keyboard.type('zahra.example.org');
    await expect(page.locator('#err-email')).toBeEmpty();
    await tabTo(page, '#btn-send');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/feedback/${server.office}/items`));
    await page.keyboard.press('Enter');
    expect((await refused).status()).toBe(400);
    await expect(email).toBeFocused();
    await expect(page.locator('#err-email')).toHaveText(FA.badEmail);
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('zahra.ahmadi@example.org');
    await expect(email).not.toHaveAttribute('aria-invalid', 'true');

    // Back up to the kinds with Shift+Tab: a complaint after all.
    await tabTo(page, 'input[name="kind"]', true);
    await expect(page.locator('input[name="kind"][value="callback"]')).toBeFocused();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await expect(page.locator('input[name="kind"][value="complaint"]')).toBeChecked();
    await expect(page.locator('#contact-needed')).toBeHidden();
    await tabTo(page, '#fb-name');
    await page.keyboard.type('زهرا احمدی');
    await tabTo(page, '#fb-phone');
    await page.keyboard.type('+421 905 123 456');
    await tabTo(page, '#btn-send');
    const sent = page.waitForResponse((r) => r.url().endsWith(`/feedback/${server.office}/items`));
    await page.keyboard.press('Space');
    expect((await sent).status()).toBe(201);

    // The number, in Persian digits, and the date it will be dealt with by.
    await expect(page.locator('#h-done')).toBeFocused();
    await expect(page.locator('#h-done')).toHaveText(FA.done);
    const number = page.locator('#done-number');
    await expect(number).toHaveText(/^FB-[۰-۹]{4}\/[۰-۹]{5}$/);
    await expect(page.locator('#done-due')).toContainText(/[۰-۹]/);
    await expect(page.locator('#done-due')).not.toContainText(/[0-9]/);
    await expect(html).toHaveAttribute('lang', 'fa');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await axeClean(page, 'confirmation (fa)');
    const shown = await number.innerText();
    const filed = ascii(shown);

    // Filed as what was asked: a complaint, received.
    const status = await request.get(`${server.url}/feedback/${server.office}/status?n=${encodeURIComponent(filed)}`);
    expect(status.status()).toBe(200);
    expect(await status.json()).toMatchObject({ number: filed, kind: 'complaint', state: 'received' });

    // The status page, followed by keyboard, in Persian.
    await tabTo(page, '#done-link');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/feedback\/status\?/);
    await expect(page.locator('#item-number')).toHaveText(shown);
    await expect(html).toHaveAttribute('lang', 'fa');
    await expect(page.locator('#item-events li').first()).toBeVisible();
    await axeClean(page, 'status (fa)');
  });

  test('the tablet at a desk asks about a visit served in Persian once: a face by arrow keys, a reason, thanks', async ({ page, request, server, workstation }) => {
    test.setTimeout(90_000);
    await enrol(request, workstation.url, server, 'Desk 3');
    const gabor = await apiLogin(request, workstation.url, 'gabor');
    expect((await api(request, workstation.url, 'set_desk_setup', { label: '3', categories: ['F'], private: false }, gabor)).status).toBe(200);
    const ticket = await serveVisit(request, workstation.url, server, gabor, 'fa');
    await syncNow(request, workstation.url, gabor);
    // The desk's tablet has an address of its own (with its key): only it learns of the visit.
    const tablet = server.ratingTablet('3');
    const key = new URL(tablet, server.url).searchParams.get('key')!;
    const pendingUrl = `${server.url}/feedback/${server.office}/desk/3/pending`;
    expect((await request.get(pendingUrl)).status()).toBe(403);
    const pending = async () => ((await (await request.get(`${pendingUrl}?key=${encodeURIComponent(key)}`)).json()) as { visit_id: string | null }).visit_id;
    await expect.poll(pending, { timeout: 20_000 }).toBe(ticket.visit_id);

    await page.goto(`${server.url}${tablet}`);
    await expect(page.locator('#step-rate')).toBeVisible();
    const html = page.locator('html');
    await expect(html).toHaveAttribute('lang', 'fa');
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('#h-rate')).toHaveText(FA.rateHeading);
    await expect(page.locator('#h-rate')).toBeFocused();
    await expect(page.locator('#rate-ticket')).toContainText('F-۰۰۱');
    await expect(page.locator('.face-label')).toHaveText(FA.faces);
    await axeClean(page, 'faces (fa)');

    // The faces are a radio group: Tab into it, the arrow keys choose (left is onward, right to left).
    await tabTo(page, 'input[name="score"]');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect(page.locator('input[name="score"][value="4"]')).toBeChecked();
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('input[name="score"][value="5"]')).toBeChecked();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('input[name="score"][value="4"]')).toBeChecked();
    await expect(page.locator('#reasons-title')).toHaveText(FA.reasonsGood);
    const friendly = page.locator('#chips button[data-reason="friendly"]');
    await expect(friendly).toHaveText(FA.friendly);
    await tabTo(page, '#chips button[data-reason="friendly"]');
    await page.keyboard.press('Space');
    await expect(friendly).toHaveAttribute('aria-pressed', 'true');
    await axeClean(page, 'a face and a reason chosen (fa)');
    await tabTo(page, '#btn-rate-send');
    const sent = page.waitForResponse((r) => r.url().endsWith(`/feedback/${server.office}/ratings`));
    await page.keyboard.press('Enter');
    const rated = await sent;
    expect(rated.status()).toBe(201);
    expect(rated.request().postDataJSON()).toMatchObject({ visit_id: ticket.visit_id, desk: '3', key, score: 4, reasons: ['friendly'], locale: 'fa' });
    await expect(page.locator('#h-thanks')).toBeVisible();
    await expect(page.locator('#h-thanks')).toHaveText(FA.thanks);
    await expect(page.locator('#thanks-text')).not.toBeEmpty();
    await axeClean(page, 'thanks (fa)');

    // Never offered again: not by the server, not after a reload, not at the desk's own window.
    expect(await pending()).toBeNull();
    const again = await request.post(`${server.url}/feedback/${server.office}/ratings`, { data: { visit_id: ticket.visit_id, desk: '3', key, score: 1, reasons: [], comment: null, locale: 'fa' } });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('already_rated');
    await page.reload();
    await expect(page.locator('#step-wait')).toBeVisible();
    await page.waitForTimeout(3_500);
    await expect(page.locator('#step-rate')).toBeHidden();
    await expect
      .poll(async () => {
        await syncNow(request, workstation.url, gabor);
        return (await api<{ visit_id?: string | null }>(request, workstation.url, 'pending_rating', {}, null)).body.visit_id ?? null;
      }, { timeout: 20_000 })
      .toBeNull();
  });

  test('a survey answered with an invitation code issued at a desk is refused the second time, in Persian', async ({ page, request, server, workstation }) => {
    test.setTimeout(90_000);
    await enrol(request, workstation.url, server, 'Desk 5');
    const survey = await surveyWithCodes(request, workstation.url, server, 2);
    const code = survey.codes[0]!;
    const address = `${server.url}/survey?office=${server.office}&code=${encodeURIComponent(code)}&lang=fa`;

    const answer = async () => {
      await page.goto(address);
      await expect(page.locator('#step-survey')).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expect(page.locator('#h-survey')).toHaveText('کار ما چطور بود؟');
      // The code came with the address: not asked for.
      await expect(page.locator('#code-field')).toBeHidden();
      await page.locator('#q0-v4').focus();
      await page.keyboard.press('Space');
      await page.locator('#q1-o1').focus();
      await page.keyboard.press('Space');
      await page.locator('#q2-o0').focus();
      await page.keyboard.press('Space');
      await page.locator('#q3-text').fill('ساعت کاری را روزهای پنجشنبه طولانی‌تر کنید.');
      await axeClean(page, 'survey answered (fa)');
      const sent = page.waitForResponse((r) => r.url().includes(`/survey/${survey.id}/answers`));
      await page.locator('#btn-sv-send').focus();
      await page.keyboard.press('Enter');
      return sent;
    };

    const first = await answer();
    expect(first.status()).toBe(201);
    expect(first.request().postDataJSON()).toMatchObject({ code, locale: 'fa', answers: { q1: 4, q2: 'bus', q3: ['kiosk'] } });
    await expect(page.locator('#h-message')).toHaveText(FA.surveyThanks);
    await expect(page.locator('#h-message')).toBeFocused();
    await axeClean(page, 'survey thanks (fa)');

    const second = await answer();
    expect(second.status()).toBe(409);
    expect(((await second.json()) as { code: string }).code).toBe('already_answered');
    await expect(page.locator('#h-message')).toHaveText(FA.surveyTitle);
    await expect(page.locator('#message-text')).toHaveText(FA.alreadyAnswered);
    await expect(page.locator('#h-message')).toBeFocused();
    await axeClean(page, 'survey already answered (fa)');

    // One answer sheet reached the desk.
    await expect
      .poll(async () => {
        await syncNow(request, workstation.url, survey.token);
        return (await api<{ answers: number }>(request, workstation.url, 'survey_results', { id: survey.id }, survey.token)).body.answers;
      }, { timeout: 20_000 })
      .toBe(1);
  });
});

base('the rating window of a desk of its own asks in Persian about the visit it finished, once', async ({ page, request, baseURL }) => {
  const clerk = await apiLogin(request, baseURL!, 'clerk');
  expect((await api(request, baseURL!, 'set_desk_setup', { label: '2', categories: ['F'], private: false }, clerk)).status).toBe(200);
  expect((await api(request, baseURL!, 'take_ticket', { category: 'F', priority: 'normal', locale: 'fa', private: false }, clerk)).status).toBe(200);
  const called = await api<{ ticket: Ticket }>(request, baseURL!, 'call_next', {}, clerk);
  expect(called.status).toBe(200);
  const ticket = called.body.ticket;
  for (const action of ['start', 'finish']) {
    expect((await api(request, baseURL!, 'ticket_action', { ticket_id: ticket.id, action }, clerk)).status).toBe(200);
  }

  // The window facing the citizen: no sign-in, the visit's language.
  await page.goto('/#/rate');
  const title = page.getByRole('heading', { level: 1, name: 'مراجعهٔ امروزتان چگونه بود؟' });
  await expect(title).toBeVisible();
  await expect(title).toBeFocused();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'fa');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('.rate-ticket')).toContainText('۰۰۱');
  for (const face of ['بسیار ناراضی', 'ناراضی', 'نه راضی نه ناراضی', 'راضی', 'بسیار راضی']) {
    await expect(page.getByRole('radio', { name: face, exact: true })).toBeVisible();
  }
  await axeClean(page, 'rating window (fa)');

  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'بسیار ناراضی', exact: true })).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'بسیار راضی', exact: true })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'راضی', exact: true })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'بسیار راضی', exact: true })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'چه چیزی خوب بود؟' })).toBeVisible();
  const quick = page.getByRole('button', { name: 'سرعت' });
  await tabTo(page, '.rate-chip:nth-child(3)');
  await expect(quick).toBeFocused();
  await page.keyboard.press('Space');
  await expect(quick).toHaveAttribute('aria-pressed', 'true');
  await axeClean(page, 'rating window, a face chosen (fa)');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/give_rating'));
  await tabTo(page, '.rate-send');
  await page.keyboard.press('Enter');
  expect(((await sent).postDataJSON() as { args: unknown }).args).toMatchObject({ visit_id: ticket.visit_id, score: 5, reasons: ['quick'], locale: 'fa' });
  await expect(page.getByRole('heading', { level: 1, name: 'سپاسگزاریم!' })).toBeVisible();
  await axeClean(page, 'rating window, thanks (fa)');

  // Rated: the desk offers the visit no more, and a second rating is refused.
  expect((await api<{ visit_id?: string | null }>(request, baseURL!, 'pending_rating', {}, null)).body.visit_id ?? null).toBeNull();
  const again = await api<{ code: string }>(request, baseURL!, 'give_rating', { visit_id: ticket.visit_id, score: 1, reasons: [], comment: null, locale: 'fa' }, null);
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('duplicate');
  await page.reload();
  await expect(page.locator('.rate-calm')).toBeVisible();
  await page.waitForTimeout(2_500);
  await expect(page.getByRole('radio')).toHaveCount(0);
});

base('a supervisor reads an item’s history and the half-year’s report in words, in English and Persian', async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  // Feedback taken down at the desks and handled, and visits rated at the end.
  const gabor = await apiLogin(request, baseURL!, 'gabor');
  const maryam = await apiLogin(request, baseURL!, 'maryam');
  const filed: { id: string; number: string }[] = [];
  for (const [kind, locale, description] of [
    ['complaint', 'sk', 'Pri vchode chýba rampa pre kočíky.'],
    ['suggestion', 'hu', 'Legyen SMS-értesítés, amikor közeledik a sorszámom.'],
    ['praise', 'en', 'Quick and kind help with my identity card.'],
  ] as const) {
    const r = await api<{ summary: { id: string; number: string } }>(request, baseURL!, 'file_feedback', {
      kind, about: 'office', service_code: null, agency_code: null, desk: null, staff_id: null, description, locale,
      contact: kind === 'complaint' ? { name: 'Mária Šimková', email: 'maria.simkova@example.sk', phone: null, address: null } : null,
      visit_id: null, case_id: null,
    }, gabor);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    filed.push(r.body.summary);
  }
  for (const step of [{ action: 'start' }, { action: 'answer', answer: 'Rampu doplníme do konca mesiaca.', public_note: 'Rampa bude doplnená.' }]) {
    expect((await api(request, baseURL!, 'feedback_step', { id: filed[0]!.id, step }, maryam)).status).toBe(200);
  }
  expect((await api(request, baseURL!, 'set_desk_setup', { label: '2', categories: ['F'], private: false }, gabor)).status).toBe(200);
  for (const [score, reasons] of [[5, ['quick']], [2, ['long_wait']]] as const) {
    expect((await api(request, baseURL!, 'take_ticket', { category: 'F', priority: 'normal', locale: 'sk', private: false }, gabor)).status).toBe(200);
    const t = (await api<{ ticket: Ticket }>(request, baseURL!, 'call_next', {}, gabor)).body.ticket;
    for (const action of ['start', 'finish']) await api(request, baseURL!, 'ticket_action', { ticket_id: t.id, action }, gabor);
    expect((await api(request, baseURL!, 'give_rating', { visit_id: t.visit_id, score, reasons, comment: null, locale: 'sk' }, null)).status).toBe(200);
  }

  await login(page, 'admin');
  await page.keyboard.press('Alt+KeyV');
  await expect(page.getByRole('heading', { level: 1, name: 'Feedback' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(filed[0]!.number) })).toBeVisible();
  await axeClean(page, 'feedback items');
  await page.getByRole('row', { name: new RegExp(filed[0]!.number) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(filed[0]!.number);
  for (const step of ['Received', 'Work started', 'Answered']) await expect(page.getByRole('heading', { name: 'History' }).locator('..')).toContainText(step);
  await expect(page.getByText('maria.simkova@example.sk')).toBeVisible();
  await axeClean(page, 'feedback item');

  // The report: kinds, reasons and months in words, not codes.
  await page.goto('/#/feedback?tab=report');
  const report = page.locator('.fb-report-body');
  await expect(report).toContainText('Items by kind');
  for (const word of ['Complaint', 'Suggestion', 'Praise', 'Quick', 'Long wait']) await expect(report).toContainText(word);
  for (const code of ['complaint', 'long_wait']) await expect(report).not.toContainText(code);
  await axeClean(page, 'feedback report');
  for (const [tab, words] of [['Channel', ['At a desk']], ['State', ['Answered', 'Received']], ['Month', [/[A-Z][a-z]{2,} \d{4}/]]] as const) {
    await report.getByRole('tab', { name: tab, exact: true }).click();
    for (const w of words) await expect(report.locator('.tabpanel').first()).toContainText(w);
  }

  // Persian: the same report, right to left, in Persian words.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await login(page, 'maryam');
  await page.goto('/#/feedback?tab=report');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(report).toContainText('شکایت');
  await expect(report).toContainText('سرعت');
  await expect(report).not.toContainText('complaint');
  await axeClean(page, 'feedback report (fa)');
});

test.describe('feedback screenshots', () => {
  test.use({ demo: false });

  test('public page (fa), rating window (fa), survey, an item and the report @screenshots', async ({ page, browser, request, server, workstation }) => {
    test.setTimeout(240_000);
    const out = join(repoRoot, 'docs', 'screenshots');
    mkdirSync(out, { recursive: true });
    await enrol(request, workstation.url, server, 'Desk 3');
    const gabor = await apiLogin(request, workstation.url, 'gabor');
    const maryam = await apiLogin(request, workstation.url, 'maryam');

    // The public page in Persian, filled in.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/feedback?office=${server.office}&lang=fa`);
    await expect(page.locator('#office-name')).not.toBeEmpty();
    await page.locator('label.choice', { has: page.locator('input[value="complaint"]') }).click();
    await page.locator('label.choice', { has: page.locator('input[name="about"][value="service"]') }).click();
    await page.locator('#fb-service').selectOption('IDCARD');
    await page.locator('#fb-description').fill('برای تمدید کارت شناسایی دو بار آمدم و هر دو بار گفتند سامانه کار نمی‌کند. کسی هم زمان دیگری به من پیشنهاد نکرد.');
    await page.locator('label.choice', { has: page.locator('input[value="with"]') }).click();
    await page.locator('#fb-name').fill('زهرا احمدی');
    await page.locator('#fb-email').fill('zahra.ahmadi@example.org');
    await page.locator('#fb-phone').fill('+421 905 123 456');
    await page.locator('#h-form').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(out, 'feedback-public-fa.png'), fullPage: true });
    await page.locator('#btn-send').click();
    await expect(page.locator('#done-number')).toBeVisible();
    const publicNumber = ascii(await page.locator('#done-number').innerText());

    // The rating window of the desk, in Persian, a face and two reasons chosen.
    expect((await api(request, workstation.url, 'set_desk_setup', { label: '3', categories: ['F'], private: false }, gabor)).status).toBe(200);
    const visit = await serveVisit(request, workstation.url, server, gabor, 'fa');
    const rate = await (await browser.newContext({ baseURL: workstation.url, viewport: { width: 1280, height: 800 } })).newPage();
    await rate.goto('/#/rate');
    await rate.locator('.rate-face-4').click();
    await rate.getByRole('button', { name: 'برخورد مهربان' }).click();
    await rate.getByRole('button', { name: 'توضیح روشن' }).click();
    await rate.mouse.move(0, 0);
    await rate.screenshot({ path: join(out, 'feedback-rating-fa.png') });
    await rate.getByRole('button', { name: 'فرستادن' }).click();
    await expect(rate.getByRole('heading', { level: 1, name: 'سپاسگزاریم!' })).toBeVisible();
    await rate.close();
    expect(visit.visit_id).toBeTruthy();

    // More visits, rated in every language, for the report.
    for (const [score, locale, reasons] of [[5, 'sk', ['quick', 'clear']], [2, 'hu', ['long_wait']], [4, 'en', ['competent']], [3, 'sv', ['unclear']], [5, 'sk', ['friendly']], [1, 'hu', ['long_wait', 'unresolved']]] as const) {
      const v = await serveVisit(request, workstation.url, server, gabor, locale);
      const r = await api(request, workstation.url, 'give_rating', { visit_id: v.visit_id, score, reasons, comment: score <= 2 ? 'Čakal som pridlho.' : null, locale }, null);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    // Items taken down at the desk, in several states.
    const items: { kind: string; about: string; description: string; locale: string; contact?: Record<string, string>; service_code?: string; desk?: string }[] = [
      { kind: 'suggestion', about: 'office', description: 'Prosím, pridajte pri vchode lavičku pre starších ľudí.', locale: 'sk' },
      { kind: 'praise', about: 'desk', desk: '3', description: 'Nagyon kedves és gyors ügyintézés, köszönöm!', locale: 'hu' },
      { kind: 'question', about: 'service', service_code: 'RES', description: 'Can I register my new address before the lease starts?', locale: 'en', contact: { name: 'John Miller', email: 'john.miller@example.org' } },
      { kind: 'idea', about: 'office', description: 'Ett SMS när min tur närmar sig vore bra.', locale: 'sv' },
      { kind: 'complaint', about: 'office', description: 'Parkovisko pred úradom je stále plné.', locale: 'sk' },
    ];
    const filed: string[] = [];
    for (const it of items) {
      const r = await api<{ summary: { id: string } }>(request, workstation.url, 'file_feedback', {
        kind: it.kind, about: it.about, service_code: it.service_code ?? null, agency_code: null, desk: it.desk ?? null, staff_id: null,
        description: it.description, locale: it.locale, contact: it.contact ?? null, visit_id: null, case_id: null,
      }, gabor);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      filed.push(r.body.summary.id);
    }
    const step = async (id: string, s: Record<string, unknown>) => {
      const r = await api(request, workstation.url, 'feedback_step', { id, step: s }, maryam);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await step(filed[0]!, { action: 'answer', answer: 'Ďakujeme, lavička pribudne na jar.', public_note: 'Lavičku objednáme.' });
    await step(filed[0]!, { action: 'close', root_cause: 'facilities', adopted: true });
    await step(filed[1]!, { action: 'close', root_cause: 'other', adopted: null });
    await step(filed[2]!, { action: 'start' });
    await step(filed[2]!, { action: 'answer', answer: 'Yes: bring the signed lease and we register the address from its first day.', public_note: null });
    await step(filed[4]!, { action: 'reject', reason: 'The car park belongs to the supermarket, not to the office.' });

    // The public complaint, synced to the desk, handled there.
    let publicId = '';
    await expect
      .poll(async () => {
        await syncNow(request, workstation.url, gabor);
        const list = await api<{ items: { id: string; number: string }[] }>(request, workstation.url, 'list_feedback', { overdue: false, mine: false, text: publicNumber }, maryam);
        publicId = list.body.items?.find((i) => i.number === publicNumber)?.id ?? '';
        return publicId;
      }, { timeout: 20_000 })
      .not.toBe('');
    await step(publicId, { action: 'assign', agency_code: null, department: 'Identity cards', assignee_id: null });
    await step(publicId, { action: 'start' });
    await step(publicId, { action: 'note', text: 'The registry system was down on both days (incidents 4411 and 4420).', public: false });
    await step(publicId, { action: 'answer', answer: 'ما از این بابت متأسفیم. سامانه در آن روزها از کار افتاده بود. برای شما نوبتی با اولویت رزرو کرده‌ایم.', public_note: 'سامانه از کار افتاده بود؛ نوبت اولویت‌دار رزرو شد.' });

    // The survey, in English, partly answered.
    const survey = await surveyWithCodes(request, workstation.url, server, 3);
    await page.goto(`${server.url}/survey?office=${server.office}&code=${encodeURIComponent(survey.codes[0]!)}&lang=en`);
    await expect(page.locator('#step-survey')).toBeVisible();
    await page.locator('label.scale-opt', { has: page.locator('#q0-v4') }).click();
    await page.locator('label.choice', { has: page.locator('#q1-o0') }).click();
    await page.locator('label.choice', { has: page.locator('#q2-o0') }).click();
    await page.locator('label.choice', { has: page.locator('#q2-o1') }).click();
    await page.locator('#q3-text').fill('Longer opening hours on Thursdays, please.');
    await page.locator('#h-survey').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(out, 'feedback-survey.png'), fullPage: true });

    // The desk: the item with its history, and the report.
    await syncNow(request, workstation.url, maryam);
    const desk = await (await browser.newContext({ baseURL: workstation.url, viewport: { width: 1280, height: 800 } })).newPage();
    await login(desk, 'admin');
    await expect(desk.locator('.topbar').getByRole('button', { name: /^Synced/ })).toBeVisible();
    for (const b of await desk.locator('.toast button').all()) await b.click();
    await desk.keyboard.press('Alt+KeyV');
    await expect(desk.getByRole('heading', { level: 1, name: 'Feedback' })).toBeVisible();
    await desk.getByRole('row', { name: new RegExp(publicNumber.replace(/[/]/g, '\\/')) }).click();
    await expect(desk.getByRole('heading', { level: 1 })).toContainText(publicNumber);
    await desk.mouse.move(0, 0);
    await desk.screenshot({ path: join(out, 'feedback-item.png'), fullPage: true });
    await desk.goto('/#/feedback?tab=report');
    await expect(desk.getByRole('tab', { name: 'Report', selected: true })).toBeVisible();
    await expect(desk.locator('.fb-kpis .kpi').first()).toBeVisible();
    await expect(desk.locator('.fb-report-body .chart-card').first()).toBeVisible();
    await desk.mouse.move(0, 0);
    await desk.screenshot({ path: join(out, 'feedback-report.png'), fullPage: true });
  });
});
