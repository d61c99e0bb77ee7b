import { useEffect, useId, useRef, useState, type ReactNode, type Ref, type RefObject } from 'react';
import {
  Button,
  Checkbox as RacCheckbox,
  ComboBox as RacComboBox,
  DateFieldStateContext,
  DateInput,
  DateSegment,
  FieldError,
  FieldErrorContext,
  GroupContext,
  Input,
  InputContext,
  Label,
  LabelContext,
  Provider,
  TextContext,
  ListBox,
  ListBoxItem,
  NumberField as RacNumberField,
  Popover,
  Radio,
  RadioGroup,
  Select as RacSelect,
  SelectValue,
  Text,
  TextArea,
  TextField as RacTextField,
  type Key,
} from 'react-aria-components';
import { useDateField, useLocale } from 'react-aria';
import { useDateFieldState, type DateFieldState } from 'react-stately';
import { CalendarDate, DateFormatter, GregorianCalendar, createCalendar, toCalendar } from '@internationalized/date';
import { Check, ChevronDown, ChevronsUpDown } from 'lucide-react';
import { toWesternDigits, westernDigitsOnInput } from '../i18n/digits';
import { useT, type T } from '../i18n/useT';
import { useApp } from '../app/state';
import { INPUT_PROBLEM, REVEAL_PROBLEM } from './forms';

/** Server-side field paths double as the fields' names; a message shows next to the field. */
interface FieldBase {
  name: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  className?: string;
}

export function Help({ description, error }: { description?: ReactNode; error?: string }) {
  return (
    <>
      {description && !error ? <Text slot="description" className="field-help">{description}</Text> : null}
      {error ? <FieldError className="field-error">{error}</FieldError> : null}
    </>
  );
}

export function RequiredMark({ isRequired }: { isRequired?: boolean }) {
  return isRequired ? <span className="required-mark" aria-hidden="true">*</span> : null;
}

/** Characters as the core counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/**
 * A text over its limit is never cut: the field says by how much, and its form is held back
 * (see `refuseInputProblems`) until the clerk shortens it.
 */
export function tooLongText(t: T, value: string, max: number | undefined): string | null {
  if (!max) return null;
  const n = charCount(value.trim());
  return n > max ? t('input.too_long', { over: n - max, max }) : null;
}

/** Typed or pasted Persian and Arabic-Indic digits go in as Western digits (see i18n/digits). */
export function useWesternDigits(ref: RefObject<HTMLElement | null>, enabled = true) {
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled) return;
    el.addEventListener('beforeinput', westernDigitsOnInput, true);
    return () => el.removeEventListener('beforeinput', westernDigitsOnInput, true);
  }, [ref, enabled]);
}

/** A field's problem is shown once the clerk has left the field, or tried to submit its form. */
export function useRevealed(ref: RefObject<HTMLElement | null>, problem: string | null) {
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const reveal = () => setRevealed(true);
    el.addEventListener(REVEAL_PROBLEM, reveal);
    return () => el.removeEventListener(REVEAL_PROBLEM, reveal);
  }, [ref]);
  // A fixed problem is forgotten: the next one waits for the clerk to leave the field again.
  if (!problem && revealed) setRevealed(false);
  const onBlur = (e: React.FocusEvent) => {
    if (problem && !e.currentTarget.contains(e.relatedTarget as Node | null)) setRevealed(true);
  };
  return { revealed: revealed && !!problem, onBlur };
}

export interface TextInputProps extends FieldBase {
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'email' | 'tel' | 'password' | 'search' | 'url';
  autoComplete?: string;
  autoFocus?: boolean;
  maxLength?: number;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'url';
  dir?: 'ltr' | 'rtl' | 'auto';
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement>;
  spellCheck?: boolean;
  /**
   * The field takes digits (a phone, a record or case number, a search): Persian and
   * Arabic-Indic digits are stored as Western ones.
   */
  digits?: boolean;
  /** The language of what is typed, when it is not the UI's (a translation). */
  lang?: string;
}

export function TextInput(p: TextInputProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const digits = p.digits || p.type === 'tel';
  useWesternDigits(ref, digits);
  const problem = tooLongText(t, p.value, p.maxLength);
  const error = problem ?? p.error;
  return (
    <RacTextField
      ref={ref}
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(v) => p.onChange(digits ? toWesternDigits(v) : v)}
      isInvalid={!!error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      type={p.type ?? 'text'}
      autoComplete={p.autoComplete}
      autoFocus={p.autoFocus}
      inputMode={p.inputMode}
      validationBehavior="aria"
      {...{ [INPUT_PROBLEM]: problem ? 'too_long' : undefined }}
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <Input className="input" ref={p.inputRef} dir={p.dir} lang={p.lang} placeholder={p.placeholder} spellCheck={p.spellCheck} />
      <Help description={p.description} error={error} />
    </RacTextField>
  );
}

