import type { Locale } from '../../gen/Locale';
import { ENDONYMS, LOCALES } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { TextInput } from '../../components/fields';

export type Names = Record<Locale, string>;
export const EMPTY_NAMES: Names = { en: '', hu: '', sk: '', sv: '', fa: '' };

export function namesFrom(v: { [key in string]?: string }): Names {
  return { en: v.en ?? '', hu: v.hu ?? '', sk: v.sk ?? '', sv: v.sv ?? '', fa: v.fa ?? '' };
}

/** A name in all five languages: each its own labelled field, Persian written right to left. */
export function NamesFields({ path, value, onChange, errors, legend }: { path: string; value: Names; onChange(v: Names): void; errors: Record<string, string>; legend: string }) {
  const t = useT();
  return (
    <fieldset className="names-fields">
      <legend className="field-label">{legend}</legend>
      <div className="names-grid">
        {LOCALES.map((l) => (
          <TextInput
            key={l}
            name={`${path}.${l}`}
            label={<>{t('catalogue.in_language', { language: ENDONYMS[l] })} <span className="lang-code" aria-hidden="true">{l.toUpperCase()}</span></>}
            value={value[l]}
            onChange={(v) => onChange({ ...value, [l]: v })}
            dir={l === 'fa' ? 'rtl' : 'ltr'}
            isRequired
            maxLength={200}
            error={errors[`${path}.${l}`]}
            className={`lang-${l}`}
          />
        ))}
      </div>
    </fieldset>
  );
}
