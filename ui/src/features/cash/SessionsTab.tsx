import { useCallback, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { FileBarChart, Hourglass, ListChecks, ShieldCheck } from 'lucide-react';
import { parseDate, type CalendarDate } from '@internationalized/date';
import type { CashDesk } from '../../gen/CashDesk';
import type { CashSessionView } from '../../gen/CashSessionView';
import { useApp } from '../../app/state';
import { todayIn } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { DateInputField, TextAreaInput } from '../../components/fields';
import { isoDate } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { ctrlEnterSubmits, focusFirstInvalid, useFormErrors } from '../../components/forms';
import { Banner, ModalDialog } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { useCashDocument } from './documents';
import { SessionStateBadge, signedMoney } from './labels';

/**
 * Sessions as a supervisor sees them: what the drawer should have held, what was counted, the
 * difference and where the session stands; each session's Z report, and a sign-off where one is
 * waiting.
 */
export function SessionTable({ sessions, caption, onSignOff }: { sessions: CashSessionView[]; caption: string; onSignOff?: (s: CashSessionView) => void }) {
  const t = useT();
  const { fmt } = useApp();
  const docs = useCashDocument();
  return (
    <div className="table-scroll-x">
      <table className="table cash-sessions">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cash.session.desk')}</th>
            <th scope="col">{t('cash.session.cashier')}</th>
            <th scope="col">{t('cash.sessions.col_time')}</th>
            <th scope="col">{t('cash.col.state')}</th>
            <th scope="col" className="col-num">{t('cash.session.expected')}</th>
            <th scope="col" className="col-num">{t('cash.count.counted')}</th>
            <th scope="col" className="col-num">{t('cash.count.difference')}</th>
            <th scope="col"><span className="visually-hidden">{t('cash.col.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-session={s.id}>
              <th scope="row">{s.desk || '—'}</th>
              <td>{s.cashier_name}</td>
              <td className="nowrap">
                {fmt.time(s.opened_at)}–{s.closed_at ? fmt.time(s.closed_at) : ''}
                <span className="cell-sub">{fmt.dateOfInstant(s.opened_at)}</span>
              </td>
              <td>
                <SessionStateBadge state={s.state} />
                {s.signed_off_by_name ? <span className="cell-sub">{t('cash.sessions.signed_off_by', { name: s.signed_off_by_name })}</span> : null}
              </td>
              <td className="col-num nowrap">{fmt.money(s.expected_minor, s.currency)}</td>
              <td className="col-num nowrap">{s.counted_minor === null ? '—' : fmt.money(s.counted_minor, s.currency)}</td>
              <td className={`col-num nowrap ${s.difference_minor ? 'cash-diff' : ''}`}>
                {s.difference_minor === null ? '—' : signedMoney(fmt.tag, s.difference_minor, s.currency)}
              </td>
              <td>
                <div className="row-actions">
                  <Button className="button button-ghost button-sm" aria-label={t('cash.z_report.print_of', { name: s.cashier_name, desk: s.desk })} onPress={() => void docs.run({ kind: 'z_report', session_id: s.id }, 'print', s.id)} data-busy={docs.busy === s.id || undefined}>
                    <FileBarChart size={14} aria-hidden="true" />
                    {t('cash.z_report.short')}
                  </Button>
                  {onSignOff && s.state === 'awaiting_sign_off' ? (
                    <Button className="button button-secondary button-sm" aria-label={t('cash.sign_off.open_of', { name: s.cashier_name, desk: s.desk })} onPress={() => onSignOff(s)}>
                      <ShieldCheck size={14} aria-hidden="true" />
                      {t('cash.sign_off.open')}
                    </Button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The supervisor's tab: sessions waiting for a sign-off, then every session of a day. */
export function SessionsTab({ desk, onChanged }: { desk: CashDesk; onChanged(): void }) {
  const t = useT();
  const { call, session, toast } = useApp();
  const [day, setDay] = useState<CalendarDate | null>(() => parseDate(todayIn(session?.office.time_zone ?? null)));
  const [shown, setShown] = useState<string>(() => todayIn(session?.office.time_zone ?? null));
  const [signing, setSigning] = useState<CashSessionView | null>(null);
  const { value: sessions, error, reload } = useFetched(useCallback(() => call('list_cash_sessions', { day: shown }), [call, shown]));
  useRefreshAfterSync(reload);

  return (
    <>
      <section className="card" aria-labelledby="cash-awaiting-title">
        <h2 id="cash-awaiting-title" className="card-title"><Hourglass size={16} aria-hidden="true" />{t('cash.sessions.awaiting')}</h2>
        {desk.awaiting_sign_off.length ? (
          <SessionTable sessions={desk.awaiting_sign_off} caption={t('cash.sessions.awaiting')} onSignOff={setSigning} />
        ) : (
          <p className="muted">{t('cash.sessions.awaiting_none')}</p>
        )}
      </section>
      <section className="card" aria-labelledby="cash-day-sessions-title">
        <h2 id="cash-day-sessions-title" className="card-title"><ListChecks size={16} aria-hidden="true" />{t('cash.sessions.of_day')}</h2>
        <form className="cash-day-pick" onSubmit={(e) => { e.preventDefault(); if (day) setShown(isoDate(day)); }}>
          <DateInputField name="day" label={t('cash.sessions.day')} value={day} onChange={setDay} className="field-inline" />
          <Button type="submit" className="button button-secondary">{t('cash.sessions.show')}</Button>
        </form>
        {error ? <Banner kind="error">{error}</Banner> : null}
        {sessions && sessions.length ? (
          <SessionTable sessions={sessions} caption={t('cash.sessions.of_day')} onSignOff={setSigning} />
        ) : sessions ? (
          <p className="muted">{t('cash.sessions.none')}</p>
        ) : null}
      </section>
      {signing ? (
        <SignOffDialog
          session={signing}
          onClose={() => setSigning(null)}
          onDone={(s) => {
            setSigning(null);
            toast(t('cash.sign_off.done', { name: s.cashier_name }));
            reload();
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

function SignOffDialog({ session: s, onClose, onDone }: { session: CashSessionView; onClose(): void; onDone(s: CashSessionView): void }) {
  const t = useT();
  const { call, fmt } = useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, ['reason']);
  const money = (m: number) => fmt.money(m, s.currency);
  const submit = async () => {
    clear();
    if (!reason.trim()) {
      setField('reason', t('field_error.required'));
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      onDone(await call('sign_off_cash_session', { session_id: s.id, reason: reason.trim() }));
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('cash.sign_off.title', { name: s.cashier_name })}>
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('cash.sign_off.help')}</p>
        <dl className="meta-grid">
          <div><dt>{t('cash.session.desk')}</dt><dd>{s.desk || '—'}</dd></div>
          <div><dt>{t('cash.session.expected')}</dt><dd>{money(s.expected_minor)}</dd></div>
          <div><dt>{t('cash.count.counted')}</dt><dd>{s.counted_minor === null ? '—' : money(s.counted_minor)}</dd></div>
          <div><dt>{t('cash.count.difference')}</dt><dd>{s.difference_minor === null ? '—' : signedMoney(fmt.tag, s.difference_minor, s.currency)}</dd></div>
        </dl>
        {s.close_note ? <p className="cash-reason"><strong>{t('cash.count.note')}:</strong> <span dir="auto">{s.close_note}</span></p> : null}
        {errors.form && !errors.fields.reason ? <Banner kind="error">{errors.form}</Banner> : null}
        <TextAreaInput name="reason" onKeyDown={ctrlEnterSubmits(formRef)} autoFocus label={t('cash.sign_off.reason')} description={t('cash.sign_off.reason_help')} value={reason} onChange={setReason} isRequired maxLength={500} rows={3} error={errors.fields.reason} />
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
            <ShieldCheck size={16} aria-hidden="true" />
            {t('cash.sign_off.submit')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