export interface TextAreaInputProps extends FieldBase {
  value: string;
  onChange(value: string): void;
  maxLength?: number;
  rows?: number;
  /** Shows "n / max" under the field. */
  counter?: (length: number, max: number) => ReactNode;
  onKeyDown?: (e: React.KeyboardEvent<HTMLTextAreaElement>) => void;
  autoFocus?: boolean;
  /** The language and direction of what is typed, when they are not the UI's (a translation). */
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
}

export function TextAreaInput(p: TextAreaInputProps) {
  const t = useT();
  const problem = tooLongText(t, p.value, p.maxLength);
  const error = problem ?? p.error;
  return (
    <RacTextField
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      autoFocus={p.autoFocus}
      validationBehavior="aria"
      {...{ [INPUT_PROBLEM]: problem ? 'too_long' : undefined }}
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <TextArea className="input textarea" rows={p.rows ?? 4} onKeyDown={p.onKeyDown} lang={p.lang} dir={p.dir} />
      <div className="field-foot">
        <Help description={p.description} error={error} />
        {p.counter && p.maxLength ? (
          <span className={problem ? 'field-counter is-over' : 'field-counter'} aria-live="off">
            {p.counter(charCount(p.value), p.maxLength)}
          </span>
        ) : null}
      </div>
    </RacTextField>
  );
}

export interface Option {
  id: string;
  label: string;
  /** A second line (agency, fee...) */
  detail?: ReactNode;
  textValue?: string;
  lang?: string;
}

export interface SelectInputProps extends FieldBase {
  value: string | null;
  onChange(value: string | null): void;
  options: Option[];
  placeholder: string;
  /** Accessible name when the visible label is hidden (compact filters). */
  hideLabel?: boolean;
}

