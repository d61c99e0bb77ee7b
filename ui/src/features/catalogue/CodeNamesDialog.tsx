import { useMemo, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';

import { useT } from '../../i18n/useT';
import { CheckboxInput, TextInput } from '../../components/fields';
import { Banner, ModalDialog } from '../../components/ui';
import { useFormErrors } from '../../components/forms';
import { EMPTY_NAMES, NamesFields, namesFrom, type Names } from './NamesFields';

/**
 * The dialog of a catalogue record that is a code, names in five languages and whether it is
 * active (an agency, a queue category): `save` sends it, and its refusal marks the fields.
 */
export function CodeNamesDialog({
  title, item, code: codeField, onClose, save,
}: {
  title: string;
  item: { code: string; names: { [key in string]?: string }; active: boolean } | null;
  code: { label: string; help: string; maxLength: number };
  onClose(): void;
  save(v: { code: string; names: Names; active: boolean }): Promise<void>;
}) {
  const t = useT();
  const [code, setCode] = useState(item?.code ?? '');
  const [names, setNames] = useState<Names>(item ? namesFrom(item.names) : EMPTY_NAMES);
  const [active, setActive] = useState(item?.active ?? true);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const known = useMemo(() => ['code', 'active', ...['en', 'hu', 'sk', 'sv', 'fa'].map((l) => `names.${l}`)], []);
  const { errors, clear, fromError } = useFormErrors(t, known);
  const submit = async () => {
    setBusy(true);
    clear();
    try {
      await save({ code: code.trim(), names, active });
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={title} size="lg">
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {errors.form ? <Banner kind="error" title={errors.form} /> : null}
        <div className="grid-2">
          <TextInput name="code" label={codeField.label} value={code} onChange={setCode} isRequired maxLength={codeField.maxLength} error={errors.fields.code} description={codeField.help} dir="ltr" autoFocus />
          <div className="field field-center">
            <CheckboxInput isSelected={active} onChange={setActive} description={t('catalogue.active_help')}>{t('catalogue.active')}</CheckboxInput>
          </div>
        </div>
        <NamesFields path="names" legend={t('catalogue.names')} value={names} onChange={setNames} errors={errors.fields} />
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>{t('common.save')}</Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
