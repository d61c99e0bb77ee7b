import { useMemo } from 'react';
import type { Locale } from '../gen/Locale';
import type { Calendar } from '../gen/Calendar';
import { calendarTag, formatTag, usualCalendar } from './locales';

export interface Formatters {
  /** The formatting tag dates are shown in (the office's calendar, the language's words). */
  tag: string;
  /** The calendar dates are shown in: the office's. */
  calendar: Calendar;
  /**
   * The calendar dates are typed in: the one the language usually dates in (a Persian reader
   * types Persian dates in any office); what was typed is shown back in the office's calendar.
   */
  inputCalendar: Calendar;
  /** The formatting tag of date fields (the language with its usual calendar). */
  inputTag: string;
  /**
   * An instant (RFC 3339) as date and time in the office's time zone. Dates are in the office's
   * calendar; where the language usually dates in another, that date stands beside in brackets
   * (`۲۱ مارس ۲۰۲۵، ۱۲:۰۰ (۱۴۰۴/۰۱/۰۱)`), as on the documents.
   */
  dateTime(iso: string): string;
  /** An instant as a date only, in the office's time zone. */
  dateOfInstant(iso: string): string;
  /** An instant's time of day. */
  time(iso: string): string;
  /** An instant relative to now ("2 minutes ago", "in 5 minutes"); the date beyond a week. */
  relative(iso: string, now?: number): string;
  /** A calendar date `YYYY-MM-DD` (no time zone). */
  date(isoDate: string): string;
  /** A calendar date in the office's calendar only (nothing beside). */
  officeDate(isoDate: string): string;
  /** A calendar date, long form (weekday, month name). */
  dateLong(isoDate: string): string;
  /** A calendar date, short: day and month only (chart axes). */
  dayShort(isoDate: string): string;
  /** A calendar date's month, short, with the year (chart axes over long periods). */
  monthShort(isoDate: string): string;
  /** A span of time (handling time): minutes, hours or days, whichever reads best. */
  duration(ms: number): string;
  number(n: number): string;
  /** A number without grouping (years, counts in codes). */
  plain(n: number): string;
  /** Integer minor units as money. */
  money(minor: number, currency: string): string;
  /** Bytes as kB/MB. */
  size(bytes: number): string;
}

