/*
 * Okno queue pages: the kiosk (ticket machine), the waiting-room display and the citizen's
 * status page, and the citizen's appointment booking page: one module per page (kiosk.js, display.js,
 * status.js, book.js) over this one and strings.js, no build step. The pages run under a strict CSP
 * (default-src 'self'), so there is no inline script or style anywhere: styles are classes in
 * queue.css, and every string shown is in the table below.
 *
 * Server routes used:
 *   GET  /queue/<office>/info        KioskInfo
 *   POST /queue/<office>/tickets     PublicTicket | 4xx {code, message}
 *   GET  /queue/ticket/<id>          PublicTicket | 404 {code: "not_found"}
 *   GET  /queue/<office>/board       PublicBoard
 *   GET  /queue/<office>/events      text/event-stream, each message's data a PublicBoard
 *   GET  /queue/announce.wav?l=&n=&d= the spoken call
 *   POST /queue/<office>/checkin     PublicTicket (a booking checked in at the kiosk) | 4xx
 *   GET  /queue/<office>/slots?service=&date=  [Slot] | 400 {code: "not_bookable"}
 *   POST /queue/<office>/appointments          PublicAppointment | 4xx {code, message}
 *   GET  /queue/appointment/<code>             PublicAppointment | 404 {code: "unknown_booking"}
 *   POST /queue/appointment/<code>/move        PublicAppointment | 4xx
 *   POST /queue/appointment/<code>/cancel      PublicAppointment | 4xx
 */
import { LOCALES, TAGS, STRINGS } from './strings.js';

export { LOCALES, TAGS, STRINGS };

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

export const $ = (id) => document.getElementById(id);
export const isLocale = (v) => typeof v === 'string' && LOCALES.includes(v);
export const norm = (v) => (isLocale(v) ? v : 'en');
export const enc = encodeURIComponent;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const params = new URLSearchParams(location.search);

export const pluralCache = new Map();
export function pluralCategory(locale, n) {
  let rules = pluralCache.get(locale);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(TAGS[locale] || locale);
    } catch {
      rules = { select: (x) => (x === 1 ? 'one' : 'other') };
    }
    pluralCache.set(locale, rules);
  }
  return rules.select(n);
}

export function fmtNumber(n, locale) {
  try {
    return new Intl.NumberFormat(TAGS[locale] || 'en-GB').format(n);
  } catch {
    return String(n);
  }
}

let persianDigits = null;
/** Digits as the language writes them: Persian digits for fa (M-042 → M-۰۴۲). */
export function localDigits(text, locale) {
  const s = text == null ? '' : String(text);
  if (locale !== 'fa') return s;
  if (!persianDigits) {
    try {
      const f = new Intl.NumberFormat('fa-IR', { useGrouping: false });
      persianDigits = Array.from({ length: 10 }, (_, i) => f.format(i));
    } catch {
      persianDigits = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];
    }
  }
  return s.replace(/[0-9]/g, (d) => persianDigits[Number(d)]);
}

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

export function setDocLocale(locale) {
  const root = document.documentElement;
  if (root.lang !== locale) root.lang = locale;
  const dir = locale === 'fa' ? 'rtl' : 'ltr';
  if (root.dir !== dir) root.dir = dir;
}

/** Writes a text only when it changed, so that live regions announce changes only. */
export function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Every [data-i18n] element's text and [data-i18n-label] element's aria-label. */
export function applyI18n(locale) {
  for (const el of document.querySelectorAll('[data-i18n]')) setText(el, t(locale, el.dataset.i18n));
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    const label = t(locale, el.dataset.i18nLabel);
    if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
  }
}

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A name in `locale`, else English, else any language it has; with the language it is in. */
export function pickText(obj, locale) {
  if (obj && typeof obj === 'object') {
    if (obj[locale]) return { text: String(obj[locale]), lang: locale };
    if (obj.en) return { text: String(obj.en), lang: 'en' };
    for (const [k, v] of Object.entries(obj)) if (v) return { text: String(v), lang: k };
  }
  return { text: '', lang: locale };
}

/** Marks an element as being in another language than the page, when it is. */
export function markLang(el, lang, pageLocale) {
  if (lang && lang !== pageLocale) {
    el.setAttribute('lang', lang);
    el.setAttribute('dir', lang === 'fa' ? 'rtl' : 'ltr');
  } else {
    el.removeAttribute('lang');
    el.removeAttribute('dir');
  }
  return el;
}

export function textEl(tag, cls, obj, locale, fallback) {
  const p = pickText(obj, locale);
  const el = h(tag, cls ? { class: cls } : null, p.text || fallback || '');
  return markLang(el, p.text ? p.lang : locale, locale);
}

export function fmtTime(value, locale) {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(TAGS[locale] || 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(d);
  } catch {
    return d.toTimeString().slice(0, 5);
  }
}

export function fmtMoney(minor, currency, locale) {
  const amount = Number(minor) / 100;
  try {
    return new Intl.NumberFormat(TAGS[locale] || 'en-GB', { style: 'currency', currency: currency || 'EUR' }).format(amount);
  } catch {
    return `${fmtNumber(amount, locale)} ${currency || ''}`.trim();
  }
}

/** fetch with a timeout; the body parsed as JSON when it is JSON, else null. */
export async function fetchJson(url, options = {}, timeoutMs = 12000) {
  const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = ctrl ? setTimeout(() => ctrl.abort(), timeoutMs) : 0;
  try {
    const res = await fetch(url, {
      cache: 'no-store',
      credentials: 'same-origin',
      ...options,
      headers: { Accept: 'application/json', ...(options.headers || {}) },
      signal: ctrl ? ctrl.signal : undefined,
    });
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    return { ok: res.ok, status: res.status, body };
  } finally {
    clearTimeout(timer);
  }
}

export function storeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeSet(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage may be unavailable (private mode, kiosk profile); the choice lasts the page
  }
}

/**
 * A booking code as typed (spaces, dashes, lower case; Persian or Arabic digits from a
 * Persian keyboard) in its stored form: Latin letters and digits, upper case.
 */
export function normCode(typed) {
  return String(typed || '')
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[^0-9a-z]/gi, '')
    .toUpperCase();
}

export function browserLocale() {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  for (const l of langs) {
    const base = String(l).slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return null;
}

