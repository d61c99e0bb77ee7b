import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { CheckCircle2, Download, Printer } from 'lucide-react';
import type { FeedbackDetail } from '../../gen/FeedbackDetail';
import type { FeedbackSettings } from '../../gen/FeedbackSettings';
import type { FeedbackStep } from '../../gen/FeedbackStep';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { ENDONYMS, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { CheckboxInput, SelectInput, TextAreaInput, TextInput, type Option } from '../../components/fields';
import { ctrlEnterSubmits, focusFirstInvalid, useFormErrors } from '../../components/forms';
import { useFeedbackDocument } from './documents';

/** The steps that open a dialog (`start` is taken at once). */
export type StepCode = 'start' | 'assign' | 'answer' | 'close' | 'reject' | 'reopen' | 'note';

const ANSWER_MAX = 8000;
const TEXT_MAX = 1000;
const SHORT_MAX = 200;
const NONE = 'none';

/** The server names a step's fields either bare (`answer`) or under the request (`step.answer`). */
const KNOWN = ['agency_code', 'department', 'assignee_id', 'answer', 'public_note', 'root_cause', 'adopted', 'reason', 'text', 'public'].flatMap((f) => [f, `step.${f}`]);

const TITLE: Record<Exclude<StepCode, 'start'>, MessageId> = {
  assign: 'feedback.step.assign',
  answer: 'feedback.step.answer',
  close: 'feedback.step.close',
  reject: 'feedback.step.reject',
  reopen: 'feedback.step.reopen',
  note: 'feedback.step.note',
};

/**
 * One step of an item's handling, as a dialog: who handles it, the answer to the citizen (and
 * then its letter to print), closing with its root cause, rejecting or reopening with a reason,
 * or a note. What the step returns (the item as it now stands) goes to `onDone`.
 */
export function StepDialog({ step, detail, settings, onClose, onDone }: {
  step: StepCode;
  detail: FeedbackDetail;
  settings: FeedbackSettings | null;
  onClose(): void;
  onDone(detail: FeedbackDetail): void;
}) {
  const t = useT();
  const { call, catalogue, staff, locale } = useApp();
  const s = detail.summary;
  const [agency, setAgency] = useState<string>(s.agency_code ?? NONE);
  const [department, setDepartment] = useState(detail.department ?? '');
  const [assignee, setAssignee] = useState<string>(detail.assignee_id ?? NONE);
  const [answer, setAnswer] = useState(detail.answer ?? '');
  const [publicNote, setPublicNote] = useState('');
  const [rootCause, setRootCause] = useState<string | null>(null);
  const [adopted, setAdopted] = useState(false);
  const [text, setText] = useState('');
  const [isPublic, setIsPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState<FeedbackDetail | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, KNOWN);
  const fieldError = (f: string) => errors.fields[f] ?? errors.fields[`step.${f}`];
  const suggestion = s.kind === 'suggestion' || s.kind === 'idea';

  if (step === 'start') return null;

  const agencies: Option[] = [
    { id: NONE, label: t('feedback.no_agency') },
    ...(catalogue?.agencies ?? []).filter((a) => a.active || a.code === s.agency_code).map((a) => ({ id: a.code, label: pickName(a.names, locale) })),
  ];
  const people: Option[] = [
    { id: NONE, label: t('feedback.nobody') },
    ...(staff ?? []).filter((p) => p.active || p.id === detail.assignee_id).map((p) => ({ id: p.id, label: p.display_name })),
  ];
  const causes: Option[] = (settings?.root_causes ?? []).filter((r) => r.active).map((r) => ({ id: r.code, label: pickName(r.names, locale) || r.code }));

  /** The step as the request carries it, or the field that is missing. */
  const build = (): FeedbackStep | [string, string] => {
    switch (step) {
      case 'assign':
        return { action: 'assign', agency_code: agency === NONE ? null : agency, department: department.trim() || null, assignee_id: assignee === NONE ? null : assignee };
      case 'answer':
        return answer.trim() ? { action: 'answer', answer: answer.trim(), public_note: publicNote.trim() || null } : ['answer', t('field_error.required')];
      case 'close':
        return rootCause ? { action: 'close', root_cause: rootCause, adopted: suggestion ? adopted : null } : ['root_cause', t('feedback.error.root_cause')];
      case 'reject':
        return text.trim() ? { action: 'reject', reason: text.trim() } : ['reason', t('field_error.required')];
      case 'reopen':
        return text.trim() ? { action: 'reopen', reason: text.trim() } : ['reason', t('field_error.required')];
      case 'note':
        return text.trim() ? { action: 'note', text: text.trim(), public: isPublic } : ['text', t('field_error.required')];
    }
  };

  const submit = async () => {
    clear();
    const built = build();
    if (Array.isArray(built)) {
      setField(built[0], built[1]);
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const d = await call('feedback_step', { id: s.id, step: built });
      onDone(d);
      // An answer is written as a letter in the citizen's language: offer it before closing.
      if (step === 'answer') setAnswered(d);
      else onClose();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t(TITLE[step])} size={step === 'answer' ? 'lg' : 'md'}>
      {answered ? (
        <AnswerLetter detail={answered} onClose={onClose} />
      ) : (
        <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <p className="form-intro">{t(`feedback.step_help.${step}` as MessageId, { language: ENDONYMS[s.locale] })}</p>
          {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
          {step === 'assign' ? (
            <>
              <SelectInput name="agency_code" label={t('feedback.agency')} value={agency} onChange={(v) => setAgency(v ?? NONE)} options={agencies} placeholder={t('feedback.no_agency')} error={fieldError('agency_code')} />
              <TextInput name="department" label={t('feedback.department')} value={department} onChange={setDepartment} maxLength={SHORT_MAX} error={fieldError('department')} />
              <SelectInput name="assignee_id" label={t('feedback.assignee')} value={assignee} onChange={(v) => setAssignee(v ?? NONE)} options={people} placeholder={t('feedback.nobody')} error={fieldError('assignee_id')} />
            </>
          ) : null}
          {step === 'answer' ? (
            <>
              <TextAreaInput
                name="answer"
                label={t('feedback.answer_label', { language: ENDONYMS[s.locale] })}
                value={answer}
                onChange={setAnswer}
                maxLength={ANSWER_MAX}
                rows={10}
                isRequired
                autoFocus
                counter={(n, max) => t('form.counter', { count: n, max })}
                onKeyDown={ctrlEnterSubmits(formRef)}
                error={fieldError('answer')}
              />
              <TextAreaInput
                name="public_note"
                label={t('feedback.public_note_label')}
                description={t('feedback.public_note_help')}
                value={publicNote}
                onChange={setPublicNote}
                maxLength={TEXT_MAX}
                rows={2}
                onKeyDown={ctrlEnterSubmits(formRef)}
                error={fieldError('public_note')}
              />
            </>
          ) : null}
          {step === 'close' ? (
            <>
              {causes.length ? (
                <SelectInput name="root_cause" label={t('feedback.root_cause')} value={rootCause} onChange={setRootCause} options={causes} placeholder={t('common.choose')} isRequired error={fieldError('root_cause')} />
              ) : (
                <Banner kind="warning">{t('feedback.no_root_causes')}</Banner>
              )}
              {suggestion ? (
                <CheckboxInput isSelected={adopted} onChange={setAdopted} description={t('feedback.adopted_help')} error={fieldError('adopted')}>
                  {t('feedback.adopted')}
                </CheckboxInput>
              ) : null}
            </>
          ) : null}
          {step === 'reject' || step === 'reopen' ? (
            <TextAreaInput
              name="reason"
              label={t('feedback.reason')}
              description={step === 'reject' ? t('feedback.reject_help') : undefined}
              value={text}
              onChange={setText}
              maxLength={TEXT_MAX}
              rows={3}
              isRequired
              autoFocus
              onKeyDown={ctrlEnterSubmits(formRef)}
              error={fieldError('reason')}
            />
          ) : null}
          {step === 'note' ? (
            <>
              <TextAreaInput name="text" label={t('feedback.note')} value={text} onChange={setText} maxLength={TEXT_MAX} rows={3} isRequired autoFocus onKeyDown={ctrlEnterSubmits(formRef)} error={fieldError('text')} />
              <CheckboxInput isSelected={isPublic} onChange={setIsPublic} description={t('feedback.note_public_help')} error={fieldError('public')}>
                {t('feedback.note_public')}
              </CheckboxInput>
            </>
          ) : null}
          <div className="dialog-actions">
            <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" className={`button ${step === 'reject' ? 'button-destructive' : 'button-primary'}`} isDisabled={busy || (step === 'close' && !causes.length)} data-busy={busy || undefined}>
              {t(TITLE[step])}
            </Button>
          </div>
        </Form>
      )}
    </ModalDialog>
  );
}

/** After the answer: its letter, in the citizen's language, to print or save now. */
function AnswerLetter({ detail, onClose }: { detail: FeedbackDetail; onClose(): void }) {
  const t = useT();
  const letter = useFeedbackDocument();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const request = { kind: 'feedback_answer', item_id: detail.summary.id } as const;
  return (
    <div className="form">
      <p ref={ref} tabIndex={-1} className="fb-answered with-icon" role="status">
        <CheckCircle2 size={18} aria-hidden="true" />
        {t('feedback.answered_print', { language: ENDONYMS[detail.summary.locale] })}
      </p>
      <div className="dialog-actions">
        <Button className="button" onPress={onClose}>{t('common.done')}</Button>
        <Button className="button button-secondary" onPress={() => void letter.run(request, 'save')} data-busy={letter.busy === 'feedback_answer-save' || undefined}>
          <Download size={16} aria-hidden="true" />
          {t('feedback.letter_save')}
        </Button>
        <Button className="button button-primary" onPress={() => void letter.run(request, 'print')} data-busy={letter.busy === 'feedback_answer-print' || undefined}>
          <Printer size={16} aria-hidden="true" />
          {t('feedback.letter_print')}
        </Button>
      </div>
    </div>
  );
}
