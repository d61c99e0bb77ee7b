/*
 * Okno feedback pages: the feedback form (feedback.js), its status page (status.js), the rating
 * tablet at a desk (rate.js) and the resident survey (survey.js). One module per page over this
 * one and strings.js, no build step, under the same strict CSP as the queue's pages
 * (default-src 'self'): no inline script or style anywhere.
 *
 * The generic helpers are the queue's (served at /queue/js/common.js); the strings and what
 * formats them are the feedback pages' own.
 *
 * Server routes used (see the contract):
 *   GET  /feedback/<office>/form                      the form's lists, token, office, survey
 *   POST /feedback/<office>/items                     201 {id, number, status_url, due_date}
 *   GET  /feedback/<office>/status?n=<number>         the public status of an item
 *   GET  /feedback/<office>/desk/<label>/pending      the last finished, unrated visit at a desk
 *   POST /feedback/<office>/ratings                   201 {id} | 409 already_rated
 *   GET  /feedback/<office>/survey                    the survey published today | 404 no_survey
 *   POST /feedback/<office>/survey/<id>/answers       201 {} | 409 already_answered | 400 …
 *   GET  /queue/ticket/<id>                           the ticket a message is linked to
 */
import {
  LOCALES, TAGS, $, isLocale, norm, enc, sleep, params, pluralCategory, fmtNumber, localDigits, setDocLocale,
  setText, h, pickText, markLang, textEl, fmtTime, fetchJson, storeGet, storeSet, normCode, browserLocale,
} from '/queue/js/common.js';
import { STRINGS } from './strings.js';

export {
  LOCALES, TAGS, STRINGS, $, isLocale, norm, enc, sleep, params, fmtNumber, localDigits, setDocLocale,
  setText, h, pickText, markLang, textEl, fmtTime, fetchJson, storeGet, storeSet, normCode, browserLocale,
};

/** The device's language choice for the status and survey pages (never used by a kiosk). */
export const PREF = 'okno.feedback.locale';

/** A translated string; {name} placeholders take vars (numbers are formatted in `locale`). */
export function t(locale, key, vars) {
  const table = STRINGS[locale] || STRINGS.en;
  let entry = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : STRINGS.en[key];
  if (entry == null) return key;
  if (typeof entry === 'object') {
    const n = vars && typeof vars.n === 'number' ? vars.n : 0;
    if (n === 0 && entry.zero != null) entry = entry.zero;
    else entry = entry[pluralCategory(locale, n)] ?? entry.other;
  }
  if (!vars) return entry;
  return entry.replace(/\{(\w+)\}/g, (m, k) => {
    if (!(k in vars)) return m;
    const v = vars[k];
    return typeof v === 'number' ? fmtNumber(v, locale) : String(v);
  });
}

export const has = (key) => Object.prototype.hasOwnProperty.call(STRINGS.en, key);

/** Every [data-i18n] element's text and [data-i18n-label] element's aria-label. */
export function applyI18n(locale) {
  for (const el of document.querySelectorAll('[data-i18n]')) setText(el, t(locale, el.dataset.i18n));
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    const label = t(locale, el.dataset.i18nLabel);
    if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
  }
}

// -- dates: in the browser's time zone; Persian in the Persian calendar, Persian digits --

function dateFormat(l, opts) {
  if (l === 'fa') return new Intl.DateTimeFormat('fa-IR', { calendar: 'persian', ...opts });
  return new Intl.DateTimeFormat(TAGS[l] || 'en-GB', opts);
}

/** A day (YYYY-MM-DD) as a local date at noon (clear of any daylight-saving change). */
export function dayFromIso(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ''));
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : new Date(NaN);
}

/** A date with the month's name and the year: "5 March 2026", "۱۴ اسفند ۱۴۰۴". */
export function fmtDay(value, l) {
  const d = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? dayFromIso(value) : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return localDigits(dateFormat(l, { day: 'numeric', month: 'long', year: 'numeric' }).format(d), l);
  } catch {
    return localDigits(String(value).slice(0, 10), l);
  }
}

/** A moment as its date and time. */
export function fmtDateTime(value, l) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return t(l, 'dateAt', { date: fmtDay(d, l), time: localDigits(fmtTime(d, l), l) });
}

/** A <time> element for a date or a moment. */
export function timeEl(value, text) {
  return h('time', { datetime: String(value || '') }, text);
}

// -- errors --

/** The error code of a refused request (429 is always too_many). */
export function errorCode(r) {
  if (r && r.status === 429) return 'too_many';
  const code = r && r.body && typeof r.body.code === 'string' ? r.body.code : '';
  if (code === 'too_many_requests') return 'too_many';
  return code;
}

/** The string for an error code, or the generic one for a code this page does not know. */
export const errKey = (code) => (code && has(`err_${code}`) ? `err_${code}` : 'err_generic');

/** The field a refusal names, if any. */
export const errorField = (r) => (r && r.body && typeof r.body.field === 'string' ? r.body.field : '');

/** A number typed as it was written (Persian or Arabic digits, spaces, lower case) for the server. */
export function normNumber(typed) {
  return String(typed || '')
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** Characters as the server counts them (Unicode scalar values, not UTF-16 units). */
export const charCount = (s) => Array.from(String(s || '')).length;

// -- pages --

/** The language the address asks for (?lang=), if it is one of ours. */
export function langParam() {
  const l = params.get('lang');
  return isLocale(l) ? l : null;
}

/** The footer's language buttons (status and survey pages): marks the current one. */
export function markLangNav(l) {
  for (const b of document.querySelectorAll('#lang-nav button[data-locale]')) {
    b.setAttribute('aria-pressed', String(b.dataset.locale === l));
  }
}

export function wireLangNav(onPick) {
  for (const b of document.querySelectorAll('#lang-nav button[data-locale]')) {
    b.addEventListener('click', () => onPick(norm(b.dataset.locale)));
  }
}

/** Keeps a parameter in the address, so that a reload or a bookmark shows the same again. */
export function setAddressParam(name, value) {
  try {
    const u = new URL(location.href);
    if (value) u.searchParams.set(name, value);
    else u.searchParams.delete(name);
    history.replaceState(null, '', u.pathname + u.search + u.hash);
  } catch {
    // an address that cannot be changed keeps the old one
  }
}

/** The kiosk's start page for an office (where a kiosk goes back to). */
export const kioskUrl = (office) => `/kiosk?office=${enc(office || '')}`;

/**
 * Back to the kiosk's start after `ms` without a touch or a key: returns a function that
 * (re)starts the countdown with a new delay (0 stops it).
 */
export function kioskIdle(office, ms) {
  let timer = 0;
  let delay = ms;
  const arm = () => {
    clearTimeout(timer);
    if (delay > 0) timer = setTimeout(() => location.replace(kioskUrl(office)), delay);
  };
  for (const ev of ['pointerdown', 'touchstart', 'keydown', 'wheel', 'input']) {
    document.addEventListener(ev, arm, { capture: true, passive: true });
  }
  // A long press on a touch screen should not open a context menu on a public machine.
  document.addEventListener('contextmenu', (e) => e.preventDefault());
  arm();
  return (next) => {
    delay = next;
    arm();
  };
}

/** GET /feedback/<office>/form: the office, its lists, the form's token and the survey. */
export async function loadForm(office) {
  return fetchJson(`/feedback/${enc(office)}/form`);
}