function parseIsoDate(isoDate: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

export function makeFormatters(locale: Locale, calendar: Calendar | null, timeZone: string | null): Formatters {
  const tag = formatTag(locale, calendar);
  const usual = usualCalendar(locale);
  const office: Calendar = calendar ?? usual;
  const tz = safeTimeZone(timeZone);
  const dt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  const dOnly = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: tz });
  // The reader's own calendar beside the office's, where they differ: numeric for Persian
  // (as on paper), the medium style for the Gregorian languages.
  const besideOptions: Intl.DateTimeFormatOptions =
    usual === 'persian' ? { year: 'numeric', month: '2-digit', day: '2-digit' } : { dateStyle: 'medium' };
  const besideInstant =
    usual === office ? null : new Intl.DateTimeFormat(calendarTag(locale, usual), { ...besideOptions, timeZone: tz });
  const besideDay =
    usual === office ? null : new Intl.DateTimeFormat(calendarTag(locale, usual), { ...besideOptions, timeZone: 'UTC' });
  const withInstant = (d: Date, main: string) => (besideInstant ? `${main} (${besideInstant.format(d)})` : main);
  const withDay = (d: Date, main: string) => (besideDay ? `${main} (${besideDay.format(d)})` : main);
  const tOnly = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone: tz });
  const cal = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const calLong = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone: 'UTC' });
  const calShort = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const calMonth = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const num = new Intl.NumberFormat(tag);
  const rel = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const plainNum = new Intl.NumberFormat(tag, { useGrouping: false });
  const moneyCache = new Map<string, Intl.NumberFormat>();
  const money = (minor: number, currency: string) => {
    let f = moneyCache.get(currency);
    if (!f) {
      try {
        f = new Intl.NumberFormat(tag, { style: 'currency', currency });
      } catch {
        f = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
      moneyCache.set(currency, f);
    }
    return f.format(minor / 100);
  };
  const unit = (u: 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: u, maximumFractionDigits: 1 });
  const kb = unit('kilobyte');
  const mb = unit('megabyte');
  const span = (u: 'minute' | 'hour' | 'day', digits: number) =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'long', maximumFractionDigits: digits });
  const minutes = span('minute', 0);
  const hours = span('hour', 1);
  const days = span('day', 1);
  const safe = (f: (d: Date) => string) => (d: Date | null, raw: string) => (d && !Number.isNaN(d.getTime()) ? f(d) : raw);
  const fmtInstant = safe((d) => withInstant(d, dt.format(d)));
  const fmtDay = safe((d) => withInstant(d, dOnly.format(d)));
  const fmtTime = safe((d) => tOnly.format(d));
  const fmtCal = safe((d) => withDay(d, cal.format(d)));
  const fmtCalLong = safe((d) => withDay(d, calLong.format(d)));
  const fmtCalShort = safe((d) => calShort.format(d));
  const fmtCalMonth = safe((d) => calMonth.format(d));
  return {
    tag,
    calendar: office,
    inputCalendar: usual,
    inputTag: calendarTag(locale, usual),
    dateTime: (iso) => fmtInstant(new Date(iso), iso),
    dateOfInstant: (iso) => fmtDay(new Date(iso), iso),
    time: (iso) => fmtTime(new Date(iso), iso),
    relative: (iso, now = Date.now()) => {
      const at = new Date(iso).getTime();
      if (Number.isNaN(at)) return iso;
      const seconds = Math.round((at - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return rel.format(0, 'second');
      if (abs < 45 * 60) return rel.format(Math.round(seconds / 60), 'minute');
      if (abs < 22 * 3600) return rel.format(Math.round(seconds / 3600), 'hour');
      if (abs < 7 * 86400) return rel.format(Math.round(seconds / 86400), 'day');
      return fmtInstant(new Date(at), iso);
    },
    date: (isoDate) => fmtCal(parseIsoDate(isoDate), isoDate),
    officeDate: (isoDate) => safe((d) => cal.format(d))(parseIsoDate(isoDate), isoDate),
    dateLong: (isoDate) => fmtCalLong(parseIsoDate(isoDate), isoDate),
    dayShort: (isoDate) => fmtCalShort(parseIsoDate(isoDate), isoDate),
    monthShort: (isoDate) => fmtCalMonth(parseIsoDate(isoDate), isoDate),
    duration: (ms) => {
      const m = Math.max(0, ms) / 60_000;
      if (m < 60) return minutes.format(Math.max(1, Math.round(m)));
      if (m < 24 * 60) return hours.format(m / 60);
      return days.format(m / (24 * 60));
    },
    number: (n) => num.format(n),
    plain: (n) => plainNum.format(n),
    money,
    size: (bytes) => (bytes >= 1024 * 1024 ? mb.format(bytes / (1024 * 1024)) : kb.format(Math.max(bytes / 1024, 0.1))),
  };
}

function safeTimeZone(tz: string | null): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

export function useFormatters(locale: Locale, calendar: Calendar | null, timeZone: string | null): Formatters {
  return useMemo(() => makeFormatters(locale, calendar, timeZone), [locale, calendar, timeZone]);
}

/** Today's date `YYYY-MM-DD` in a time zone (the office's day). */
export function todayIn(timeZone: string | null, now = new Date()): string {
  const tz = safeTimeZone(timeZone);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `YYYY-MM-DD` plus a number of days. */
export function addDays(isoDate: string, days: number): string {
  const d = parseIsoDate(isoDate);
  if (!d) return isoDate;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
