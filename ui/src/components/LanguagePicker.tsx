import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { Check, Globe } from 'lucide-react';
import type { Locale } from '../gen/Locale';
import { ENDONYMS, LOCALES, isLocale } from '../i18n/locales';
import { useT } from '../i18n/useT';
import { useApp } from '../app/state';

/** Switches the UI language at once (and remembers it for the signed-in member of staff). */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { locale, changeLocale } = useApp();
  const t = useT();
  return (
    <Select
      className={compact ? 'language-picker language-picker-compact' : 'field language-picker'}
      value={locale}
      onChange={(k) => {
        if (isLocale(k)) void changeLocale(k);
      }}
    >
      <Label className={compact ? 'visually-hidden' : 'field-label'}>{t('common.language')}</Label>
      <Button className={compact ? 'button button-ghost language-button' : 'input select-button'}>
        <Globe size={16} aria-hidden="true" />
        <SelectValue className="select-value" />
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {LOCALES.map((l: Locale) => (
            <ListBoxItem key={l} id={l} className="option" textValue={ENDONYMS[l]} lang={l}>
              {({ isSelected }) => (
                <>
                  <span className="option-label" lang={l} dir={l === 'fa' ? 'rtl' : 'ltr'}>{ENDONYMS[l]}</span>
                  {isSelected ? <Check size={16} className="option-check" aria-hidden="true" /> : null}
                </>
              )}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
