import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Form } from 'react-aria-components';
import { Ban, ShieldCheck, Undo2 } from 'lucide-react';
import type { ReceiptView } from '../../gen/ReceiptView';
import type { SupervisorApproval } from '../../gen/SupervisorApproval';
import { useApp } from '../../app/state';
import { useT, type T } from '../../i18n/useT';
import { toApiError } from '../../host';
import { Banner, ModalDialog } from '../../components/ui';
import { CheckboxInput, TextAreaInput, TextInput } from '../../components/fields';
import { ctrlEnterSubmits, focusFirstInvalid, useFormErrors } from '../../components/forms';
import { DocNumber, MethodLabel } from './labels';
import { mintId } from './model';
import { ReceiptCard } from './ReceiptCard';

const KNOWN = ['reason', 'lines', 'approval', 'approval.username', 'approval.password'] as const;

/**
 * A supervisor's approval, asked for only once the workstation says it is needed (a payment of a
 * session already closed): their user name and password, sent with the same request again.
 */
function useApproval() {
  const [needed, setNeeded] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const approval: SupervisorApproval | null = needed ? { username: username.trim(), password } : null;
  /** Whether a refusal is the first call for a supervisor (the fields then appear). */
  const calledFor = (e: unknown): boolean => {
    if (needed) return false;
    const asks = toApiError(e).fields.some((f) => f.code === 'supervisor_required');
    if (asks) setNeeded(true);
    return asks;
  };
  return { needed, username, setUsername, password, setPassword, approval, calledFor };
}

type Approval = ReturnType<typeof useApproval>;

function ApprovalFields({ a, errors }: { a: Approval; errors: Record<string, string> }) {
  const t = useT();
  if (!a.needed) return null;
  return (
    <fieldset className="fieldset cash-approval">
      <legend className="field-label with-icon"><ShieldCheck size={16} aria-hidden="true" />{t('cash.approval.legend')}</legend>
      <Banner kind="info">{t('cash.approval.help')}</Banner>
      <div className="grid-2">
        <TextInput name="approval.username" label={t('cash.approval.username')} value={a.username} onChange={a.setUsername} isRequired autoComplete="off" autoFocus error={errors['approval.username'] ?? errors.approval} />
        <TextInput name="approval.password" type="password" label={t('cash.approval.password')} value={a.password} onChange={a.setPassword} isRequired autoComplete="off" error={errors['approval.password']} />
      </div>
    </fieldset>
  );
}

/** Marks what the cashier left empty; true when something is. */
function missing(t: T, setField: (path: string, message: string | null) => void, a: Approval, reason: string): boolean {
  let gap = false;
  if (!reason.trim()) {
    setField('reason', t('field_error.required'));
    gap = true;
  }
  if (a.needed && !a.username.trim()) {
    setField('approval.username', t('field_error.required'));
    gap = true;
  }
  if (a.needed && !a.password) {
    setField('approval.password', t('field_error.required'));
    gap = true;
  }
  return gap;
}

/** The payment being taken back, as the dialog's first lines say it. */
function Original({ receipt: r }: { receipt: ReceiptView }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <dl className="meta-grid cash-original">
      <div><dt>{t('cash.receipt.number')}</dt><dd><DocNumber number={r.number} /></dd></div>
      <div><dt>{t('cash.receipt.method')}</dt><dd><MethodLabel method={r.method} /></dd></div>
      <div><dt>{t('cash.receipt.paid')}</dt><dd>{fmt.money(r.paid_minor, r.currency)}</dd></div>
      <div><dt>{t('cash.receipt.issued')}</dt><dd>{fmt.dateTime(r.issued_at)}</dd></div>
      {r.payer_name ? <div><dt>{t('cash.receipt.payer')}</dt><dd>{r.payer_name}</dd></div> : null}
    </dl>
  );
}

/** The dialog's frame: the form, then the new entry of the journal with its prints. */
function TakeBackFrame({ title, done, onClose, onDone, children }: {
  title: string;
  done: ReceiptView | null;
  onClose(): void;
  onDone(): void;
  children: ReactNode;
}) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (done) ref.current?.focus();
  }, [done]);
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && (done ? onDone() : onClose())} title={title} size="lg">
      {done ? (
        <>
          <ReceiptCard receipt={done} visitLocale={null} headingRef={ref} />
          <div className="dialog-actions">
            <Button className="button" onPress={onDone}>{t('common.done')}</Button>
          </div>
        </>
      ) : (
        children
      )}
    </ModalDialog>
  );
}

