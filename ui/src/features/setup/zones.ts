import type { Calendar } from '../../gen/Calendar';
import type { Locale } from '../../gen/Locale';

/** The time zones an office is most likely in; any IANA name may still be typed. */
export const COMMON_TIME_ZONES: string[] = [
  'Europe/Bratislava', 'Europe/Budapest', 'Europe/Stockholm', 'Europe/Prague', 'Europe/Vienna',
  'Europe/Warsaw', 'Europe/Berlin', 'Europe/Copenhagen', 'Europe/Oslo', 'Europe/Helsinki',
  'Europe/Tallinn', 'Europe/Riga', 'Europe/Vilnius', 'Europe/Amsterdam', 'Europe/Brussels',
  'Europe/Luxembourg', 'Europe/Paris', 'Europe/Zurich', 'Europe/Rome', 'Europe/Madrid',
  'Europe/Lisbon', 'Europe/Dublin', 'Europe/London', 'Europe/Ljubljana', 'Europe/Zagreb',
  'Europe/Belgrade', 'Europe/Bucharest', 'Europe/Sofia', 'Europe/Athens', 'Europe/Kyiv',
  'Europe/Istanbul', 'Asia/Tehran', 'UTC',
];

export const CURRENCIES: string[] = ['EUR', 'HUF', 'SEK', 'CZK', 'PLN', 'NOK', 'DKK', 'CHF', 'GBP', 'RON', 'BGN', 'IRR'];

export const OFFICE_DEFAULTS: Record<Locale, { currency: string; timeZone: string; calendar: Calendar }> = {
  en: { currency: 'EUR', timeZone: 'Europe/Bratislava', calendar: 'gregorian' },
  sk: { currency: 'EUR', timeZone: 'Europe/Bratislava', calendar: 'gregorian' },
  hu: { currency: 'HUF', timeZone: 'Europe/Budapest', calendar: 'gregorian' },
  sv: { currency: 'SEK', timeZone: 'Europe/Stockholm', calendar: 'gregorian' },
  fa: { currency: 'IRR', timeZone: 'Asia/Tehran', calendar: 'persian' },
};
