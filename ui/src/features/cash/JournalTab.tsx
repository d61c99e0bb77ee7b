import { useCallback, useState } from 'react';
import { Button } from 'react-aria-components';
import { Ban, Eye, ReceiptText, Search, Undo2 } from 'lucide-react';
import type { CashDesk } from '../../gen/CashDesk';
import type { ReceiptView } from '../../gen/ReceiptView';
import { useApp } from '../../app/state';
import { todayIn } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { Segmented } from '../../components/fields';
import { FilterBar } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState, useDebounced } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { UnsyncedTag } from '../certification/labels';
import { DocNumber, MethodLabel, ReceiptKindLabel } from './labels';
import { canRefund, canVoid } from './model';
import { ReceiptDialog } from './ReceiptCard';
import { RefundDialog, VoidDialog } from './TakeBackDialogs';

type Scope = 'session' | 'today';
type Acting = { what: 'view' | 'void' | 'refund'; receipt: ReceiptView } | null;

/** The most entries one page of the journal shows (newest first). */
const LIMIT = 200;

/**
 * The receipt journal of this session or of today, newest first: each entry's kind, number,
 * method and amount, and what became of it (voided, refunded). From a row the cashier reads and
 * prints a receipt again, voids a payment or refunds some of its lines.
 */
