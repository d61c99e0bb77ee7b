import type { Locale } from '../gen/Locale';
import type { Calendar } from '../gen/Calendar';

export const LOCALES: readonly Locale[] = ['en', 'hu', 'sk', 'sv', 'fa'];

/** Each language named in itself, as language pickers conventionally do. */
export const ENDONYMS: Record<Locale, string> = {
  en: 'English',
  hu: 'Magyar',
  sk: 'Slovenčina',
  sv: 'Svenska',
  fa: 'فارسی',
};

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function isRtl(locale: Locale): boolean {
  return locale === 'fa';
}

/** The BCP 47 tag used for formatting dates and numbers in a UI language. */
const REGION_TAG: Record<Locale, string> = {
  en: 'en-GB',
  hu: 'hu-HU',
  sk: 'sk-SK',
  sv: 'sv-SE',
  fa: 'fa-IR',
};

/** The calendar people reading `locale` usually date things in (okno-rules' `usual_calendar`). */
export function usualCalendar(locale: Locale): Calendar {
  return locale === 'fa' ? 'persian' : 'gregorian';
}

/** The formatting tag of `locale` with an explicit calendar (Persian's default is the Persian one). */
export function calendarTag(locale: Locale, calendar: Calendar): string {
  return `${REGION_TAG[locale]}-u-ca-${calendar === 'persian' ? 'persian' : 'gregory'}`;
}

/**
 * The tag dates are shown in: the office's calendar (documents and the review's periods are in
 * it too), in the language's words and digits. See docs/architecture.md, "Calendars and digits".
 */
export function formatTag(locale: Locale, calendar: Calendar | null): string {
  // Before anyone signs in no office is known: the language's own calendar.
  return calendarTag(locale, calendar ?? usualCalendar(locale));
}

/** The language to start in before anyone signs in: last choice, else the browser's. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem('okno.locale');
    if (isLocale(saved)) return saved;
  } catch {
    // storage can be unavailable; fall through
  }
  for (const lang of navigator.languages ?? [navigator.language]) {
    const base = lang.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function rememberLocale(locale: Locale) {
  try {
    localStorage.setItem('okno.locale', locale);
  } catch {
    // not fatal
  }
}

/** A text in several languages, in the UI language, else the best fallback. */
export function pickName(names: { [key in string]?: string } | undefined, locale: Locale): string {
  if (!names) return '';
  return names[locale] || names.en || Object.values(names).find((v) => !!v) || '';
}
