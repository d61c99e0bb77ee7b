import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button, Cell, Column, Row, Table, TableBody, TableHeader, Tab, TabList, TabPanel, Tabs,
} from 'react-aria-components';
import { FilePlus2, FolderOpen, Search } from 'lucide-react';
import type { CaseFilter } from '../../gen/CaseFilter';
import type { CaseScope } from '../../gen/CaseScope';
import type { CaseStatus } from '../../gen/CaseStatus';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { CheckboxInput, SelectInput, type Option } from '../../components/fields';
import { FilterBar } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState, PageHeader, Pagination, useDebounced } from '../../components/ui';
import { CaseParty, DueDate, PriorityLabel, StatusBadge } from '../../components/badges';

const PAGE = 25;
const STATUSES: CaseStatus[] = ['received', 'in_progress', 'waiting_for_citizen', 'forwarded_to_agency', 'resolved', 'closed', 'rejected'];
const ANY = 'any';

interface Filters {
  scope: CaseScope;
  status: string;
  service: string;
  assignee: string;
  overdue: boolean;
  text: string;
  offset: number;
}

const INITIAL: Filters = { scope: 'today', status: ANY, service: ANY, assignee: ANY, overdue: false, text: '', offset: 0 };
/** The list remembers its filters while the workstation runs (open a case, come back). */
let remembered: Filters = INITIAL;

