import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { AlertTriangle, CalendarClock, Hourglass, Inbox, MessageSquareWarning, UserCheck, Users } from 'lucide-react';
import type { CaseSummary } from '../../gen/CaseSummary';
import type { OpenWork } from '../../gen/OpenWork';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import type { OpenWorkList } from '.';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { NumberInput, SelectInput, TextInput, type Option } from '../../components/fields';
import { useFormErrors } from '../../components/forms';
import { Banner, EmptyState, PageHeader, Spinner } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { CaseTable } from './CaseTable';
import { FeedbackOverdue } from '../feedback/FeedbackOverdue';

const LISTS: { id: OpenWorkList; icon: typeof Inbox }[] = [
  { id: 'overdue', icon: AlertTriangle },
  { id: 'due_soon', icon: CalendarClock },
  { id: 'waiting', icon: Hourglass },
  { id: 'unassigned', icon: Inbox },
  { id: 'feedback', icon: MessageSquareWarning },
];
/** "Nobody": the bulk reassignment takes the cases off anyone's list. */
const NOBODY = 'nobody';
const DAY_MS = 86_400_000;

interface Settings {
  waiting_days: number;
  due_within_days: number;
}
/** The thresholds are kept while the workstation runs. */
let remembered: Settings = { waiting_days: 14, due_within_days: 3 };

/**
 * What needs a supervisor's decision now: overdue and nearly due cases, cases waiting for the
 * citizen too long, received cases nobody has taken; who carries how much; and reassignment of
 * many cases at once.
 */
