import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ArrowDownUp, Calculator, FileBarChart, Unlock, Wallet } from 'lucide-react';
import type { CashDesk } from '../../gen/CashDesk';
import type { CashSessionView } from '../../gen/CashSessionView';
import type { MovementDirection } from '../../gen/MovementDirection';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { Segmented, TextInput } from '../../components/fields';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';
import { MoneyInput, parseMoney } from '../../components/money';
import { useCashDocument } from './documents';
import { signedMoney } from './labels';
import { mintId } from './model';
import { CountDialog } from './CountDialog';

/**
 * The top of the cash desk: the session open here (who, since when, the float, what the drawer
 * should hold now) with its cash in and out and its count, or the form that opens one. A session
 * just counted stays in view with its outcome and its Z report.
 */
export function SessionPanel({ desk, closed, onClosed, onChanged }: {
  desk: CashDesk;
  closed: CashSessionView | null;
  onClosed(session: CashSessionView | null): void;
  onChanged(): void;
}) {
  return (
    <>
      {closed ? <ClosedSession session={closed} threshold={desk.settings.difference_threshold_minor} onDismiss={() => onClosed(null)} /> : null}
      {desk.session ? (
        <OpenSession desk={desk} session={desk.session} onChanged={onChanged} onClosed={(s) => { onClosed(s); onChanged(); }} />
      ) : (
        <OpenSessionForm desk={desk} onOpened={() => { onClosed(null); onChanged(); }} onStale={onChanged} />
      )}
    </>
  );
}

function OpenSessionForm({ desk, onOpened, onStale }: { desk: CashDesk; onOpened(s: CashSessionView): void; onStale(): void }) {
  const t = useT();
  const { call, fmt, toast } = useApp();
  const [id] = useState(mintId);
  const [float, setFloat] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, ['float_minor']);

  const open = async () => {
    clear();
    const minor = parseMoney(float);
    if (minor === null) {
      setField('float_minor', t('field_error.required'));
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const s = await call('open_cash_session', { id, float_minor: minor });
      toast(t('cash.session.opened', { amount: fmt.money(s.float_minor, s.currency) }));
      onOpened(s);
    } catch (e) {
      // Opened meanwhile (at this desk, or by this cashier elsewhere): show what is open.
      if (fromError(e, formRef.current).code === 'cash_session_open') onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card cash-session" aria-labelledby="cash-session-title">
      <h2 id="cash-session-title" className="card-title"><Wallet size={16} aria-hidden="true" />{t('cash.session.none_title')}</h2>
      <p className="muted">{t('cash.session.none_help')}</p>
      <Form ref={formRef} className="cash-open-form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void open(); }}>
        {errors.form && !errors.fields.float_minor ? <Banner kind="error">{errors.form}</Banner> : null}
        <MoneyInput name="float_minor" label={t('cash.session.float')} description={t('cash.session.float_help')} value={float} onChange={setFloat} currency={desk.currency} isRequired error={errors.fields.float_minor} />
        <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
          <Unlock size={16} aria-hidden="true" />
          {t('cash.session.open')}
        </Button>
      </Form>
    </section>
  );
}

function OpenSession({ desk, session: s, onChanged, onClosed }: { desk: CashDesk; session: CashSessionView; onChanged(): void; onClosed(s: CashSessionView): void }) {
  const t = useT();
  const { fmt, session } = useApp();
  const [moving, setMoving] = useState(false);
  const [counting, setCounting] = useState(false);
  const money = (m: number) => fmt.money(m, s.currency);
  const someoneElse = session && s.cashier_id !== session.staff.id;
  return (
    <section className="card cash-session" aria-labelledby="cash-session-title">
      <div className="card-head">
        <h2 id="cash-session-title" className="card-title"><Wallet size={16} aria-hidden="true" />{t('cash.session.open_title')}</h2>
        <div className="row-actions">
          <Button className="button button-secondary" onPress={() => setMoving(true)}>
            <ArrowDownUp size={16} aria-hidden="true" />
            {t('cash.session.move')}
          </Button>
          <Button className="button button-primary" onPress={() => setCounting(true)}>
            <Calculator size={16} aria-hidden="true" />
            {t('cash.session.count')}
          </Button>
        </div>
      </div>
      {someoneElse ? <Banner kind="info">{t('cash.session.someone_else', { name: s.cashier_name })}</Banner> : null}
      <dl className="meta-grid cash-session-facts">
        <div><dt>{t('cash.session.desk')}</dt><dd>{s.desk || desk.desk || '—'}</dd></div>
        <div><dt>{t('cash.session.cashier')}</dt><dd>{s.cashier_name}</dd></div>
        <div><dt>{t('cash.session.opened_at')}</dt><dd>{fmt.dateTime(s.opened_at)}</dd></div>
        <div><dt>{t('cash.session.float')}</dt><dd>{money(s.float_minor)}</dd></div>
        <div><dt>{t('cash.session.moved_in')}</dt><dd>{money(s.moved_in_minor)}</dd></div>
        <div><dt>{t('cash.session.moved_out')}</dt><dd>{money(s.moved_out_minor)}</dd></div>
        <div><dt>{t('cash.session.receipts')}</dt><dd>{fmt.number(s.receipts)}</dd></div>
        <div className="cash-expected"><dt>{t('cash.session.expected')}</dt><dd>{money(s.expected_minor)}</dd></div>
      </dl>
      {moving ? <MovementDialog session={s} onClose={() => setMoving(false)} onDone={() => { setMoving(false); onChanged(); }} /> : null}
      {counting ? (
        <CountDialog
          session={s}
          denominations={desk.denominations}
          threshold={desk.settings.difference_threshold_minor}
          onClose={() => setCounting(false)}
          onClosed={(closed) => { setCounting(false); onClosed(closed); }}
        />
      ) : null}
    </section>
  );
}

