import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Check, Pencil } from 'lucide-react';
import type { CaseDetail } from '../../gen/CaseDetail';
import type { Priority } from '../../gen/Priority';
import type { UpdateCaseRequest } from '../../gen/UpdateCaseRequest';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { Segmented, TextAreaInput, TextInput } from '../../components/fields';
import { Banner, ModalDialog } from '../../components/ui';
import { useFormErrors, submitForm } from '../../components/forms';

const FIELDS = ['subject', 'description', 'priority'] as const;
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
const MAX_DESCRIPTION = 4000;

/** A left-to-right value (a case number) inside a translated sentence, isolated for bidi. */
const isolate = (s: string) => `\u2066${s}\u2069`;

/** "Edit": the case's subject, description and priority, after intake. */
export function EditCaseButton({ detail, onChange }: { detail: CaseDetail; onChange(d: CaseDetail): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button className="button button-secondary button-sm case-edit" onPress={() => setOpen(true)}>
        <Pencil size={14} aria-hidden="true" />
        {t('case.edit')}
      </Button>
      {open ? <EditCaseDialog detail={detail} onChange={onChange} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function EditCaseDialog({ detail, onChange, onClose }: { detail: CaseDetail; onChange(d: CaseDetail): void; onClose(): void }) {
  const t = useT();
  const { call, toast, fmt } = useApp();
  const s = detail.summary;
  const [subject, setSubject] = useState(s.subject);
  const [description, setDescription] = useState(detail.description);
  const [priority, setPriority] = useState<Priority>(s.priority);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, FIELDS);

  const save = async () => {
    if (busy) return;
    // Only what changed travels: edits on several workstations merge field by field.
    const request: UpdateCaseRequest = { case_id: s.id };
    if (subject !== s.subject) request.subject = subject;
    if (description !== detail.description) request.description = description;
    if (priority !== s.priority) request.priority = priority;
    if (request.subject === undefined && request.description === undefined && request.priority === undefined) {
      onClose();
      return;
    }
    setBusy(true);
    clear();
    try {
      onChange(await call('update_case', request));
      toast(t('case.saved'));
      onClose();
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  const fieldCount = Object.keys(errors.fields).length;
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('case.edit_title', { number: isolate(s.number) })} size="md">
      <form
        ref={formRef}
        className="form"
        noValidate
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submitForm(formRef.current);
          }
        }}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {errors.form ? (
          <Banner kind="error" title={errors.form}>
            {fieldCount > 0 ? <p>{t('form.fix_fields', { count: fieldCount })}</p> : null}
            {errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}
          </Banner>
        ) : null}
        <TextInput
          name="subject"
          label={t('intake.subject')}
          value={subject}
          onChange={setSubject}
          isRequired
          autoFocus
          maxLength={200}
          error={errors.fields.subject}
          description={t('intake.subject_help')}
        />
        <TextAreaInput
          name="description"
          label={t('intake.description')}
          value={description}
          onChange={setDescription}
          maxLength={MAX_DESCRIPTION}
          rows={5}
          error={errors.fields.description}
          counter={(n, max) => t('form.counter', { count: fmt.number(n), max: fmt.number(max) })}
        />
        <Segmented<Priority>
          name="priority"
          label={t('intake.priority')}
          value={priority}
          onChange={setPriority}
          options={PRIORITIES.map((p) => ({ id: p, label: t(`priority.${p}` as MessageId) }))}
          error={errors.fields.priority}
        />
        <p className="hint"><kbd dir="ltr">Ctrl</kbd> + <kbd dir="ltr">Enter</kbd> {t('case.edit_shortcut')}</p>
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
            <Check size={16} aria-hidden="true" />
            {t('common.save')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
