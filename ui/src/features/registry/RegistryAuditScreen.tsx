import { useCallback, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { Eye, FileClock, FileSpreadsheet, FileText, Search } from 'lucide-react';
import type { AuditEntryView } from '../../gen/AuditEntryView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { host, toApiError, type AuditExport } from '../../host';
import { todayIn } from '../../i18n/format';
import { errorText, useT } from '../../i18n/useT';
import { SelectInput, type Option } from '../../components/fields';
import { FilterBar, isoDate, periodSummary, thisMonth, type Period } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState, PageHeader, Pagination, useDebounced } from '../../components/ui';
import { useRefreshAfterSync, useSync } from '../sync/SyncProvider';
import { isolate } from './labels';

const PAGE = 25;
const ANYONE = 'anyone';

interface Filters extends Period {
  staff: string;
  person: string;
  offset: number;
}

/**
 * The registry's audit for supervisors: every card opened (and extract issued), by whom, on
 * which workstation, for which case or purpose, and whether the office server has it yet;
 * filtered by period, member of staff and person, and exported as CSV.
 */
export function RegistryAuditScreen() {
  const t = useT();
  const { call, fmt, session, staff } = useApp();
  const today = todayIn(session?.office.time_zone ?? null);
  const [f, setF] = useState<Filters>(() => ({ ...thisMonth(today), staff: ANYONE, person: '', offset: 0 }));
  const person = useDebounced(f.person, 250);
  const csv = useAuditCsv();

  const update = (patch: Partial<Filters>) => setF((x) => ({ ...x, offset: 0, ...patch }));
  const fromIso = f.from ? isoDate(f.from) : null;
  const toIso = f.to ? isoDate(f.to) : null;
  const staffId = f.staff === ANYONE ? null : f.staff;

  const { value: list, loading, error, reload } = useFetched(
    useCallback(
      () => call('registry_audit', { from: fromIso, to: toIso, staff_id: staffId, person: person.trim() || null, offset: f.offset, limit: PAGE }),
      [call, fromIso, toIso, staffId, person, f.offset],
    ),
  );
  useRefreshAfterSync(reload);

  const period = periodSummary(t, fmt, fromIso, toIso);
  const filtered = f.person.trim() !== '' || f.staff !== ANYONE;
  const staffOptions: Option[] = [
    { id: ANYONE, label: t('audit.anyone') },
    ...(staff ?? []).map((s) => ({ id: s.id, label: s.display_name })),
  ];
  const exportFilter: AuditExport = { from: fromIso, to: toIso, staff_id: staffId, person: f.person.trim() || null };

  return (
    <div className="registry-audit">
      <PageHeader
        title={t('audit.title')}
        subtitle={<span aria-live="polite">{list ? `${period}${t('registry.joiner')}${t('audit.count', { count: list.total })}` : period}</span>}
        actions={
          <Button className="button button-secondary" onPress={() => void csv.run(exportFilter)} data-busy={csv.busy || undefined} isDisabled={!list || list.total === 0}>
            <FileSpreadsheet size={16} aria-hidden="true" />
            {t('audit.export_csv')}
          </Button>
        }
      />
      <FilterBar
        search={{ name: 'person', label: t('audit.person'), placeholder: t('audit.person_placeholder'), value: f.person, onChange: (v) => update({ person: v }) }}
        period={{ value: f, onChange: update, today }}
        onReset={filtered ? () => update({ person: '', staff: ANYONE }) : undefined}
      >
        <SelectInput name="staff" label={t('audit.staff')} value={f.staff} onChange={(v) => update({ staff: v ?? ANYONE })} options={staffOptions} placeholder={t('audit.anyone')} className="field-inline" />
      </FilterBar>

      {error ? <Banner kind="error" title={t('audit.load_failed')}>{error}</Banner> : null}

      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {list && list.entries.length > 0 ? (
          <Table aria-label={t('audit.table')} className="table audit-table">
            <TableHeader>
              <Column isRowHeader className="col-when">{t('audit.col_when')}</Column>
              <Column className="col-action">{t('audit.col_action')}</Column>
              <Column className="col-staff">{t('audit.col_staff')}</Column>
              <Column className="col-person">{t('audit.col_person')}</Column>
              <Column className="col-reason">{t('audit.col_reason')}</Column>
              <Column className="col-sync">{t('audit.col_sync')}</Column>
            </TableHeader>
            <TableBody items={list.entries}>
              {(e: AuditEntryView) => (
                <Row id={e.id} className="row" textValue={`${e.person_name} ${e.staff_name}`}>
                  <Cell>
                    <span className="cell-main nowrap">{fmt.dateOfInstant(e.at)}</span>
                    <span className="cell-sub">{fmt.time(e.at)}</span>
                  </Cell>
                  <Cell>
                    <span className="audit-action">
                      {e.action === 'open' ? <Eye size={14} aria-hidden="true" /> : <FileText size={14} aria-hidden="true" />}
                      {t(`audit.action.${e.action}` as MessageId)}
                    </span>
                    {e.record_number ? <span className="cell-sub" dir="ltr">{e.record_number}</span> : null}
                  </Cell>
                  <Cell>
                    <span className="cell-main">{e.staff_name}</span>
                    <span className="cell-sub">{e.device_name === 'standalone' ? t('audit.device_standalone') : <bdi>{e.device_name}</bdi>}</span>
                  </Cell>
                  <Cell>
                    <bdi className="cell-main citizen">{e.person_name}</bdi>
                    <span className="cell-sub">{e.person_birth_date ? t('registry.born_on', { date: fmt.date(e.person_birth_date) }) : t('registry.unknown_date')}</span>
                  </Cell>
                  <Cell>
                    {e.case_number ? <span className="cell-main">{t('audit.for_case', { number: isolate(e.case_number) })}</span> : null}
                    {e.purpose ? (
                      <span className={e.case_number ? 'cell-sub audit-purpose' : 'cell-main audit-purpose'} title={e.purpose}>
                        <bdi>{e.purpose}</bdi>
                      </span>
                    ) : null}
                  </Cell>
                  <Cell><AuditSyncTag pending={e.pending_sync} /></Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        ) : list && !loading ? (
          <EmptyState icon={filtered ? <Search size={32} /> : <FileClock size={32} />} title={filtered ? t('audit.empty_filtered') : t('audit.empty')}>
            {t('audit.empty_text')}
          </EmptyState>
        ) : null}
      </div>
      {list ? <Pagination total={list.total} limit={PAGE} offset={f.offset} onChange={(offset) => setF((x) => ({ ...x, offset }))} label={t('audit.pages')} /> : null}
    </div>
  );
}

/** Whether the office server has the entry yet (a workstation on its own has no server). */
function AuditSyncTag({ pending }: { pending: boolean }) {
  const t = useT();
  const { status } = useSync();
  if (status?.state === 'standalone') return <span className="tag">{t('close.standalone_short')}</span>;
  return pending ? <span className="tag tag-unsynced">{t('close.not_synced_short')}</span> : <span className="tag tag-active">{t('close.synced_short')}</span>;
}

/** Saves the audit (the screen's filter, every entry) as CSV through the host, and says how. */
function useAuditCsv() {
  const { session, toast, call } = useApp();
  const t = useT();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (filter: AuditExport) => {
      if (!session) return;
      setBusy(true);
      try {
        // A cheap authenticated call first, so that an ended session goes back to login.
        await call('outbox_status', {});
        const result = await host.document(session.token, { kind: 'registry_audit', ...filter }, 'save');
        toast(result.path ? t('receipt.saved_to', { path: result.path }) : t('audit.downloaded'));
      } catch (e) {
        toast(errorText(t, toApiError(e)), 'error');
      } finally {
        setBusy(false);
      }
    },
    [session, toast, t, call],
  );
  return { run, busy };
}
