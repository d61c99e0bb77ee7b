import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import {
  Download, Link2, Printer, ScrollText, Search, ShieldAlert, ShieldCheck, Stamp,
} from 'lucide-react';
import { parseDate } from '@internationalized/date';
import type { ChainReport } from '../../gen/ChainReport';
import type { LedgerEntryKind } from '../../gen/LedgerEntryKind';
import type { LedgerEntryView } from '../../gen/LedgerEntryView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { todayIn } from '../../i18n/format';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { SelectInput, type Option } from '../../components/fields';
import { FilterBar, isoDate, periodSummary, thisMonth, type Period } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState, PageHeader, Pagination, useDebounced } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { LedgerKindLabel, LedgerStatusBadge, UnsyncedTag } from './labels';
import { useLedgerReport } from './documents';

const PAGE = 25;
const ANY = 'any';
const KINDS: LedgerEntryKind[] = ['signature', 'copy', 'correction', 'cancellation'];

interface Filters extends Period {
  kind: string;
  text: string;
  offset: number;
}

/** The ledger remembers its filters while the workstation runs (open an entry, come back). */
let remembered: Filters | null = null;

export function LedgerScreen({ initialText, initialFrom, initialTo }: { initialText?: string; initialFrom?: string; initialTo?: string }) {
  const t = useT();
  const { call, fmt, session, can } = useApp();
  const today = todayIn(session?.office.time_zone ?? null);
  const [f, setF] = useState<Filters>(() =>
    initialText
      ? // Looking for one entry (a number from elsewhere): every period.
        { from: null, to: null, kind: ANY, text: initialText, offset: 0 }
      : initialFrom || initialTo
        ? // A period asked for from elsewhere (the day review's certification figures).
          { from: initialFrom ? parseDate(initialFrom) : null, to: initialTo ? parseDate(initialTo) : null, kind: ANY, text: '', offset: 0 }
        : remembered ?? { ...thisMonth(today), kind: ANY, text: '', offset: 0 },
  );
  const text = useDebounced(f.text, 250);
  const report = useLedgerReport();

  useEffect(() => {
    remembered = f;
  }, [f]);

  const update = (patch: Partial<Filters>) => setF((x) => ({ ...x, offset: 0, ...patch }));
  const fromIso = f.from ? isoDate(f.from) : null;
  const toIso = f.to ? isoDate(f.to) : null;

  const { value: list, loading, error, reload } = useFetched(
    useCallback(
      () =>
        call('list_ledger', {
          from: fromIso,
          to: toIso,
          kind: f.kind === ANY ? null : (f.kind as LedgerEntryKind),
          text: text.trim() || null,
          offset: f.offset,
          limit: PAGE,
        }),
      [call, fromIso, toIso, f.kind, f.offset, text],
    ),
  );
  useRefreshAfterSync(reload);

  const kindOptions: Option[] = [
    { id: ANY, label: t('certification.ledger.any_kind') },
    ...KINDS.map((k) => ({ id: k, label: t(`certification.ledger_kind.${k}` as MessageId) })),
  ];
  const period = periodSummary(t, fmt, fromIso, toIso);
  const filtered = f.kind !== ANY || f.text.trim() !== '';
  const canReport = !!fromIso && !!toIso && fromIso <= toIso;

  return (
    <div className="ledger">
      <PageHeader
        title={t('certification.ledger.title')}
        subtitle={<span aria-live="polite">{list ? `${period} · ${t('certification.ledger.count', { count: list.total })}` : period}</span>}
        actions={
          can('certify') ? (
            <a className="button button-primary" href="#/certify">
              <Stamp size={18} aria-hidden="true" />
              {t('nav.certify')}
            </a>
          ) : null
        }
      />
      <FilterBar
        search={{ name: 'text', label: t('certification.ledger.search'), placeholder: t('certification.ledger.search_placeholder'), value: f.text, onChange: (v) => update({ text: v }) }}
        period={{ value: f, onChange: update, today }}
        onReset={filtered ? () => update({ kind: ANY, text: '' }) : undefined}
      >
        <SelectInput name="kind" label={t('certification.ledger.kind')} value={f.kind} onChange={(v) => update({ kind: v ?? ANY })} options={kindOptions} placeholder={t('certification.ledger.any_kind')} className="field-inline" />
      </FilterBar>

      <div className="ledger-tools">
        <ChainCheck />
        <div className="ledger-report" role="group" aria-labelledby="ledger-report-label">
          <span id="ledger-report-label" className="group-label">
            <ScrollText size={14} aria-hidden="true" />
            {t('certification.ledger.report_group')}
          </span>
          <div className="row-actions">
            <Button className="button button-secondary button-sm" isDisabled={!canReport} onPress={() => canReport && void report.run('print', fromIso!, toIso!)} data-busy={report.busy === 'print' || undefined}>
              <Printer size={14} aria-hidden="true" />
              {t('certification.ledger.report_print')}
            </Button>
            <Button className="button button-ghost button-sm" isDisabled={!canReport} onPress={() => canReport && void report.run('save', fromIso!, toIso!)} data-busy={report.busy === 'save' || undefined}>
              <Download size={14} aria-hidden="true" />
              {t('certification.ledger.report_save')}
            </Button>
          </div>
          {!canReport ? <p className="field-help">{t('certification.ledger.report_needs_period')}</p> : null}
        </div>
      </div>

      {error ? <Banner kind="error" title={t('certification.ledger.load_failed')}>{error}</Banner> : null}

      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {list && list.entries.length > 0 ? (
          <Table aria-label={t('certification.ledger.table')} className="table ledger-table" onRowAction={(key) => navigate({ name: 'ledger_entry', id: String(key) })}>
            <TableHeader>
              <Column isRowHeader className="col-number">{t('certification.ledger.col_number')}</Column>
              <Column className="col-kind">{t('certification.ledger.col_kind')}</Column>
              <Column className="col-party">{t('certification.ledger.col_party')}</Column>
              <Column className="col-document">{t('certification.ledger.col_document')}</Column>
              <Column className="col-date">{t('certification.ledger.col_date')}</Column>
              <Column className="col-registrar">{t('certification.ledger.col_registrar')}</Column>
              <Column className="col-status">{t('certification.ledger.col_status')}</Column>
            </TableHeader>
            <TableBody items={list.entries}>
              {(e: LedgerEntryView) => (
                <Row id={e.id} className="row" textValue={`${e.number} ${e.party_name}`}>
                  <Cell><span className="case-number" dir="ltr">{e.number}</span></Cell>
                  <Cell>
                    <LedgerKindLabel kind={e.kind} />
                    {e.refers_to_number ? (
                      <span className="cell-sub ledger-ref">
                        <Link2 size={12} aria-hidden="true" />
                        <span>{t('certification.ledger.refers_to')} <span dir="ltr" className="nowrap">{e.refers_to_number}</span></span>
                      </span>
                    ) : null}
                  </Cell>
                  <Cell><span className="citizen">{e.party_name}</span></Cell>
                  <Cell>
                    <span className="cell-main" dir="auto" title={e.document_description}>{e.document_description}</span>
                    {e.kind !== 'cancellation' ? <span className="cell-sub">{t('certification.ledger.pages_copies', { pages: e.pages, copies: e.copies })}</span> : null}
                  </Cell>
                  <Cell>
                    <span className="cell-main nowrap">{fmt.date(e.local_day)}</span>
                    <span className="cell-sub">{fmt.time(e.certified_at)}</span>
                  </Cell>
                  <Cell><span className="registrar">{e.registrar_name}</span></Cell>
                  <Cell>
                    <span className="status-cell">
                      {/* A cancellation is no act of its own: it has no standing to show. */}
                      {e.kind !== 'cancellation' ? <LedgerStatusBadge status={e.status} /> : null}
                      <UnsyncedTag pending={e.pending_sync} />
                    </span>
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        ) : list && !loading ? (
          filtered ? (
            <EmptyState icon={<Search size={32} />} title={t('certification.ledger.empty_filtered')}>
              {t('cases.empty_filtered_text')}
            </EmptyState>
          ) : (
            <EmptyState
              icon={<ScrollText size={32} />}
              title={t('certification.ledger.empty')}
              actions={can('certify') ? <a className="button button-primary" href="#/certify"><Stamp size={16} aria-hidden="true" />{t('nav.certify')}</a> : null}
            >
              {t('certification.ledger.empty_text')}
            </EmptyState>
          )
        ) : null}
      </div>
      {list ? <Pagination total={list.total} limit={PAGE} offset={f.offset} onChange={(offset) => setF((x) => ({ ...x, offset }))} label={t('certification.ledger.pages_nav')} /> : null}
    </div>
  );
}

/** "Check the chain": walks the ledger's hash chains and says what it found, for everyone to hear. */
function ChainCheck() {
  const t = useT();
  const { call, fmt } = useApp();
  const [report, setReport] = useState<ChainReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const check = async () => {
    setBusy(true);
    setFailure(null);
    setReport(null);
    try {
      setReport(await call('check_ledger_chain', {}));
    } catch (e) {
      setFailure(errorText(t, toApiError(e)));
    } finally {
      setBusy(false);
    }
  };

  const b = report?.first_break ?? null;
  const result = useMemo(() => {
    if (failure) return <p className="chain-line chain-failed">{failure}</p>;
    if (!report) return busy ? <p className="chain-line muted">{t('certification.ledger.chain_checking')}</p> : null;
    if (report.ok || !b)
      return (
        <div className="chain-result chain-ok">
          <ShieldCheck size={20} aria-hidden="true" />
          <div>
            <p className="chain-title">{t('certification.ledger.chain_ok')}</p>
            <p className="chain-line">
              {t('certification.ledger.chain_ok_detail', { entries: report.entries, chains: report.chains, time: fmt.dateTime(report.checked_at) })}
            </p>
          </div>
        </div>
      );
    return (
      <div className="chain-result chain-broken">
        <ShieldAlert size={20} aria-hidden="true" />
        <div>
          <p className="chain-title">{t('certification.ledger.chain_broken')}</p>
          <p className="chain-line">{t(`certification.chain_break.${b.kind}` as MessageId)}</p>
          <dl className="chain-facts">
            <div><dt>{t('certification.ledger.chain_entry')}</dt><dd dir="ltr">{b.number ?? '—'}</dd></div>
            <div><dt>{t('certification.ledger.chain_position')}</dt><dd>{fmt.plain(b.position)}</dd></div>
            <div><dt>{t('certification.ledger.chain_id')}</dt><dd dir="ltr" className="mono-value">{b.chain_id}</dd></div>
          </dl>
          <p className="chain-line muted">{t('certification.ledger.chain_broken_help', { time: fmt.dateTime(report.checked_at) })}</p>
        </div>
      </div>
    );
  }, [report, b, busy, failure, t, fmt]);

  return (
    <div className="chain-check">
      <Button className="button button-secondary button-sm" onPress={() => void check()} data-busy={busy || undefined}>
        <ShieldCheck size={14} aria-hidden="true" />
        {t('certification.ledger.chain_check')}
      </Button>
      <div className="chain-live" aria-live="polite" aria-atomic="true">
        {result}
      </div>
    </div>
  );
}