export function JournalTab({ desk, initialText, onChanged }: { desk: CashDesk; initialText?: string; onChanged(): void }) {
  const t = useT();
  const { call, fmt, session } = useApp();
  const sessionId = desk.session?.id ?? null;
  const [scope, setScope] = useState<Scope>(sessionId && !initialText ? 'session' : 'today');
  const [text, setText] = useState(initialText ?? '');
  const [acting, setActing] = useState<Acting>(null);
  const debounced = useDebounced(text, 250);
  const today = todayIn(session?.office.time_zone ?? null);
  const bySession = scope === 'session' && !!sessionId;

  const { value: list, loading, error, reload } = useFetched(
    useCallback(
      () =>
        call('list_receipts', {
          session_id: bySession ? sessionId : null,
          day: bySession || debounced.trim() ? null : today,
          text: debounced.trim() || null,
          limit: LIMIT,
        }),
      [call, bySession, sessionId, today, debounced],
    ),
  );
  useRefreshAfterSync(reload);

  const receipts = list?.receipts ?? [];
  /** What took a payment back, as far as this page of the journal shows. */
  const takenBack = (r: ReceiptView) => receipts.filter((x) => x.refers_to === r.id);
  const finished = () => {
    setActing(null);
    reload();
    onChanged();
  };

  return (
    <>
      <FilterBar
        search={{ name: 'receipt_text', label: t('cash.journal.search'), placeholder: t('cash.journal.search_placeholder'), value: text, onChange: setText }}
      >
        {sessionId ? (
          <Segmented<Scope>
            name="scope"
            label={t('cash.journal.scope')}
            value={scope}
            onChange={setScope}
            options={[{ id: 'session', label: t('cash.journal.scope_session') }, { id: 'today', label: t('cash.journal.scope_today') }]}
          />
        ) : null}
      </FilterBar>
      <p className="muted small" aria-live="polite">
        {list ? t('cash.journal.count', { count: list.total }) : null}
        {debounced.trim() ? ` · ${t('cash.journal.any_day')}` : bySession ? '' : ` · ${fmt.date(today)}`}
      </p>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {receipts.length ? (
          <div className="table-scroll-x">
            <table className="table cash-journal">
              <caption className="visually-hidden">{t('cash.journal.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cash.col.number')}</th>
                  <th scope="col">{t('cash.col.kind')}</th>
                  <th scope="col">{t('cash.col.method')}</th>
                  <th scope="col" className="col-num">{t('cash.col.paid')}</th>
                  <th scope="col">{t('cash.col.payer')}</th>
                  <th scope="col">{t('cash.col.time')}</th>
                  <th scope="col">{t('cash.col.state')}</th>
                  <th scope="col"><span className="visually-hidden">{t('cash.col.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {receipts.map((r) => (
                  <tr key={r.id} data-receipt={r.number}>
                    <th scope="row"><DocNumber number={r.number} /></th>
                    <td>
                      <ReceiptKindLabel kind={r.kind} />
                      {r.refers_to_number ? <span className="cell-sub">{t('cash.journal.of')} <DocNumber number={r.refers_to_number} /></span> : null}
                    </td>
                    <td><MethodLabel method={r.method} /></td>
                    <td className="col-num nowrap">{fmt.money(r.paid_minor, r.currency)}</td>
                    <td>{r.payer_name ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">{fmt.time(r.issued_at)}</td>
                    <td><TakenBack receipt={r} by={takenBack(r)} /></td>
                    <td>
                      <div className="row-actions">
                        <Button className="button button-ghost button-sm" aria-label={t('cash.journal.view_n', { number: r.number })} onPress={() => setActing({ what: 'view', receipt: r })}>
                          <Eye size={14} aria-hidden="true" />
                          {t('cash.journal.view')}
                        </Button>
                        {canVoid(r) ? (
                          <Button className="button button-ghost button-sm" aria-label={t('cash.journal.void_n', { number: r.number })} onPress={() => setActing({ what: 'void', receipt: r })}>
                            <Ban size={14} aria-hidden="true" />
                            {t('cash.journal.void')}
                          </Button>
                        ) : null}
                        {canRefund(r) ? (
                          <Button className="button button-ghost button-sm" aria-label={t('cash.journal.refund_n', { number: r.number })} onPress={() => setActing({ what: 'refund', receipt: r })}>
                            <Undo2 size={14} aria-hidden="true" />
                            {t('cash.journal.refund')}
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : list && !loading ? (
          debounced.trim() ? (
            <EmptyState icon={<Search size={32} />} title={t('cash.journal.empty_filtered')} />
          ) : (
            <EmptyState icon={<ReceiptText size={32} />} title={t('cash.journal.empty')}>{t('cash.journal.empty_text')}</EmptyState>
          )
        ) : null}
      </div>
      {acting?.what === 'view' ? <ReceiptDialog receipt={acting.receipt} onClose={() => setActing(null)} /> : null}
      {acting?.what === 'void' ? <VoidDialog receipt={acting.receipt} onClose={() => setActing(null)} onDone={finished} /> : null}
      {acting?.what === 'refund' ? <RefundDialog receipt={acting.receipt} onClose={() => setActing(null)} onDone={finished} /> : null}
    </>
  );
}

/** What became of a payment: voided or refunded (how much, by which entries), and whether it is synced. */
function TakenBack({ receipt: r, by }: { receipt: ReceiptView; by: ReceiptView[] }) {
  const t = useT();
  const { fmt } = useApp();
  const voided = by.some((x) => x.kind === 'void');
  return (
    <span className="status-cell">
      {r.taken_back_minor > 0 ? (
        <span className={`badge cash-badge ${voided ? 'cash-voided' : 'cash-refunded'}`}>
          {voided ? <Ban size={14} aria-hidden="true" /> : <Undo2 size={14} aria-hidden="true" />}
          <span>
            {voided
              ? t('cash.journal.voided')
              : by.length || r.taken_back_minor < Math.abs(r.total_minor)
                ? t('cash.journal.refunded', { amount: fmt.money(r.taken_back_minor, r.currency) })
                : t('cash.journal.taken_back', { amount: fmt.money(r.taken_back_minor, r.currency) })}
          </span>
        </span>
      ) : null}
      {r.taken_back_by.length ? <span className="cell-sub" dir="ltr">{r.taken_back_by.join(', ')}</span> : null}
      <UnsyncedTag pending={r.pending} />
    </span>
  );
}
