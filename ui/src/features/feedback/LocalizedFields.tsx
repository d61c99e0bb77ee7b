import type { Locale } from '../../gen/Locale';
import { ENDONYMS, LOCALES } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { TextAreaInput, TextInput, charCount } from '../../components/fields';

export type Texts = Record<Locale, string>;
export const EMPTY_TEXTS: Texts = { en: '', hu: '', sk: '', sv: '', fa: '' };

export function textsFrom(v: { [key in string]?: string }): Texts {
  return { en: v.en ?? '', hu: v.hu ?? '', sk: v.sk ?? '', sv: v.sv ?? '', fa: v.fa ?? '' };
}

/** The languages filled in, as the request carries them (blank ones left out). */
export function textsOut(v: Texts): { [key in string]: string } {
  return Object.fromEntries(LOCALES.filter((l) => v[l].trim()).map((l) => [l, v[l].trim()]));
}

/**
 * A text in the five languages: the office's first and required (the survey is asked in it), the
 * others folded under it until opened, or open while one of them holds an error. Each is its own
 * labelled field in its language's direction.
 */
export function LocalizedFields({ path, label, value, onChange, errors, office, max, multiline, required = true }: {
  path: string;
  label: string;
  value: Texts;
  onChange(v: Texts): void;
  errors: Record<string, string>;
  office: Locale;
  max: number;
  multiline?: boolean;
  /** The office's language must be written (a title, a question); an introduction may be left out. */
  required?: boolean;
}) {
  const t = useT();
  const others = LOCALES.filter((l) => l !== office);
  const filled = others.filter((l) => value[l].trim()).length;
  const otherError = others.some((l) => errors[`${path}.${l}`] || charCount(value[l].trim()) > max);
  const field = (l: Locale, first: boolean) => {
    const props = {
      name: `${path}.${l}`,
      label: (
        <>
          {first ? label : t('survey.in_language', { language: ENDONYMS[l] })}
          {first ? <span className="muted"> ({ENDONYMS[l]})</span> : null}
        </>
      ),
      value: value[l],
      onChange: (v: string) => onChange({ ...value, [l]: v }),
      maxLength: max,
      isRequired: first && required,
      error: errors[`${path}.${l}`] ?? (first ? errors[path] : undefined),
      className: `lang-${l}`,
    };
    const dir = l === 'fa' ? 'rtl' : 'ltr';
    return multiline ? <TextAreaInput key={l} {...props} rows={3} lang={l} dir={dir} /> : <TextInput key={l} {...props} lang={l} dir={dir} />;
  };
  return (
    <div className="fb-localized">
      {field(office, true)}
      <details className="fb-translations" open={otherError || undefined}>
        <summary>{t('survey.translations', { filled, total: others.length, label })}</summary>
        <div className="names-grid">{others.map((l) => field(l, false))}</div>
      </details>
    </div>
  );
}