export function OpenWorkScreen({ show }: { show?: OpenWorkList }) {
  const t = useT();
  const { call, fmt } = useApp();
  const [settings, setSettings] = useState<Settings>(remembered);
  const [work, setWork] = useState<OpenWork | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [list, setList] = useState<OpenWorkList>(show ?? 'overdue');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [refresh, setRefresh] = useState(0);
  const reload = useCallback(() => setRefresh((r) => r + 1), []);
  useRefreshAfterSync(reload);

  useEffect(() => {
    remembered = settings;
  }, [settings]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    call('open_work', settings)
      .then((w) => {
        if (!live) return;
        setWork(w);
        setError(null);
        // Ticks stay only on cases still listed.
        const listed = new Set([...w.overdue, ...w.due_soon, ...w.waiting.map((x) => x.case), ...w.unassigned].map((c) => c.id));
        setSelected((s) => new Set([...s].filter((id) => listed.has(id))));
      })
      .catch((e) => live && setError(errorText(t, toApiError(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [call, settings, refresh, t]);

  const items = (w: OpenWork, l: OpenWorkList): CaseSummary[] =>
    l === 'overdue' ? w.overdue : l === 'due_soon' ? w.due_soon : l === 'waiting' ? w.waiting.map((x) => x.case) : l === 'unassigned' ? w.unassigned : [];
  const countOf = (w: OpenWork, l: OpenWorkList) => (l === 'feedback' ? w.feedback_overdue.length : items(w, l).length);
  const waitingSince = useMemo(() => new Map(work?.waiting.map((x) => [x.case.id, x.waiting_since]) ?? []), [work]);
  const now = work ? Date.now() : 0;

  return (
    <div className="open-work">
      <PageHeader
        title={t('work.title')}
        subtitle={work ? t('work.subtitle', { day: fmt.dateLong(work.today) }) : undefined}
      />
      {error ? (
        <Banner kind="error" title={t('work.load_failed')}>
          <p>{error}</p>
          <Button className="button button-secondary button-sm" onPress={reload}>{t('common.retry')}</Button>
        </Banner>
      ) : null}

      {!work ? (
        error ? null : <Spinner label={t('common.loading')} />
      ) : (
        <div className="work-layout">
          <div className="work-top">
          <Load work={work} />
          <div className="card work-settings">
            <NumberInput
              name="waiting_days"
              label={t('work.waiting_days')}
              value={settings.waiting_days}
              minValue={0}
              maxValue={365}
              onChange={(v) => Number.isFinite(v) && setSettings((s) => ({ ...s, waiting_days: Math.trunc(v) }))}
              className="field-inline"
            />
            <NumberInput
              name="due_within_days"
              label={t('work.due_within_days')}
              value={settings.due_within_days}
              minValue={0}
              maxValue={90}
              onChange={(v) => Number.isFinite(v) && setSettings((s) => ({ ...s, due_within_days: Math.trunc(v) }))}
              className="field-inline"
            />
          </div>
          </div>

          <Tabs
            selectedKey={list}
            onSelectionChange={(k) => { setList(k as OpenWorkList); setSelected(new Set()); }}
            className="tabs work-tabs"
          >
            <TabList aria-label={t('work.lists')} className="tablist work-tablist">
              {LISTS.map(({ id, icon: Icon }) => (
                <Tab key={id} id={id} className="tab work-tab">
                  <Icon size={16} aria-hidden="true" />
                  <span>{t(`work.list.${id}` as MessageId)}</span>
                  <span className={`count-chip ${countOf(work, id) > 0 && id !== 'due_soon' ? 'count-chip-alert' : ''}`}>{fmt.number(countOf(work, id))}</span>
                </Tab>
              ))}
            </TabList>
            {LISTS.map(({ id }) => (
              <TabPanel key={id} id={id} className="tabpanel">
                {id === list && id === 'feedback' ? (
                  <FeedbackOverdue items={work.feedback_overdue} loading={loading} />
                ) : id === list ? (
                  <>
                    <p className="muted small">{t(`work.help.${id}` as MessageId, { days: id === 'waiting' ? settings.waiting_days : settings.due_within_days })}</p>
                    <BulkReassign selected={selected} onDone={() => { setSelected(new Set()); reload(); }} />
                    <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
                      {loading ? <div className="progress-line" aria-hidden="true" /> : null}
                      {items(work, id).length === 0 ? (
                        <EmptyState icon={<UserCheck size={32} />} title={t(`work.empty.${id}` as MessageId)} />
                      ) : (
                        <CaseTable
                          items={items(work, id)}
                          caption={t(`work.list.${id}` as MessageId)}
                          selection={{ selected, onChange: setSelected }}
                          extra={
                            id === 'waiting'
                              ? {
                                  header: t('work.col_waiting'),
                                  cell: (c) => {
                                    const since = waitingSince.get(c.id);
                                    if (!since) return null;
                                    const days = Math.floor((now - new Date(since).getTime()) / DAY_MS);
                                    return (
                                      <span className="nowrap">
                                        <span className="cell-main">{t('work.waiting_for', { days })}</span>
                                        <span className="cell-sub">{t('work.since', { day: fmt.dateOfInstant(since) })}</span>
                                      </span>
                                    );
                                  },
                                }
                              : undefined
                          }
                        />
                      )}
                    </div>
                  </>
                ) : null}
              </TabPanel>
            ))}
          </Tabs>
        </div>
      )}
    </div>
  );
}

/** Reassigns the ticked cases to one member of staff (or to nobody), with an optional note. */
function BulkReassign({ selected, onDone }: { selected: ReadonlySet<string>; onDone(): void }) {
  const t = useT();
  const { call, staff, toast, can } = useApp();
  const [to, setTo] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, ['to', 'note', 'case_ids']);
  if (!can('reassign_case')) return null;

  const options: Option[] = [
    ...(staff ?? [])
      .filter((s) => s.active && s.roles.some((r) => r === 'clerk' || r === 'registrar' || r === 'supervisor'))
      .sort((a, b) => a.display_name.localeCompare(b.display_name))
      .map((s) => ({ id: s.id, label: s.display_name })),
    { id: NOBODY, label: t('work.nobody') },
  ];
  const count = selected.size;

  const submit = async () => {
    clear();
    if (!to) {
      setField('to', t('work.pick_staff'));
      return;
    }
    setBusy(true);
    try {
      const r = await call('reassign_cases', { case_ids: [...selected], to: to === NOBODY ? null : to, note: note.trim() || null });
      toast(t('work.reassigned', { count: r.reassigned }));
      setNote('');
      onDone();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="bulk-bar" aria-label={t('work.bulk')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <span className="bulk-count" aria-live="polite">
        <Users size={16} aria-hidden="true" />
        {t('work.selected', { count })}
      </span>
      <SelectInput name="to" label={t('work.assign_to')} value={to} onChange={setTo} options={options} placeholder={t('common.choose')} error={errors.fields.to} className="field-inline" />
      <TextInput name="note" label={t('work.note')} value={note} onChange={setNote} maxLength={2000} error={errors.fields.note} className="field-inline bulk-note" />
      <Button type="submit" className="button button-primary" isDisabled={count === 0 || busy} data-busy={busy || undefined}>
        {t('work.reassign', { count })}
      </Button>
      {errors.form && !errors.fields.to && !errors.fields.note ? <p className="field-error bulk-error" role="alert">{errors.form}</p> : null}
    </form>
  );
}

/** Open and overdue cases per member of staff, to see who is overloaded. */
function Load({ work }: { work: OpenWork }) {
  const t = useT();
  const { fmt } = useApp();
  const max = Math.max(1, ...work.load.map((l) => l.open));
  const rows = [...work.load].sort((a, b) => b.open - a.open || b.overdue - a.overdue);
  return (
    <section className="card load-card" aria-labelledby="load-title">
      <div className="card-head">
        <h2 id="load-title" className="card-title"><Users size={16} aria-hidden="true" />{t('work.load')}</h2>
        <ul className="chart-legend" aria-hidden="true">
          <li className="chart-legend-item"><span className="load-swatch" />{t('review.measure.open')}</li>
          <li className="chart-legend-item"><span className="load-swatch load-swatch-overdue" />{t('work.of_which_overdue')}</li>
        </ul>
      </div>
      {rows.length === 0 ? (
        <p className="muted small">{t('work.load_none')}</p>
      ) : (
        <table className="table load-table">
          <caption className="visually-hidden">{t('work.load')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('work.col_staff')}</th>
              <th scope="col" className="col-num">{t('review.measure.open')}</th>
              <th scope="col" className="col-num">{t('review.measure.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.staff_id ?? NOBODY}>
                <th scope="row">{l.staff_id ? (l.name ?? t('review.unknown')) : <span className="muted">{t('review.nobody')}</span>}</th>
                <td className="col-num">
                  <span className="load-meter">
                    <span className="load-bar" aria-hidden="true">
                      <span className="load-fill" style={{ inlineSize: `${(l.open / max) * 100}%` }} />
                      <span className="load-fill load-fill-overdue" style={{ inlineSize: `${(l.overdue / max) * 100}%` }} />
                    </span>
                    <span>{fmt.number(l.open)}</span>
                  </span>
                </td>
                <td className={`col-num ${l.overdue > 0 ? 'load-overdue' : ''}`}>{fmt.number(l.overdue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