export function CaseListScreen() {
  const t = useT();
  const { call, catalogue, staff, locale, fmt, can } = useApp();
  const [f, setF] = useState<Filters>(remembered);
  const text = useDebounced(f.text, 250);

  useEffect(() => {
    remembered = f;
  }, [f]);

  const update = (patch: Partial<Filters>) => setF((x) => ({ ...x, offset: 0, ...patch }));

  const filter: CaseFilter = useMemo(
    () => ({
      scope: f.scope,
      status: f.status === ANY ? null : (f.status as CaseStatus),
      service_id: f.service === ANY ? null : f.service,
      assignee_id: f.assignee === ANY ? null : f.assignee,
      overdue_only: f.overdue,
      text: text.trim() || null,
      limit: PAGE,
      offset: f.offset,
    }),
    [f.scope, f.status, f.service, f.assignee, f.overdue, f.offset, text],
  );

  // The page, and how many of all the cases in the scope are overdue.
  const { value, loading, error } = useFetched(
    useCallback(
      () => Promise.all([call('list_cases', filter), call('list_cases', { ...filter, overdue_only: true, limit: 1, offset: 0 })]),
      [filter, call],
    ),
  );
  const list = value?.[0] ?? null;
  const overdueTotal = value?.[1].total ?? null;

  const statusOptions: Option[] = [{ id: ANY, label: t('cases.any_status') }, ...STATUSES.map((s) => ({ id: s, label: t(`status.${s}` as MessageId) }))];
  const serviceOptions: Option[] = [
    { id: ANY, label: t('cases.any_service') },
    ...(catalogue?.services ?? [])
      .map((s) => ({ id: s.id, label: pickName(s.names, locale) }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
  ];
  const assigneeOptions: Option[] = [
    { id: ANY, label: t('cases.anyone') },
    ...(staff ?? []).filter((s) => s.active).map((s) => ({ id: s.id, label: s.display_name })),
  ];
  const filtered = f.status !== ANY || f.service !== ANY || f.assignee !== ANY || f.overdue || f.text.trim() !== '';

  const counters =
    list === null
      ? t('common.loading')
      : t('cases.counters', { count: list.total, overdue: overdueTotal ?? 0 });

  const scopes: { id: CaseScope; label: MessageId }[] = [
    { id: 'today', label: 'cases.scope_today' },
    { id: 'open', label: 'cases.scope_open' },
    { id: 'all', label: 'cases.scope_all' },
  ];

  const panel = (
    <>
      <FilterBar
        search={{ name: 'text', label: t('cases.search'), placeholder: t('cases.search_placeholder'), value: f.text, onChange: (v) => update({ text: v }) }}
        end={
          <CheckboxInput isSelected={f.overdue} onChange={(v) => update({ overdue: v })}>
            {t('cases.overdue_only')}
          </CheckboxInput>
        }
        onReset={filtered ? () => update({ status: ANY, service: ANY, assignee: ANY, overdue: false, text: '' }) : undefined}
      >
        <SelectInput name="status" label={t('cases.status')} value={f.status} onChange={(v) => update({ status: v ?? ANY })} options={statusOptions} placeholder={t('cases.any_status')} className="field-inline" />
        <SelectInput name="service" label={t('cases.service')} value={f.service} onChange={(v) => update({ service: v ?? ANY })} options={serviceOptions} placeholder={t('cases.any_service')} className="field-inline field-wide" />
        <SelectInput name="assignee" label={t('cases.assignee')} value={f.assignee} onChange={(v) => update({ assignee: v ?? ANY })} options={assigneeOptions} placeholder={t('cases.anyone')} className="field-inline" />
      </FilterBar>

      {error ? <Banner kind="error" title={t('cases.load_failed')}>{error}</Banner> : null}

      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {list && list.items.length > 0 ? (
          <Table aria-label={t('cases.table')} className="table" onRowAction={(key) => navigate({ name: 'case', id: String(key) })}>
            <TableHeader>
              <Column isRowHeader className="col-number">{t('cases.col_number')}</Column>
              <Column className="col-received">{t('cases.col_received')}</Column>
              <Column className="col-citizen">{t('cases.col_citizen')}</Column>
              <Column className="col-service">{t('cases.col_service')}</Column>
              <Column className="col-status">{t('cases.col_status')}</Column>
              <Column className="col-priority">{t('cases.col_priority')}</Column>
              <Column className="col-assignee">{t('cases.col_assignee')}</Column>
              <Column className="col-due">{t('cases.col_due')}</Column>
            </TableHeader>
            <TableBody items={list.items}>
              {(c) => (
                <Row id={c.id} className={`row ${c.overdue ? 'row-overdue' : ''}`} textValue={`${c.number} ${c.party_name}`}>
                  <Cell><span className="case-number" dir="ltr">{c.number}</span></Cell>
                  <Cell>
                    <span className="cell-main nowrap">{fmt.dateOfInstant(c.received_at)}</span>
                    <span className="cell-sub">{fmt.time(c.received_at)}</span>
                  </Cell>
                  <Cell>
                    <CaseParty name={c.party_name} subject={c.subject} isPrivate={c.private_conversation} />
                  </Cell>
                  <Cell>
                    <span className="cell-main">{pickName(c.service_names, locale)}</span>
                    <span className="cell-sub" title={pickName(c.agency_names, locale)}>{pickName(c.agency_names, locale)}</span>
                  </Cell>
                  <Cell><StatusBadge status={c.status} /></Cell>
                  <Cell><PriorityLabel priority={c.priority} /></Cell>
                  <Cell>{c.assignee_name ?? <span className="muted">{t('case.unassigned')}</span>}</Cell>
                  <Cell><DueDate date={c.due_date} overdue={c.overdue} formatted={fmt.date(c.due_date)} /></Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        ) : list && !loading ? (
          filtered ? (
            <EmptyState icon={<Search size={32} />} title={t('cases.empty_filtered')}>
              {t('cases.empty_filtered_text')}
            </EmptyState>
          ) : f.scope === 'today' ? (
            <EmptyState
              icon={<FolderOpen size={32} />}
              title={t('cases.empty_today')}
              actions={
                <>
                  {can('register_case') ? <a className="button button-primary" href="#/new"><FilePlus2 size={16} aria-hidden="true" />{t('nav.new_case')}</a> : null}
                  <Button className="button button-secondary" onPress={() => update({ scope: 'open' })}>{t('cases.show_open')}</Button>
                </>
              }
            >
              {t('cases.empty_today_text')}
            </EmptyState>
          ) : (
            <EmptyState icon={<FolderOpen size={32} />} title={t('cases.empty')} />
          )
        ) : null}
      </div>
      {list ? (
        <Pagination total={list.total} limit={PAGE} offset={f.offset} onChange={(offset) => setF((x) => ({ ...x, offset }))} label={t('cases.pages')} />
      ) : null}
    </>
  );

  return (
    <div className="cases">
      <PageHeader
        title={t('cases.title')}
        subtitle={<span aria-live="polite">{counters}</span>}
        actions={
          can('register_case') ? (
            <a className="button button-primary" href="#/new" aria-keyshortcuts="Alt+N">
              <FilePlus2 size={18} aria-hidden="true" />
              {t('nav.new_case')}
            </a>
          ) : null
        }
      />
      <Tabs selectedKey={f.scope} onSelectionChange={(k) => update({ scope: k as CaseScope })} className="tabs">
        <TabList aria-label={t('cases.scope')} className="tablist">
          {scopes.map((s) => (
            <Tab key={s.id} id={s.id} className="tab">{t(s.label)}</Tab>
          ))}
        </TabList>
        {scopes.map((s) => (
          <TabPanel key={s.id} id={s.id} className="tabpanel">
            {s.id === f.scope ? panel : null}
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}
