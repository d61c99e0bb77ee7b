import { useCallback, useEffect, useMemo, useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { MessagesSquare, Search } from 'lucide-react';
import type { FeedbackFilter } from '../../gen/FeedbackFilter';
import type { FeedbackKind } from '../../gen/FeedbackKind';
import type { FeedbackState } from '../../gen/FeedbackState';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { useT } from '../../i18n/useT';
import { CheckboxInput, SelectInput, type Option } from '../../components/fields';
import { FilterBar } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState, useDebounced } from '../../components/ui';
import { DueDate } from '../../components/badges';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { ChannelLabel, FeedbackStateBadge, ItemNumber, KINDS, KindLabel, STATES, kindLabel, stateLabel } from './labels';

/** The most items the list shows (the newest first); the search finds older ones. */
const LIMIT = 200;
const ANY = 'any';

interface Filters {
  state: string;
  kind: string;
  overdue: boolean;
  mine: boolean;
  text: string;
}

const INITIAL: Filters = { state: ANY, kind: ANY, overdue: false, mine: false, text: '' };
/** The list remembers its filters while the workstation runs (open an item, come back). */
let remembered: Filters = INITIAL;

/** The feedback items, newest first: filtered by state, kind, overdue, mine, and a text. */
export function ItemsTab() {
  const t = useT();
  const { call, fmt } = useApp();
  const [f, setF] = useState<Filters>(remembered);
  const text = useDebounced(f.text, 250);
  useEffect(() => {
    remembered = f;
  }, [f]);
  const update = (patch: Partial<Filters>) => setF((x) => ({ ...x, ...patch }));

  const filter: FeedbackFilter = useMemo(
    () => ({
      state: f.state === ANY ? null : (f.state as FeedbackState),
      kind: f.kind === ANY ? null : (f.kind as FeedbackKind),
      overdue: f.overdue,
      mine: f.mine,
      text: text.trim() || null,
      limit: LIMIT,
    }),
    [f.state, f.kind, f.overdue, f.mine, text],
  );
  const { value: list, loading, error, reload } = useFetched(useCallback(() => call('list_feedback', filter), [call, filter]));
  useRefreshAfterSync(reload);

  const stateOptions: Option[] = [{ id: ANY, label: t('feedback.any_state') }, ...STATES.map((s) => ({ id: s, label: stateLabel(t, s) }))];
  const kindOptions: Option[] = [{ id: ANY, label: t('feedback.any_kind') }, ...KINDS.map((k) => ({ id: k, label: kindLabel(t, k) }))];
  const filtered = f.state !== ANY || f.kind !== ANY || f.overdue || f.mine || f.text.trim() !== '';

  return (
    <>
      <FilterBar
        search={{ name: 'text', label: t('feedback.search'), placeholder: t('feedback.search_placeholder'), value: f.text, onChange: (v) => update({ text: v }) }}
        end={
          <>
            <CheckboxInput isSelected={f.overdue} onChange={(v) => update({ overdue: v })}>{t('feedback.overdue_only')}</CheckboxInput>
            <CheckboxInput isSelected={f.mine} onChange={(v) => update({ mine: v })}>{t('feedback.mine_only')}</CheckboxInput>
          </>
        }
        onReset={filtered ? () => setF(INITIAL) : undefined}
      >
        <SelectInput name="state" label={t('feedback.filter_state')} value={f.state} onChange={(v) => update({ state: v ?? ANY })} options={stateOptions} placeholder={t('feedback.any_state')} className="field-inline" />
        <SelectInput name="kind" label={t('feedback.filter_kind')} value={f.kind} onChange={(v) => update({ kind: v ?? ANY })} options={kindOptions} placeholder={t('feedback.any_kind')} className="field-inline" />
      </FilterBar>
      <p className="muted small" aria-live="polite">
        {list ? t(list.total > list.items.length ? 'feedback.count_shown' : 'feedback.count', { count: list.total, shown: list.items.length }) : null}
      </p>
      {error ? <Banner kind="error" title={t('feedback.load_failed')}>{error}</Banner> : null}
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {list && list.items.length > 0 ? (
          <div className="table-scroll-x">
            <Table aria-label={t('feedback.table')} className="table fb-items" onRowAction={(key) => navigate({ name: 'feedback_item', id: String(key) })}>
              <TableHeader>
                <Column isRowHeader>{t('feedback.col.number')}</Column>
                <Column>{t('feedback.col.kind')}</Column>
                <Column>{t('feedback.col.what')}</Column>
                <Column>{t('feedback.col.state')}</Column>
                <Column>{t('feedback.col.received')}</Column>
                <Column>{t('feedback.col.due')}</Column>
                <Column>{t('feedback.col.assignee')}</Column>
              </TableHeader>
              <TableBody items={list.items}>
                {(i) => (
                  <Row id={i.id} className={`row ${i.overdue ? 'row-overdue' : ''}`} textValue={`${i.number} ${i.title}`}>
                    <Cell><ItemNumber number={i.number} /></Cell>
                    <Cell><KindLabel kind={i.kind} /></Cell>
                    <Cell>
                      <span className="cell-main fb-title" dir="auto" title={i.title}>{i.title}</span>
                      <span className="cell-sub"><ChannelLabel channel={i.channel} /></span>
                    </Cell>
                    <Cell><FeedbackStateBadge state={i.state} /></Cell>
                    <Cell>
                      <span className="cell-main nowrap">{fmt.dateOfInstant(i.received_at)}</span>
                      <span className="cell-sub">{fmt.time(i.received_at)}</span>
                    </Cell>
                    <Cell>
                      {i.due_date ? <DueDate date={i.due_date} overdue={i.overdue} formatted={fmt.date(i.due_date)} /> : <span className="muted">{t('feedback.no_deadline')}</span>}
                    </Cell>
                    <Cell>{i.assignee_name ?? <span className="muted">{t('feedback.unassigned')}</span>}</Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
        ) : list && !loading ? (
          filtered ? (
            <EmptyState icon={<Search size={32} />} title={t('feedback.empty_filtered')} />
          ) : (
            <EmptyState icon={<MessagesSquare size={32} />} title={t('feedback.empty')}>{t('feedback.empty_text')}</EmptyState>
          )
        ) : null}
      </div>
    </>
  );
}