/** Cash put into the drawer (change from the bank) or taken out (to the safe), with why. */
function MovementDialog({ session, onClose, onDone }: { session: CashSessionView; onClose(): void; onDone(): void }) {
  const t = useT();
  const { call, fmt, toast } = useApp();
  const [id] = useState(mintId);
  const [direction, setDirection] = useState<MovementDirection>('in');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, ['direction', 'amount_minor', 'reason']);

  const submit = async () => {
    clear();
    const minor = parseMoney(amount);
    if (minor === null || minor <= 0) setField('amount_minor', t(minor === null ? 'field_error.required' : 'cash.error.positive'));
    if (!reason.trim()) setField('reason', t('field_error.required'));
    if (minor === null || minor <= 0 || !reason.trim()) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await call('cash_movement', { id, direction, amount_minor: minor, reason: reason.trim() });
      toast(t(direction === 'in' ? 'cash.movement.done_in' : 'cash.movement.done_out', { amount: fmt.money(minor, session.currency) }));
      onDone();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('cash.movement.title')}>
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('cash.movement.help')}</p>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <Segmented<MovementDirection>
          name="direction"
          label={t('cash.movement.direction')}
          value={direction}
          onChange={setDirection}
          options={[{ id: 'in', label: t('cash.movement.in') }, { id: 'out', label: t('cash.movement.out') }]}
          error={errors.fields.direction}
        />
        <MoneyInput name="amount_minor" label={t('cash.movement.amount')} value={amount} onChange={setAmount} currency={session.currency} isRequired autoFocus error={errors.fields.amount_minor} />
        <TextInput name="reason" label={t('cash.movement.reason')} description={t('cash.movement.reason_help')} value={reason} onChange={setReason} isRequired maxLength={500} error={errors.fields.reason} />
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>{t('cash.movement.submit')}</Button>
        </div>
      </Form>
    </ModalDialog>
  );
}

/**
 * A session just counted: closed, or waiting for a supervisor because the difference is above
 * the office's threshold. Takes the focus (the count dialog that led here is gone) and offers
 * the session's Z report.
 */
function ClosedSession({ session: s, threshold, onDismiss }: { session: CashSessionView; threshold: number; onDismiss(): void }) {
  const t = useT();
  const { fmt } = useApp();
  const docs = useCashDocument();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [s.id]);
  const money = (m: number) => fmt.money(m, s.currency);
  const waiting = s.state === 'awaiting_sign_off';
  return (
    <section className="card cash-closed" aria-labelledby="cash-closed-title">
      <h2 id="cash-closed-title" ref={ref} tabIndex={-1} className="card-title">
        <Calculator size={16} aria-hidden="true" />
        {t('cash.closed.title')}
      </h2>
      <Banner kind={waiting ? 'warning' : 'success'} title={waiting ? t('cash.closed.awaiting_title') : t('cash.closed.closed_title')}>
        {waiting ? t('cash.closed.awaiting_text', { threshold: money(threshold) }) : t('cash.closed.closed_text')}
      </Banner>
      <dl className="meta-grid">
        <div><dt>{t('cash.session.expected')}</dt><dd>{money(s.expected_minor)}</dd></div>
        <div><dt>{t('cash.count.counted')}</dt><dd>{s.counted_minor === null ? '—' : money(s.counted_minor)}</dd></div>
        <div><dt>{t('cash.count.difference')}</dt><dd>{s.difference_minor === null ? '—' : signedMoney(fmt.tag, s.difference_minor, s.currency)}</dd></div>
      </dl>
      <div className="row-actions">
        <Button className="button button-secondary" onPress={() => void docs.run({ kind: 'z_report', session_id: s.id }, 'print')} data-busy={docs.busy === 'z_report-print' || undefined}>
          <FileBarChart size={16} aria-hidden="true" />
          {t('cash.z_report.print')}
        </Button>
        <Button className="button button-ghost" onPress={onDismiss}>{t('common.dismiss')}</Button>
      </div>
    </section>
  );
}
