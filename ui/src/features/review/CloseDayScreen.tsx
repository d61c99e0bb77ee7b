import { useCallback, useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { Button } from 'react-aria-components';
import {
  Ban, Banknote, CalendarCheck, CalendarDays, ChartColumn, CheckCircle2, CloudUpload, GitMerge, Lock, RefreshCw, UserCheck, XCircle,
} from 'lucide-react';
import { parseDate, type CalendarDate } from '@internationalized/date';
import type { ApiError } from '../../gen/ApiError';
import type { CloseCheck } from '../../gen/CloseCheck';
import type { CloseCheckKind } from '../../gen/CloseCheckKind';
import type { DayCloseStatus } from '../../gen/DayCloseStatus';
import type { DayCloseView } from '../../gen/DayCloseView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { DateInputField, TextAreaInput } from '../../components/fields';
import { useFormErrors } from '../../components/forms';
import { FilterBar, isoDate } from '../../components/filters';
import { Banner, EmptyState, ModalDialog, PageHeader, Spinner } from '../../components/ui';
import { useRefreshAfterSync, useSync } from '../sync/SyncProvider';
import { ReportActions } from './ReportActions';

const KIND_ICON: Record<CloseCheckKind, typeof Lock> = {
  synced: CloudUpload,
  numbers_accounted: Ban,
  received_cases_owned: UserCheck,
  conflicts_settled: GitMerge,
  cash_closed: Banknote,
};

/** The failing checks a refused sign-off names (`checks.<kind>`, count as the limit). */
function failingChecks(err: ApiError): { kind: CloseCheckKind; count: number }[] {
  const kinds: CloseCheckKind[] = ['synced', 'numbers_accounted', 'received_cases_owned', 'conflicts_settled', 'cash_closed'];
  return err.fields
    .filter((f) => f.code === 'check_failed' && f.field.startsWith('checks.'))
    .map((f) => ({ kind: f.field.slice('checks.'.length) as CloseCheckKind, count: f.limit ?? 0 }))
    .filter((c) => kinds.includes(c.kind));
}

/**
 * Closing the office's day: the checklist this workstation verifies (each item with what fails
 * and how to fix it), then the supervisor's sign-off, recorded once and never altered. Also the
 * day's report and the list of days already signed off.
 */
export function CloseDayScreen({ day: askedDay }: { day?: string }) {
  const t = useT();
  const { call, fmt, can, toast } = useApp();
  const [status, setStatus] = useState<DayCloseStatus | null>(null);
  const [closes, setCloses] = useState<DayCloseView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [pick, setPick] = useState<CalendarDate | null>(null);
  const reload = useCallback(() => setRefresh((r) => r + 1), []);
  useRefreshAfterSync(reload);

  useEffect(() => {
    let live = true;
    const load = async () => {
      // The office's today, unless a day was asked for.
      const day = askedDay ?? (await call('review_periods', {})).today;
      const [s, list] = await Promise.all([call('day_close_status', { day }), call('list_day_closes', {})]);
      if (!live) return;
      setStatus(s);
      setCloses(list);
      setError(null);
      setPick((p) => p ?? parseDate(s.day));
    };
    load().catch((e) => live && setError(errorText(t, toApiError(e))));
    return () => {
      live = false;
    };
  }, [call, askedDay, refresh, t]);

  if (!status) {
    return error ? <Banner kind="error" title={t('close.load_failed')}>{error}</Banner> : <Spinner label={t('common.loading')} />;
  }

  const day = status.day;
  const isToday = day === status.today;
  const failing = status.checks.filter((c) => !c.passed).length;

  return (
    <div className="close-day">
      <PageHeader
        title={t('close.title')}
        subtitle={<span aria-live="polite">{fmt.dateLong(day)}{isToday ? ` · ${t('close.today')}` : ''}</span>}
        actions={<ReportActions from={day} to={day} label={t('report.group')} />}
      />

      <FilterBar
        className="close-pick"
        onSubmit={(e) => {
          e.preventDefault();
          if (pick) navigate({ name: 'close_day', day: isoDate(pick) });
        }}
        end={
          <>
            {!isToday ? (
              <a className="button button-ghost button-sm" href={href({ name: 'close_day' })}>
                <CalendarDays size={14} aria-hidden="true" />
                {t('close.go_today')}
              </a>
            ) : null}
            <a className="button button-ghost button-sm" href={href({ name: 'review', from: day, to: day })}>
              <ChartColumn size={14} aria-hidden="true" />
              {t('close.review_day')}
            </a>
          </>
        }
      >
        <DateInputField name="day" label={t('close.day')} value={pick} onChange={setPick} className="field-inline" />
        <Button type="submit" className="button button-secondary">{t('close.show_day')}</Button>
      </FilterBar>

      {error ? <Banner kind="error" title={t('close.load_failed')}>{error}</Banner> : null}

      {status.closed ? (
        <SignedOff close={status.closed} />
      ) : (
        <div className="close-layout">
          <section className="card checklist-card" aria-labelledby="checklist-title">
            <div className="card-head">
              <h2 id="checklist-title" className="card-title"><CalendarCheck size={16} aria-hidden="true" />{t('close.checklist')}</h2>
              <span className={`card-count ${failing ? 'count-failing' : 'count-passing'}`}>
                {failing === 0 ? t('close.all_passed') : t('close.failing', { count: failing })}
              </span>
            </div>
            <ul className="checks">
              {status.checks.map((c) => (
                <CheckItem key={c.kind} check={c} enrolled={status.enrolled} onChanged={reload} />
              ))}
            </ul>
          </section>
          {can('close_day') ? (
            <SignOff status={status} onClosed={(s) => { setStatus(s); toast(t('close.closed_toast', { day: fmt.date(s.day) })); reload(); }} onRefused={reload} />
          ) : null}
        </div>
      )}

      <ClosedDays closes={closes} />
    </div>
  );
}

function CheckItem({ check, enrolled, onChanged }: { check: CloseCheck; enrolled: boolean; onChanged(): void }) {
  const t = useT();
  const Icon = KIND_ICON[check.kind];
  const more = check.count - check.items.length;
  return (
    <li className={`check ${check.passed ? 'check-passed' : 'check-failed'}`} data-kind={check.kind} data-passed={check.passed}>
      <span className="check-state">
        {check.passed ? <CheckCircle2 size={22} aria-hidden="true" /> : <XCircle size={22} aria-hidden="true" />}
      </span>
      <div className="check-body">
        <p className="check-title">
          <Icon size={15} aria-hidden="true" className="check-kind-icon" />
          {t(`close.check.${check.kind}` as MessageId)}
          <span className="check-verdict">
            {check.passed ? t('close.passed') : t('close.check_count', { count: check.count })}
          </span>
        </p>
        <p className="check-help">
          {check.kind === 'synced' && !enrolled ? t('close.standalone') : t(`close.check_help.${check.kind}` as MessageId)}
        </p>
        {!check.passed && check.items.length > 0 ? (
          <ul className="check-items" aria-label={t('close.failing_items')}>
            {check.items.map((item) => (
              <li key={item}>
                <CheckItemText kind={check.kind} item={item} />
              </li>
            ))}
            {more > 0 ? <li className="muted">{t('close.and_more', { count: more })}</li> : null}
          </ul>
        ) : null}
      </div>
      {!check.passed ? <div className="check-fix"><Fix kind={check.kind} enrolled={enrolled} onChanged={onChanged} /></div> : null}
    </li>
  );
}

/** A failing thing as the check names it: a command waiting to be sent, a number range, a case number. */
function CheckItemText({ kind, item }: { kind: CloseCheckKind; item: string }) {
  const t = useT();
  const intl = useIntl();
  const { fmt } = useApp();
  if (kind === 'synced') {
    // `case.register × 3`: the command's name, translated where it has one.
    const m = /^(.*) × (\d+)$/.exec(item);
    const name = m ? m[1]! : item;
    const id = `sync_command.${name}`;
    const label = id in intl.messages ? t(id as MessageId) : name;
    return <span>{m ? `${label} × ${fmt.number(Number(m[2]))}` : label}</span>;
  }
  // A cash session as the check names it (its desk and cashier): words, in either direction.
  if (kind === 'cash_closed') return <span dir="auto">{item}</span>;
  return <span className="case-number" dir="ltr">{item}</span>;
}

function Fix({ kind, enrolled, onChanged }: { kind: CloseCheckKind; enrolled: boolean; onChanged(): void }) {
  const t = useT();
  const { toast, can } = useApp();
  const { busy, syncNow } = useSync();
  const [voiding, setVoiding] = useState(false);
  switch (kind) {
    case 'synced':
      return (
        <Button
          className="button button-secondary button-sm"
          isDisabled={!enrolled || busy}
          data-busy={busy || undefined}
          onPress={() => {
            syncNow()
              .then(() => toast(t('sync.finished'), 'info'))
              .catch((e) => toast(errorText(t, toApiError(e)), 'error'))
              .finally(onChanged);
          }}
        >
          <RefreshCw size={14} aria-hidden="true" className={busy ? 'spin' : undefined} />
          {t('sync.now')}
        </Button>
      );
    case 'numbers_accounted':
      return (
        <>
          <Button className="button button-secondary button-sm" onPress={() => setVoiding(true)}>
            <Ban size={14} aria-hidden="true" />
            {t('close.void')}
          </Button>
          <VoidDialog isOpen={voiding} onClose={() => setVoiding(false)} onDone={onChanged} />
        </>
      );
    case 'received_cases_owned':
      return (
        <a className="button button-secondary button-sm" href={href({ name: 'open_work', show: 'unassigned' })}>
          <UserCheck size={14} aria-hidden="true" />
          {t('close.assign')}
        </a>
      );
    case 'conflicts_settled':
      return (
        <a className="button button-secondary button-sm" href={href({ name: 'conflicts' })}>
          <GitMerge size={14} aria-hidden="true" />
          {t('close.settle')}
        </a>
      );
    case 'cash_closed':
      // The cash sessions are a supervisor's of the cash desk; without that role, nothing to open.
      return can('supervise_cash') ? (
        <a className="button button-secondary button-sm" href={href({ name: 'cash', tab: 'sessions' })}>
          <Banknote size={14} aria-hidden="true" />
          {t('close.go_cash')}
        </a>
      ) : null;
  }
}

function VoidDialog({ isOpen, onClose, onDone }: { isOpen: boolean; onClose(): void; onDone(): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, ['reason']);
  const submit = async () => {
    clear();
    if (!reason.trim()) {
      setField('reason', t('field_error.required'));
      return;
    }
    setBusy(true);
    try {
      const r = await call('void_unused_numbers', { reason: reason.trim() });
      toast(t('close.voided', { count: r.voided }));
      setReason('');
      onClose();
      onDone();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalDialog isOpen={isOpen} onOpenChange={(o) => !o && onClose()} title={t('close.void_title')} size="sm">
      <form ref={formRef} className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p>{t('close.void_explain')}</p>
        {errors.form && !errors.fields.reason ? <Banner kind="error">{errors.form}</Banner> : null}
        <TextAreaInput name="reason" label={t('close.void_reason')} description={t('close.void_reason_help')} value={reason} onChange={setReason} maxLength={500} rows={3} isRequired error={errors.fields.reason} />
        <div className="dialog-actions">
          <Button className="button button-secondary" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-destructive" isDisabled={busy} data-busy={busy || undefined}>{t('close.void_confirm')}</Button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** The supervisor's sign-off: an optional note, and the button that records it. */
function SignOff({ status, onClosed, onRefused }: { status: DayCloseStatus; onClosed(s: DayCloseStatus): void; onRefused(): void }) {
  const t = useT();
  const { call } = useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ kind: CloseCheckKind; count: number }[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, ['note', 'day']);
  const future = status.day > status.today;

  const submit = async () => {
    clear();
    setRefused(null);
    setBusy(true);
    try {
      onClosed(await call('close_day', { day: status.day, note: note.trim() || null }));
    } catch (e) {
      const err = toApiError(e);
      if (err.code === 'day_not_ready') {
        setRefused(failingChecks(err));
        onRefused();
      } else {
        fromError(err, formRef.current);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card signoff-card" aria-labelledby="signoff-title">
      <h2 id="signoff-title" className="card-title"><Lock size={16} aria-hidden="true" />{t('close.signoff')}</h2>
      <p className="muted small">{t('close.signoff_help')}</p>
      <form ref={formRef} className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <TextAreaInput name="note" label={t('close.note')} description={t('close.note_help')} value={note} onChange={setNote} maxLength={1000} rows={3} error={errors.fields.note} />
        <div aria-live="assertive">
          {refused ? (
            <Banner kind="error" title={t('error.day_not_ready')}>
              <ul className="refused-list">
                {refused.map((r) => <li key={r.kind}>{t(`close.refused.${r.kind}` as MessageId, { count: r.count })}</li>)}
              </ul>
            </Banner>
          ) : errors.form ? (
            <Banner kind="error" title={errors.form}>{errors.fields.day ?? null}</Banner>
          ) : null}
        </div>
        {future ? <p className="field-help">{t('close.future')}</p> : null}
        <Button type="submit" className="button button-primary button-lg" isDisabled={busy || future} data-busy={busy || undefined}>
          <Lock size={16} aria-hidden="true" />
          {t('close.sign_off')}
        </Button>
        {!status.ready && !future ? <p className="field-help">{t('close.not_ready_hint')}</p> : null}
      </form>
    </section>
  );
}

/** Where a sign-off stands with the office server (a desk of its own has none). */
function SyncTag({ close, short }: { close: DayCloseView; short?: boolean }) {
  const t = useT();
  const { status } = useSync();
  if (status?.state === 'standalone') return <span className="tag">{short ? t('close.standalone_short') : t('sync.state.standalone')}</span>;
  return close.synced ? (
    <span className="tag tag-active">{short ? t('close.synced_short') : t('close.synced')}</span>
  ) : (
    <span className="tag tag-unsynced">{short ? t('close.not_synced_short') : t('close.not_synced')}</span>
  );
}

function SignedOff({ close }: { close: DayCloseView }) {
  const t = useT();
  const { fmt } = useApp();
  const f = close.figures;
  return (
    <section className="card signed-card" aria-labelledby="signed-title">
      <div className="signed-head">
        <span className="signed-icon" aria-hidden="true"><Lock size={26} /></span>
        <div>
          <h2 id="signed-title" className="signed-title">{t('close.signed_title')}</h2>
          <p>{t('close.signed_by', { name: close.closed_by_name ?? t('review.unknown'), time: fmt.dateTime(close.closed_at) })}</p>
          <p className="signed-sync"><SyncTag close={close} /></p>
        </div>
      </div>
      {close.note ? <p className="signed-note" dir="auto">{close.note}</p> : null}
      <p className="muted small">{t('close.signed_help')}</p>
      <dl className="facts facts-row">
        <div className="fact"><dt>{t('review.measure.received')}</dt><dd>{fmt.number(f.received)}</dd></div>
        <div className="fact"><dt>{t('review.measure.resolved')}</dt><dd>{fmt.number(f.resolved)}</dd></div>
        <div className="fact"><dt>{t('review.measure.rejected')}</dt><dd>{fmt.number(f.rejected)}</dd></div>
        <div className="fact"><dt>{t('review.measure.open')}</dt><dd>{fmt.number(f.open)}</dd></div>
        <div className="fact"><dt>{t('review.measure.overdue')}</dt><dd>{fmt.number(f.overdue)}</dd></div>
      </dl>
    </section>
  );
}

function ClosedDays({ closes }: { closes: DayCloseView[] | null }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <section className="card table-card closed-days" aria-labelledby="closed-days-title">
      <h2 id="closed-days-title" className="card-title closed-days-title"><CalendarCheck size={16} aria-hidden="true" />{t('close.closed_days')}</h2>
      {!closes ? null : closes.length === 0 ? (
        <EmptyState icon={<CalendarCheck size={28} />} title={t('close.closed_none')} />
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('close.closed_days')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('close.col_day')}</th>
              <th scope="col">{t('close.col_by')}</th>
              <th scope="col">{t('close.col_at')}</th>
              <th scope="col" className="col-num">{t('review.measure.received')}</th>
              <th scope="col" className="col-num">{t('review.measure.resolved')}</th>
              <th scope="col" className="col-num">{t('review.measure.open')}</th>
              <th scope="col">{t('close.col_note')}</th>
              <th scope="col">{t('close.col_sync')}</th>
            </tr>
          </thead>
          <tbody>
            {closes.map((c) => (
              <tr key={c.id}>
                <td><a href={href({ name: 'close_day', day: c.day })} className="nowrap">{fmt.date(c.day)}</a></td>
                <td>{c.closed_by_name ?? <span className="muted">{t('review.unknown')}</span>}</td>
                <td className="nowrap">{fmt.dateTime(c.closed_at)}</td>
                <td className="col-num">{fmt.number(c.figures.received)}</td>
                <td className="col-num">{fmt.number(c.figures.resolved)}</td>
                <td className="col-num">{fmt.number(c.figures.open)}</td>
                <td><span className="cell-sub close-note" dir="auto" title={c.note ?? undefined}>{c.note ?? ''}</span></td>
                <td><SyncTag close={c} short /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