export function SelectInput(p: SelectInputProps) {
  return (
    <RacSelect
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(k: Key | null) => p.onChange(k === null ? null : String(k))}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      placeholder={p.placeholder}
      validationBehavior="aria"
    >
      <Label className={p.hideLabel ? 'field-label visually-hidden' : 'field-label'}>
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <Button className="input select-button">
        <SelectValue className="select-value" />
        <ChevronDown className="select-chevron" size={16} aria-hidden="true" />
      </Button>
      <Help description={p.description} error={p.error} />
      <Popover className="popover">
        <ListBox className="listbox" items={p.options}>
          {(o) => (
            <ListBoxItem id={o.id} className="option" textValue={o.textValue ?? o.label} lang={o.lang}>
              {({ isSelected }) => (
                <>
                  <span className="option-label">{o.label}</span>
                  {isSelected ? <Check size={16} className="option-check" aria-hidden="true" /> : null}
                </>
              )}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </RacSelect>
  );
}

export interface ComboBoxInputProps extends FieldBase {
  value: string | null;
  onChange(value: string | null): void;
  options: Option[];
  placeholder?: string;
  /** Custom matching (e.g. every language's name and the code). */
  filter?: (option: Option, input: string) => boolean;
  emptyText: string;
  inputRef?: Ref<HTMLInputElement>;
  allowsCustomValue?: boolean;
  inputValue?: string;
  onInputChange?: (value: string) => void;
}

export function ComboBoxInput(p: ComboBoxInputProps) {
  return (
    <RacComboBox
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(k: Key | null) => p.onChange(k === null ? null : String(k))}
      inputValue={p.inputValue}
      onInputChange={p.onInputChange}
      allowsCustomValue={p.allowsCustomValue}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      validationBehavior="aria"
      defaultItems={p.options}
      defaultFilter={
        p.filter
          ? (text: string, input: string) => {
              const o = p.options.find((x) => (x.textValue ?? x.label) === text);
              return o ? p.filter!(o, input) : text.toLocaleLowerCase().includes(input.toLocaleLowerCase());
            }
          : undefined
      }
      menuTrigger="focus"
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <div className="combo">
        <Input className="input combo-input" ref={p.inputRef} placeholder={p.placeholder} />
        <Button className="combo-button" excludeFromTabOrder>
          <ChevronsUpDown size={16} aria-hidden="true" />
        </Button>
      </div>
      <Help description={p.description} error={p.error} />
      <Popover className="popover combo-popover">
        <ListBox
          className="listbox"
          renderEmptyState={() => <div className="listbox-empty">{p.emptyText}</div>}
        >
          {(o: Option) => (
            <ListBoxItem id={o.id} className="option" textValue={o.textValue ?? o.label} lang={o.lang}>
              {({ isSelected }) => (
                <>
                  <span className="option-text">
                    <Text slot="label" className="option-label">{o.label}</Text>
                    {o.detail ? <Text slot="description" className="option-detail">{o.detail}</Text> : null}
                  </span>
                  {isSelected ? <Check size={16} className="option-check" aria-hidden="true" /> : null}
                </>
              )}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </RacComboBox>
  );
}

export interface CheckboxInputProps {
  name?: string;
  isSelected: boolean;
  onChange(selected: boolean): void;
  children: ReactNode;
  description?: ReactNode;
  className?: string;
  isDisabled?: boolean;
  isRequired?: boolean;
  /** A server field error, shown under the box and announced with it. */
  error?: string;
}

export function CheckboxInput(p: CheckboxInputProps) {
  const errorId = useId();
  return (
    <>
      <RacCheckbox
        className={`checkbox ${p.className ?? ''}`}
        name={p.name}
        isSelected={p.isSelected}
        onChange={p.onChange}
        isDisabled={p.isDisabled}
        isRequired={p.isRequired}
        isInvalid={!!p.error}
        validationBehavior="aria"
        aria-describedby={p.error ? errorId : undefined}
      >
        <span className="checkbox-box" aria-hidden="true">
          <Check size={14} strokeWidth={3} />
        </span>
        <span className="checkbox-text">
          <span className="checkbox-label">
            {p.children}
            <RequiredMark isRequired={p.isRequired} />
          </span>
          {p.description ? <span className="checkbox-description">{p.description}</span> : null}
        </span>
      </RacCheckbox>
      {p.error ? <p id={errorId} className="field-error">{p.error}</p> : null}
    </>
  );
}

export interface SegmentedProps<V extends string> {
  name: string;
  label: ReactNode;
  value: V;
  onChange(v: V): void;
  options: { id: V; label: string; icon?: ReactNode }[];
  error?: string;
  className?: string;
}

/** A radio group drawn as a segmented control: one tab stop, arrows move. */
export function Segmented<V extends string>(p: SegmentedProps<V>) {
  return (
    <RadioGroup
      className={`field segmented-field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(v) => p.onChange(v as V)}
      orientation="horizontal"
      isInvalid={!!p.error}
      validationBehavior="aria"
    >
      <Label className="field-label">{p.label}</Label>
      <div className="segmented">
        {p.options.map((o) => (
          <Radio key={o.id} value={o.id} className="segment">
            {o.icon}
            <span>{o.label}</span>
          </Radio>
        ))}
      </div>
      {p.error ? <FieldError className="field-error">{p.error}</FieldError> : null}
    </RadioGroup>
  );
}

export interface NumberInputProps extends FieldBase {
  value: number;
  onChange(value: number): void;
  minValue?: number;
  maxValue?: number;
  formatOptions?: Intl.NumberFormatOptions;
  step?: number;
}

export function NumberInput(p: NumberInputProps) {
  const ref = useRef<HTMLDivElement>(null);
  useWesternDigits(ref);
  return (
    <RacNumberField
      ref={ref}
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      minValue={p.minValue}
      maxValue={p.maxValue}
      step={p.step}
      formatOptions={p.formatOptions}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      validationBehavior="aria"
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <Input className="input number-input" />
      <Help description={p.description} error={p.error} />
    </RacNumberField>
  );
}

export interface DateInputFieldProps extends FieldBase {
  value: CalendarDate | null;
  onChange(value: CalendarDate | null): void;
  maxValue?: CalendarDate;
}

/** Why what is typed in a date field is not a date yet. */
export type DateProblem = { kind: 'incomplete' } | { kind: 'short_year' } | { kind: 'impossible'; month: string; days: number };

/**
 * What the segments hold, judged as typed: nothing, a date, or a problem. Day, month and year are
 * in the field's calendar (Persian for Persian), so "31 Esfand" is as impossible as "31 February".
 */
export function dateProblem(state: DateFieldState, locale: string): DateProblem | null {
  const parts = state.segments.filter((s) => s.type === 'day' || s.type === 'month' || s.type === 'year');
  const filled = parts.filter((s) => !s.isPlaceholder);
  if (filled.length === 0) return null;
  if (filled.length < parts.length) return { kind: 'incomplete' };
  const part = (type: string) => parts.find((s) => s.type === type)?.value ?? 0;
  const [year, month, day] = [part('year'), part('month'), part('day')];
  if (year < 1000) return { kind: 'short_year' };
  const first = new CalendarDate(state.calendar, year, month, 1);
  const days = state.calendar.getDaysInMonth(first);
  if (day <= days) return null;
  const name = new DateFormatter(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first.toDate('UTC'));
  return { kind: 'impossible', month: name, days };
}

function dateProblemText(t: T, p: DateProblem): string {
  switch (p.kind) {
    case 'incomplete':
      return t('input.date_incomplete');
    case 'short_year':
      return t('input.date_short_year');
    case 'impossible':
      return t('input.date_impossible', { month: p.month, days: p.days });
  }
}

/**
 * A typed date in the UI's locale and calendar; the caller converts to ISO. What is typed is
 * never changed behind the clerk's back: a date that does not exist (31 February) stays as typed
 * instead of becoming the month's last day, and it and an incomplete one (day and month only) are
 * named next to the field and hold back the form (see `refuseInputProblems`).
 */
export function DateInputField(p: DateInputFieldProps) {
  const t = useT();
  const { fmt } = useApp();
  const { locale } = useLocale();
  const rootRef = useRef<HTMLDivElement>(null);
  const fieldRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useWesternDigits(rootRef);
  const base = useDateFieldState({
    value: p.value,
    onChange: (v) => p.onChange(v as CalendarDate | null),
    maxValue: p.maxValue,
    isRequired: p.isRequired,
    isDisabled: p.isDisabled,
    validationBehavior: 'aria',
    granularity: 'day',
    locale,
    createCalendar,
  });
  // On leaving the field, react-aria would turn an impossible date into the month's last day
  // ("31/02" becomes "28/02"): keep it as typed instead.
  const state: DateFieldState = { ...base, confirmPlaceholder: () => {} };
  const problem = dateProblem(state, locale);
  const problemText = problem ? dateProblemText(t, problem) : null;
  const { revealed, onBlur } = useRevealed(rootRef, problemText);
  const error = (revealed ? problemText : null) ?? p.error;
  const isInvalid = !!error || state.isInvalid;
  // Typed in the language's calendar, shown back in the office's (which documents and periods
  // use) where the two differ: a Persian clerk in a Gregorian office sees what she typed as the
  // office will print it.
  const echo =
    p.value && !problem && fmt.inputCalendar !== fmt.calendar
      ? t('input.date_in_office_calendar', { date: fmt.officeDate(toCalendar(p.value, new GregorianCalendar()).toString()) })
      : null;
  const description = echo ? (
    <>
      {p.description ? <>{p.description} · </> : null}
      <span className="date-echo">{echo}</span>
    </>
  ) : (
    p.description
  );
  const { labelProps, fieldProps, inputProps, descriptionProps, errorMessageProps, ...validation } = useDateField(
    { label: p.label, isRequired: p.isRequired, isDisabled: p.isDisabled, isInvalid: !!error, inputRef, validationBehavior: 'aria', name: p.name },
    state,
    fieldRef,
  );
  return (
    <Provider
      values={[
        [DateFieldStateContext, state],
        [GroupContext, { ...fieldProps, ref: fieldRef, isInvalid, isDisabled: state.isDisabled }],
        [InputContext, { ...inputProps, ref: inputRef }],
        [LabelContext, { ...labelProps, elementType: 'span' }],
        [TextContext, { slots: { description: descriptionProps, errorMessage: errorMessageProps } }],
        [FieldErrorContext, { ...validation, isInvalid: !!error }],
      ]}
    >
      <div
        ref={rootRef}
        className={`field ${p.className ?? ''}`}
        data-invalid={isInvalid || undefined}
        data-required={p.isRequired || undefined}
        onBlur={onBlur}
        {...{ [INPUT_PROBLEM]: problem?.kind }}
      >
        <Label className="field-label">
          {p.label}
          <RequiredMark isRequired={p.isRequired} />
        </Label>
        <DateInput className="input date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        <Help description={description} error={error ?? undefined} />
      </div>
    </Provider>
  );
}
