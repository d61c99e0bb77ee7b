import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import {
  AlertTriangle, Ban, CalendarCheck, Check, CheckCircle2, ChevronRight, FileText, FolderOpen, GitMerge, Inbox, Stamp, Timer, WifiOff, XCircle,
} from 'lucide-react';
import { parseDate } from '@internationalized/date';
import type { DayReview } from '../../gen/DayReview';
import type { PeriodPreset } from '../../gen/PeriodPreset';
import type { ReviewDimension } from '../../gen/ReviewDimension';
import type { ReviewGroup } from '../../gen/ReviewGroup';
import type { ReviewMeasure } from '../../gen/ReviewMeasure';
import type { ReviewPeriods } from '../../gen/ReviewPeriods';
import type { Locale } from '../../gen/Locale';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { pickName } from '../../i18n/locales';
import { errorText, useT, type T } from '../../i18n/useT';
import type { Formatters } from '../../i18n/format';
import { toApiError } from '../../host';
import { Segmented } from '../../components/fields';
import { PeriodFields, isoDate, type Period } from '../../components/filters';
import { Banner, EmptyState, PageHeader, Spinner } from '../../components/ui';
import { StatusBadge } from '../../components/badges';
import { useRefreshAfterSync, useSync } from '../sync/SyncProvider';
import { BarChart, LineChart, type BarGroup, type Series } from './charts';
import { DrillDialog, type Drill } from './DrillDialog';
import { ReviewQueue } from '../queue/ReviewQueue';
import { ReviewCash } from '../cash/ReviewCash';
import { ReportActions } from './ReportActions';

type Flow = 'received' | 'resolved' | 'open';
const FLOWS: Flow[] = ['received', 'resolved', 'open'];
const KPIS: { measure: ReviewMeasure; icon: ReactNode }[] = [
  { measure: 'received', icon: <Inbox size={16} aria-hidden="true" /> },
  { measure: 'resolved', icon: <CheckCircle2 size={16} aria-hidden="true" /> },
  { measure: 'rejected', icon: <XCircle size={16} aria-hidden="true" /> },
  { measure: 'open', icon: <FolderOpen size={16} aria-hidden="true" /> },
  { measure: 'overdue', icon: <AlertTriangle size={16} aria-hidden="true" /> },
];
const DIMENSIONS: ReviewDimension[] = ['service', 'agency', 'channel', 'clerk'];
/** A breakdown shows this many groups until asked for all. */
const TOP = 8;
/** The longest period one review covers (the core refuses longer ones). */
const MAX_DAYS = 400;
const CUSTOM = 'custom';

/** How a period reads: one day in full, or from–to. */
export function periodText(t: T, fmt: Formatters, from: string, to: string): string {
  return from === to ? fmt.dateLong(from) : t('review.period', { from: fmt.date(from), to: fmt.date(to) });
}

/** A breakdown's group as a chart or table shows it, in the UI's language where there is one. */
function groupLabel(t: T, dim: ReviewDimension, g: ReviewGroup, locale: Locale): { label: string; lang?: string } {
  switch (dim) {
    case 'channel':
      return { label: t(`channel.${g.key}` as MessageId) };
    case 'clerk':
      return g.key === '' ? { label: t('review.nobody') } : { label: g.label ?? t('review.unknown') };
    default: {
      const label = pickName(g.names, locale);
      if (!label) return { label: t('review.unknown') };
      if (g.names[locale]) return { label };
      // Shown in another language: say which, for screen readers and hyphenation.
      const lang = g.names.en ? 'en' : Object.keys(g.names).find((k) => !!g.names[k]);
      return { label, lang };
    }
  }
}

/**
 * The supervisor's review of a day or a period: what came in, what was settled, what is still
 * open or overdue, broken down by service, agency, channel and clerk; handling times;
 * certifications, filings, voided numbers, settled conflicts and sign-offs. Every figure comes
 * from this workstation's own copy, so it works in a meeting room with no network. Each number
 * opens the cases behind it.
 */
