import { useId, type ReactNode, type Ref } from 'react';
import {
  Button,
  Checkbox as RacCheckbox,
  ComboBox as RacComboBox,
  DateField as RacDateField,
  DateInput,
  DateSegment,
  FieldError,
  Input,
  Label,
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
import type { CalendarDate } from '@internationalized/date';
import { Check, ChevronDown, ChevronsUpDown } from 'lucide-react';

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

function Help({ description, error }: { description?: ReactNode; error?: string }) {
  return (
    <>
      {description && !error ? <Text slot="description" className="field-help">{description}</Text> : null}
      {error ? <FieldError className="field-error">{error}</FieldError> : null}
    </>
  );
}

function RequiredMark({ isRequired }: { isRequired?: boolean }) {
  return isRequired ? <span className="required-mark" aria-hidden="true">*</span> : null;
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
}

export function TextInput(p: TextInputProps) {
  return (
    <RacTextField
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      type={p.type ?? 'text'}
      autoComplete={p.autoComplete}
      autoFocus={p.autoFocus}
      maxLength={p.maxLength}
      inputMode={p.inputMode}
      validationBehavior="aria"
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <Input className="input" ref={p.inputRef} dir={p.dir} placeholder={p.placeholder} spellCheck={p.spellCheck} />
      <Help description={p.description} error={p.error} />
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
}

export function TextAreaInput(p: TextAreaInputProps) {
  return (
    <RacTextField
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      maxLength={p.maxLength}
      validationBehavior="aria"
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <TextArea className="input textarea" rows={p.rows ?? 4} onKeyDown={p.onKeyDown} />
      <div className="field-foot">
        <Help description={p.description} error={p.error} />
        {p.counter && p.maxLength ? (
          <span className="field-counter" aria-live="off">
            {p.counter(p.value.length, p.maxLength)}
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
  return (
    <RacNumberField
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

/** A typed date in the UI's locale and calendar; the caller converts to ISO. */
export function DateInputField(p: DateInputFieldProps) {
  return (
    <RacDateField
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(v) => p.onChange(v as CalendarDate | null)}
      maxValue={p.maxValue}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      validationBehavior="aria"
      granularity="day"
    >
      <Label className="field-label">
        {p.label}
        <RequiredMark isRequired={p.isRequired} />
      </Label>
      <DateInput className="input date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
      <Help description={p.description} error={p.error} />
    </RacDateField>
  );
}
