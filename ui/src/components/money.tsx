import { useRef, type ReactNode, type Ref } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import { toWesternNumber } from '../i18n/digits';
import { useT, type T } from '../i18n/useT';
import { useApp } from '../app/state';
import { INPUT_PROBLEM } from './forms';
import { Help, RequiredMark, useRevealed, useWesternDigits } from './fields';

/** Hundredths: every amount of the workstation is integer minor units (see `Formatters.money`). */
const MINOR = 100;
/** Digits an amount may have before the decimals (far beyond any fee, within a safe integer). */
const MAX_DIGITS = 13;

/** A run of digits grouped by thousands as typed: `1`, `12`, `1.234`, `1 234` (spaces are gone by then). */
function grouped(parts: string[]): boolean {
  return parts.every((p, i) => /^\d+$/.test(p) && (i === 0 ? p.length <= 3 || parts.length === 1 : p.length === 3));
}

/**
 * An amount as a person types it, in minor units: `12.50` and `12,50` are both 1250, `12` is
 * 1200, `1 234,5` is 123450, `1,234.50` is 123450; Persian and Arabic-Indic digits and
 * separators count as Western ones. A separator followed by one or two digits is the decimal
 * one; the others group thousands. Null for a blank field and for anything that is no amount
 * (letters, a sign, three decimals).
 */
export function parseMoney(text: string): number | null {
  const s = toWesternNumber(text).replace(/[\s\u00a0\u202f'’]/g, '');
  if (!/^[\d.,]*\d[\d.,]*$/.test(s)) return null;
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  let units: string;
  let cents = '';
  const decimals = last >= 0 ? s.slice(last + 1) : '';
  if (last >= 0 && decimals.length <= 2 && !(decimals.length === 0 && last === 0)) {
    units = s.slice(0, last) || '0';
    cents = decimals;
    if (!grouped(units.split(/[.,]/))) return null;
  } else {
    if (!grouped(s.split(/[.,]/))) return null;
    units = s;
  }
  const digits = units.replace(/[.,]/g, '');
  if (digits.length > MAX_DIGITS) return null;
  return Number(digits) * MINOR + Number(cents.padEnd(2, '0') || '0');
}

/** The decimal separator a reader of the UI's language types (Western: `,` or `.`). */
function decimalSeparator(tag: string): string {
  const part = new Intl.NumberFormat(tag).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return toWesternNumber(part) === ',' ? ',' : '.';
}

/** Minor units as the money field shows them to be edited: `12,50` or `12.50`, no grouping, Western digits. */
export function moneyText(minor: number, tag: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minor));
  return `${sign}${Math.floor(abs / MINOR)}${decimalSeparator(tag)}${String(abs % MINOR).padStart(2, '0')}`;
}

/** Why what is typed is no amount, with an example in the reader's way of writing one. */
export function moneyProblem(t: T, text: string, tag: string): string | null {
  if (!text.trim() || parseMoney(text) !== null) return null;
  return t('input.money_malformed', { example: moneyText(1250, tag) });
}

export interface MoneyInputProps {
  /** The request's field path, so that a server error shows here. */
  name: string;
  label: ReactNode;
  /** What is typed; `parseMoney` turns it into minor units. */
  value: string;
  onChange(value: string): void;
  /** Shown after the amount (the office's currency). */
  currency: string;
  description?: ReactNode;
  error?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
}

/**
 * An amount of money in the office's currency, typed as a decimal with either separator. What is
 * no amount is named next to the field once the person leaves it, and holds its form back (see
 * `refuseInputProblems`).
 */
export function MoneyInput(p: MoneyInputProps) {
  const t = useT();
  const { fmt } = useApp();
  const ref = useRef<HTMLDivElement>(null);
  useWesternDigits(ref);
  const problem = moneyProblem(t, p.value, fmt.tag);
  const { revealed, onBlur } = useRevealed(ref, problem);
  const error = (revealed ? problem : null) ?? p.error;
  return (
    <TextField
      ref={ref}
      className={`field money-field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(v) => p.onChange(toWesternNumber(v))}
      onBlur={onBlur}
      isInvalid={!!error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      autoFocus={p.autoFocus}
      inputMode="decimal"
      autoComplete="off"
      validationBehavior="aria"
      {...{ [INPUT_PROBLEM]: problem ? 'money' : undefined }}
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <div className="money-input">
        <Input className="input number-input" ref={p.inputRef} dir="ltr" />
        <span className="money-input-currency" aria-hidden="true">{p.currency}</span>
      </div>
      <Help description={p.description} error={error ?? undefined} />
    </TextField>
  );
}