export function ReviewScreen({ from: askedFrom, to: askedTo }: { from?: string; to?: string }) {
  const t = useT();
  const { call, fmt, can } = useApp();
  const [periods, setPeriods] = useState<ReviewPeriods | null>(null);
  const [review, setReview] = useState<DayReview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [dim, setDim] = useState<ReviewDimension>('service');
  const [showAll, setShowAll] = useState(false);
  useRefreshAfterSync(() => setRefresh((r) => r + 1));

  useEffect(() => {
    let live = true;
    call('review_periods', {})
      .then((p) => live && setPeriods(p))
      .catch((e) => live && setError(errorText(t, toApiError(e))));
    return () => {
      live = false;
    };
  }, [call, t]);

  const from = askedFrom ?? askedTo ?? periods?.today ?? null;
  const to = askedTo ?? askedFrom ?? periods?.today ?? null;

  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    setLoading(true);
    call('day_review', { from, to })
      .then((r) => {
        if (!live) return;
        setReview(r);
        setError(null);
      })
      .catch((e) => live && setError(errorText(t, toApiError(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [call, from, to, refresh, t]);

  const choose = useCallback((f: string, tt: string) => {
    setShowAll(false);
    navigate({ name: 'review', from: f, to: tt });
  }, []);

  if (!periods || !from || !to) {
    return error ? <Banner kind="error" title={t('review.load_failed')}>{error}</Banner> : <Spinner label={t('common.loading')} />;
  }

  const period = periodText(t, fmt, from, to);
  // While another period loads, the last one stays (dimmed) rather than the page jumping.
  const current = review;
  const stale = loading || (!!review && (review.from !== from || review.to !== to));
  const measureLabel = (m: ReviewMeasure) => t(`review.measure.${m}` as MessageId);
  const series: Series<Flow>[] = FLOWS.map((id) => ({ id, label: measureLabel(id) }));

  return (
    <div className="review">
      <PageHeader
        title={t('review.title')}
        subtitle={
          <span className="review-subtitle">
            <span aria-live="polite">{period}</span>
            <span className="hint"><WifiOff size={14} aria-hidden="true" />{t('review.offline_note')}</span>
          </span>
        }
        actions={<ReportActions from={from} to={to} label={t('report.group')} />}
      />
      <PeriodPicker periods={periods} from={from} to={to} onChoose={choose} />

      {error ? (
        <Banner kind="error" title={t('review.load_failed')}>
          <p>{error}</p>
          <Button className="button button-secondary button-sm" onPress={() => setRefresh((r) => r + 1)}>{t('common.retry')}</Button>
        </Banner>
      ) : null}

      {!current ? (
        error ? null : <Spinner label={t('common.loading')} />
      ) : (
        <div className={`review-body ${stale ? 'is-loading' : ''}`} aria-busy={stale}>
          <section className="kpis" aria-label={t('review.kpis')}>
            {KPIS.map(({ measure, icon }) => (
              <Button
                key={measure}
                className={`kpi kpi-${measure}`}
                data-measure={measure}
                onPress={() => setDrill({ measure, title: measureLabel(measure), context: period })}
              >
                <span className="kpi-label">{icon}{measureLabel(measure)}</span>
                <span className="kpi-value">{fmt.number(current.totals[measure])}</span>
                <span className="kpi-sub">{t(`review.kpi_sub.${measure}` as MessageId)}</span>
                <ChevronRight size={16} aria-hidden="true" className="kpi-go flip-rtl" />
              </Button>
            ))}
            <div className="kpi kpi-static">
              <span className="kpi-label"><Timer size={16} aria-hidden="true" />{t('review.handling')}</span>
              {current.totals.handling_median_ms !== null ? (
                <dl className="kpi-pair">
                  <div><dt>{t('review.handling_median')}</dt><dd>{fmt.duration(current.totals.handling_median_ms)}</dd></div>
                  <div><dt>{t('review.handling_p90')}</dt><dd>{fmt.duration(current.totals.handling_p90_ms ?? current.totals.handling_median_ms)}</dd></div>
                </dl>
              ) : (
                <span className="kpi-sub">{t('review.handling_none')}</span>
              )}
            </div>
          </section>

          {current.days.length > 1 ? (
            <div className="card chart-card">
              <LineChart
                title={t('review.by_day')}
                series={series}
                points={current.days.map((d) => ({ day: d.day, values: { received: d.received, resolved: d.resolved, open: d.open } }))}
                panels={[['received', 'resolved'], ['open']]}
                panelLabels={[t('review.panel_flow'), t('review.panel_open')]}
                onPick={(day, s) => setDrill({ measure: s, day, title: measureLabel(s), context: fmt.dateLong(day) })}
              />
            </div>
          ) : null}

          <div className="card chart-card">
            <Tabs selectedKey={dim} onSelectionChange={(k) => { setDim(k as ReviewDimension); setShowAll(false); }} className="tabs breakdown-tabs">
              <div className="breakdown-head">
                <h2 className="card-title">{t('review.breakdown')}</h2>
                <TabList aria-label={t('review.breakdown')} className="tablist">
                  {DIMENSIONS.map((d) => <Tab key={d} id={d} className="tab">{t(`review.by.${d}` as MessageId)}</Tab>)}
                </TabList>
              </div>
              {DIMENSIONS.map((d) => (
                <TabPanel key={d} id={d} className="tabpanel">
                  {d === dim ? (
                    <Breakdown
                      review={current}
                      dim={d}
                      series={series}
                      showAll={showAll}
                      onShowAll={() => setShowAll(true)}
                      onPick={(g, s) => setDrill({ measure: s, dimension: d, key: g.key, title: measureLabel(s), context: `${g.label} · ${period}` })}
                    />
                  ) : null}
                </TabPanel>
              ))}
            </Tabs>
          </div>

          <ReviewQueue review={current} />
          <ReviewCash review={current} />

          <div className="review-facts">
            <Certifications review={current} canOpen={can('view_ledger')} />
            <Filings review={current} canOpen={can('view_filing')} />
            <SignOffs review={current} />
          </div>
          <div className="review-facts review-facts-2">
            <Voided review={current} />
            <Settled review={current} />
          </div>
        </div>
      )}
      <DrillDialog from={from} to={to} drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

function PeriodPicker({ periods, from, to, onChoose }: { periods: ReviewPeriods; from: string; to: string; onChoose(from: string, to: string): void }) {
  const t = useT();
  const match = periods.options.find((o) => o.from === from && o.to === to);
  const [custom, setCustom] = useState(!match);
  const [range, setRange] = useState<Period>(() => ({ from: parseDate(from), to: parseDate(to) }));
  const [problem, setProblem] = useState<{ field: 'from' | 'to'; text: string } | null>(null);
  const { from: start, to: end } = range;

  useEffect(() => {
    setRange({ from: parseDate(from), to: parseDate(to) });
    setProblem(null);
  }, [from, to]);

  const selected = custom || !match ? CUSTOM : match.preset;
  const options = [
    ...periods.options.map((o) => ({ id: o.preset as string, label: t(`review.preset.${o.preset}` as MessageId) })),
    { id: CUSTOM, label: t('review.preset.custom') },
  ];
  const pick = (id: string) => {
    if (id === CUSTOM) {
      setCustom(true);
      return;
    }
    const o = periods.options.find((x) => x.preset === (id as PeriodPreset));
    if (!o) return;
    setCustom(false);
    onChoose(o.from, o.to);
  };
  const apply = () => {
    if (!start) return setProblem({ field: 'from', text: t('field_error.required') });
    if (!end) return setProblem({ field: 'to', text: t('field_error.required') });
    if (end.compare(start) < 0) return setProblem({ field: 'to', text: t('review.period_order') });
    if (end.compare(start) + 1 > MAX_DAYS) return setProblem({ field: 'to', text: t('review.period_too_long', { days: MAX_DAYS }) });
    setProblem(null);
    onChoose(isoDate(start), isoDate(end));
  };

  return (
    <div className="card period-picker">
      <Segmented name="period" label={t('review.period_label')} value={selected} onChange={pick} options={options} />
      {selected === CUSTOM ? (
        <form className="period-custom" onSubmit={(e) => { e.preventDefault(); apply(); }}>
          <PeriodFields
            value={range}
            onChange={setRange}
            labels={{ from: t('review.from'), to: t('review.to') }}
            errors={problem ? { [problem.field]: problem.text } : undefined}
          />
          <Button type="submit" className="button button-primary">{t('review.show')}</Button>
        </form>
      ) : null}
    </div>
  );
}

function Breakdown({
  review, dim, series, showAll, onShowAll, onPick,
}: {
  review: DayReview;
  dim: ReviewDimension;
  series: Series<Flow>[];
  showAll: boolean;
  onShowAll(): void;
  onPick(g: BarGroup<Flow>, s: Flow): void;
}) {
  const t = useT();
  const { locale, fmt } = useApp();
  const source = { service: review.by_service, agency: review.by_agency, channel: review.by_channel, clerk: review.by_clerk }[dim];
  const groups: BarGroup<Flow>[] = useMemo(
    () =>
      source.map((g) => ({
        key: g.key,
        ...groupLabel(t, dim, g, locale),
        values: { received: g.figures.received, resolved: g.figures.resolved, open: g.figures.open },
        extra: [g.figures.handling_median_ms, g.figures.handling_p90_ms].map((ms) => (ms === null ? '—' : fmt.duration(ms))),
      })),
    [source, dim, t, locale, fmt],
  );
  const shown = showAll ? groups : groups.slice(0, TOP);
  return (
    <>
      <BarChart
        title={t(`review.chart.${dim}` as MessageId)}
        series={series}
        groups={shown}
        onPick={onPick}
        groupHeader={t(`review.by.${dim}` as MessageId)}
        extraHeaders={[t('review.handling_median_col'), t('review.handling_p90_col')]}
        empty={<EmptyState icon={<Inbox size={28} />} title={t('review.nothing')}>{t('review.nothing_text')}</EmptyState>}
      />
      {dim === 'clerk' ? <p className="muted small chart-note">{t('review.clerk_help')}</p> : null}
      {groups.length > shown.length ? (
        <Button className="button button-ghost button-sm show-all" onPress={onShowAll}>
          {t('review.show_all', { count: groups.length })}
        </Button>
      ) : null}
    </>
  );
}

/** A figure in a fact card: a link to its records where there is a list of them. */
function Fact({ label, value, to }: { label: string; value: string; to?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{to ? <a href={to} className="figure-link">{value}</a> : value}</dd>
    </div>
  );
}

function Certifications({ review, canOpen }: { review: DayReview; canOpen: boolean }) {
  const t = useT();
  const { fmt } = useApp();
  const c = review.certifications;
  const ledger = canOpen ? href({ name: 'ledger', from: review.from, to: review.to }) : undefined;
  return (
    <section className="card fact-card" aria-labelledby="review-cert">
      <h2 id="review-cert" className="card-title"><Stamp size={16} aria-hidden="true" />{t('review.certifications')}</h2>
      <dl className="facts">
        <Fact label={t('review.cert.signatures')} value={fmt.number(c.signatures)} to={ledger} />
        <Fact label={t('review.cert.copies')} value={fmt.number(c.copies)} to={ledger} />
        <Fact label={t('review.cert.corrections')} value={fmt.number(c.corrections)} to={ledger} />
        <Fact label={t('review.cert.cancellations')} value={fmt.number(c.cancellations)} to={ledger} />
        <Fact label={t('review.cert.prints')} value={fmt.number(c.prints)} />
        <Fact label={t('review.cert.fees')} value={fmt.money(c.fees_minor, review.currency)} />
      </dl>
    </section>
  );
}

function Filings({ review, canOpen }: { review: DayReview; canOpen: boolean }) {
  const t = useT();
  const { fmt } = useApp();
  // The registry lists a day (or a year): one day's figures open that day's entries.
  const link = (direction: 'incoming' | 'outgoing') =>
    canOpen && review.from === review.to ? href({ name: 'filing', day: review.from, direction }) : undefined;
  return (
    <section className="card fact-card" aria-labelledby="review-filing">
      <h2 id="review-filing" className="card-title"><FileText size={16} aria-hidden="true" />{t('review.filings')}</h2>
      <dl className="facts">
        <Fact label={t('filing.incoming')} value={fmt.number(review.filings.incoming)} to={link('incoming')} />
        <Fact label={t('filing.outgoing')} value={fmt.number(review.filings.outgoing)} to={link('outgoing')} />
      </dl>
    </section>
  );
}

function SignOffs({ review }: { review: DayReview }) {
  const t = useT();
  const { fmt, can } = useApp();
  const standalone = useSync().status?.state === 'standalone';
  const single = review.from === review.to;
  return (
    <section className="card fact-card" aria-labelledby="review-closes">
      <h2 id="review-closes" className="card-title"><CalendarCheck size={16} aria-hidden="true" />{t('review.closes')}</h2>
      {review.closes.length === 0 ? (
        <p className="muted small">{single ? t('review.day_open') : t('review.closes_none')}</p>
      ) : (
        <ul className="close-list">
          {review.closes.map((c) => (
            <li key={c.id}>
              <span className="close-day">{fmt.date(c.day)}</span>
              <span className="small">{t('close.signed_by', { name: c.closed_by_name ?? t('review.unknown'), time: fmt.dateTime(c.closed_at) })}</span>
              {c.synced || standalone ? null : <span className="tag tag-unsynced">{t('case.not_synced')}</span>}
            </li>
          ))}
        </ul>
      )}
      {single && review.closes.length === 0 && can('close_day') ? (
        <a className="button button-secondary button-sm" href={href({ name: 'close_day', day: review.from })}>
          <CalendarCheck size={14} aria-hidden="true" />
          {t('review.go_close')}
        </a>
      ) : null}
    </section>
  );
}

function Voided({ review }: { review: DayReview }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <section className="card fact-card" aria-labelledby="review-voided">
      <h2 id="review-voided" className="card-title"><Ban size={16} aria-hidden="true" />{t('review.voided')}</h2>
      {review.voided.length === 0 ? (
        <p className="muted small">{t('review.voided_none')}</p>
      ) : (
        <ul className="voided-list">
          {review.voided.map((v) => (
            <li key={`${v.series}-${v.year}-${v.first}`}>
              <span className="case-number" dir="ltr">{v.label}</span>
              <span className="voided-reason" dir="auto">{v.reason}</span>
              <span className="cell-sub">{fmt.dateTime(v.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Settled({ review }: { review: DayReview }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <section className="card fact-card" aria-labelledby="review-settled">
      <h2 id="review-settled" className="card-title"><GitMerge size={16} aria-hidden="true" />{t('review.settled')}</h2>
      {review.conflicts_settled.length === 0 ? (
        <p className="muted small">{t('review.settled_none')}</p>
      ) : (
        <ul className="settled-list">
          {review.conflicts_settled.map((s) => (
            <li key={s.conflict_id}>
              <span className="settled-head">
                {s.case_id ? (
                  <a className="case-link" href={href({ name: 'case', id: s.case_id })}><span dir="ltr">{s.case_number ?? t('sync.open_case')}</span></a>
                ) : null}
                {s.decision === 'move_to' && s.to ? (
                  <span className="with-icon">{t('conflicts.moved_to')} <StatusBadge status={s.to} /></span>
                ) : (
                  <span className="with-icon"><Check size={14} aria-hidden="true" />{t('conflicts.kept')}</span>
                )}
              </span>
              <span className="settled-note" dir="auto">{s.note}</span>
              <span className="cell-sub">{t('conflicts.settled_by', { name: s.settled_by ?? t('review.unknown'), time: fmt.dateTime(s.settled_at) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