/** Takes a payment back whole (a mistake), with why; a closed session's needs a supervisor. */
export function VoidDialog({ receipt, onClose, onDone }: { receipt: ReceiptView; onClose(): void; onDone(): void }) {
  const t = useT();
  const { call } = useApp();
  const [id] = useState(mintId);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ReceiptView | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, KNOWN);
  const a = useApproval();

  const submit = async () => {
    clear();
    if (missing(t, setField, a, reason)) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      setDone(await call('void_receipt', { id, receipt_id: receipt.id, reason: reason.trim(), approval: a.approval }));
    } catch (e) {
      if (!a.calledFor(e)) fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <TakeBackFrame title={done ? t('cash.void.done_title') : t('cash.void.title', { number: receipt.number })} done={done} onClose={onClose} onDone={onDone}>
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('cash.void.help')}</p>
        <Original receipt={receipt} />
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error" title={errors.form}>{errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}</Banner> : null}
        <TextAreaInput name="reason" onKeyDown={ctrlEnterSubmits(formRef)} autoFocus label={t('cash.takeback.reason')} description={t('cash.void.reason_help')} value={reason} onChange={setReason} isRequired maxLength={500} rows={3} error={errors.fields.reason} />
        <ApprovalFields a={a} errors={errors.fields} />
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-destructive" isDisabled={busy} data-busy={busy || undefined}>
            <Ban size={16} aria-hidden="true" />
            {t('cash.void.submit')}
          </Button>
        </div>
      </Form>
    </TakeBackFrame>
  );
}

/** Pays back some lines of a payment, with why; a closed session's needs a supervisor. */
export function RefundDialog({ receipt, onClose, onDone }: { receipt: ReceiptView; onClose(): void; onDone(): void }) {
  const t = useT();
  const { call, fmt } = useApp();
  const [id] = useState(mintId);
  const [chosen, setChosen] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ReceiptView | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, KNOWN);
  const a = useApproval();
  const back = receipt.lines.filter((_, i) => chosen.includes(i)).reduce((sum, l) => sum + l.amount_minor, 0);

  const submit = async () => {
    clear();
    const gap = missing(t, setField, a, reason);
    if (chosen.length === 0) setField('lines', t('cash.refund.lines_required'));
    if (gap || chosen.length === 0) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      setDone(await call('refund_receipt', { id, receipt_id: receipt.id, lines: [...chosen].sort((x, y) => x - y), reason: reason.trim(), approval: a.approval }));
    } catch (e) {
      if (!a.calledFor(e)) fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <TakeBackFrame title={done ? t('cash.refund.done_title') : t('cash.refund.title', { number: receipt.number })} done={done} onClose={onClose} onDone={onDone}>
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('cash.refund.help')}</p>
        <Original receipt={receipt} />
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error" title={errors.form}>{errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}</Banner> : null}
        <fieldset className="fieldset" data-invalid={errors.fields.lines ? true : undefined}>
          <legend className="field-label">{t('cash.refund.lines')}</legend>
          <div className="cash-refund-lines">
            {receipt.lines.map((l, i) => (
              <CheckboxInput
                key={`${l.ref_id}-${i}`}
                name={`lines.${i}`}
                isSelected={chosen.includes(i)}
                onChange={(on) => setChosen((c) => (on ? [...c, i] : c.filter((x) => x !== i)))}
                description={l.ref_label ? <span dir="ltr">{l.ref_label}</span> : undefined}
              >
                <span dir="auto">{l.description}</span> · {fmt.money(l.amount_minor, receipt.currency)}
              </CheckboxInput>
            ))}
          </div>
          {errors.fields.lines ? <p className="field-error" role="alert">{errors.fields.lines}</p> : null}
        </fieldset>
        <p className="cash-refund-total" role="status">{t('cash.refund.total', { amount: fmt.money(back, receipt.currency) })}</p>
        <TextAreaInput name="reason" onKeyDown={ctrlEnterSubmits(formRef)} label={t('cash.takeback.reason')} description={t('cash.refund.reason_help')} value={reason} onChange={setReason} isRequired maxLength={500} rows={3} error={errors.fields.reason} />
        <ApprovalFields a={a} errors={errors.fields} />
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-destructive" isDisabled={busy} data-busy={busy || undefined}>
            <Undo2 size={16} aria-hidden="true" />
            {t('cash.refund.submit')}
          </Button>
        </div>
      </Form>
    </TakeBackFrame>
  );
}
