import type { FormEvent, ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { CalendarRange, RotateCcw, Search } from 'lucide-react';
import { GregorianCalendar, parseDate, toCalendar, type CalendarDate } from '@internationalized/date';
import type { Formatters } from '../i18n/format';
import { useT, type T } from '../i18n/useT';
import { DateInputField, TextInput } from './fields';

/** A span of days; either end may be open. */
export interface Period {
  from: CalendarDate | null;
  to: CalendarDate | null;
}

/** A day as the API takes it (`YYYY-MM-DD`, Gregorian), whichever calendar it was picked in. */
export const isoDate = (d: CalendarDate) => toCalendar(d, new GregorianCalendar()).toString();

/** The month so far: from its first day to today (`YYYY-MM-DD`). */
export function thisMonth(today: string): Period {
  return { from: parseDate(`${today.slice(0, 7)}-01`), to: parseDate(today) };
}

/** How a list's period reads under its title: "1 Mar – 31 Mar", "from …", "until …", "All periods". */
export function periodSummary(t: T, fmt: Formatters, from: string | null, to: string | null): string {
  if (from && to) return t('period.period', { from: fmt.date(from), to: fmt.date(to) });
  if (from) return t('period.period_from', { from: fmt.date(from) });
  if (to) return t('period.period_to', { to: fmt.date(to) });
  return t('period.period_all');
}

/** The two ends of a period, each a date field. */
export function PeriodFields({ value, onChange, labels, errors }: {
  value: Period;
  onChange(period: Period): void;
  /** Without them, "From" and "To". */
  labels?: { from: string; to: string };
  errors?: { from?: string; to?: string };
}) {
  const t = useT();
  return (
    <>
      <DateInputField name="from" label={labels?.from ?? t('period.from')} value={value.from} onChange={(from) => onChange({ ...value, from })} error={errors?.from} className="field-inline" />
      <DateInputField name="to" label={labels?.to ?? t('period.to')} value={value.to} onChange={(to) => onChange({ ...value, to })} error={errors?.to} className="field-inline" />
    </>
  );
}

/** The search box of a list's filters: the one the `/` key goes to. */
export interface SearchFilter {
  name: string;
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
}

/**
 * A list's filter bar: its search box, its period (from, to, and a preset at the end: this month,
 * or every period), the list's own fields, and at the end anything else (`end`) and a reset of
 * the list's own filters when any is set. With `onSubmit` it is a form (a field to confirm).
 */
export function FilterBar({ search, period, children, end, onReset, onSubmit, className }: {
  search?: SearchFilter;
  period?: { value: Period; onChange(period: Period): void; today: string };
  children?: ReactNode;
  end?: ReactNode;
  /** Shown while the list's own filters (not the period) are set. */
  onReset?: () => void;
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  className?: string;
}) {
  const t = useT();
  const content = (
    <>
      {search ? (
        <div className="filter-search" data-search>
          <Search size={16} aria-hidden="true" className="filter-search-icon" />
          <TextInput name={search.name} type="search" label={search.label} value={search.value} onChange={search.onChange} digits placeholder={search.placeholder} className="field-inline" />
        </div>
      ) : null}
      {period ? <PeriodFields value={period.value} onChange={period.onChange} /> : null}
      {children}
      <div className="filter-end">
        {end}
        {period ? <PeriodPreset {...period} /> : null}
        {onReset ? (
          <Button className="button button-ghost button-sm" onPress={onReset}>
            <RotateCcw size={14} aria-hidden="true" />
            {t('cases.reset')}
          </Button>
        ) : null}
      </div>
    </>
  );
  const classes = `filters card${className ? ` ${className}` : ''}`;
  return onSubmit ? (
    <form className={classes} onSubmit={onSubmit}>
      {content}
    </form>
  ) : (
    <div className={classes}>{content}</div>
  );
}

/** This month, or (when it is this month already) every period. */
function PeriodPreset({ value, onChange, today }: { value: Period; onChange(period: Period): void; today: string }) {
  const t = useT();
  const month = thisMonth(today);
  const isThisMonth = !!value.from && !!value.to && isoDate(value.from) === isoDate(month.from!) && isoDate(value.to) === today;
  return isThisMonth ? (
    <Button className="button button-ghost button-sm" onPress={() => onChange({ from: null, to: null })}>
      <CalendarRange size={14} aria-hidden="true" />
      {t('period.all_periods')}
    </Button>
  ) : (
    <Button className="button button-ghost button-sm" onPress={() => onChange(month)}>
      <CalendarRange size={14} aria-hidden="true" />
      {t('period.this_month')}
    </Button>
  );
}
