import { useState, type ReactNode } from 'react';
import { CalendarDate, GregorianCalendar, PersianCalendar, toCalendar } from '@internationalized/date';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { CheckCircle2, Clock, Inbox, Lightbulb, ListChecks, Smile, Timer } from 'lucide-react';
import type { FeedbackCount } from '../../gen/FeedbackCount';
import type { FeedbackReport } from '../../gen/FeedbackReport';
import type { RatingBand } from '../../gen/RatingBand';
import type { RatingGroup } from '../../gen/RatingGroup';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { useT, type T } from '../../i18n/useT';
import { EmptyState } from '../../components/ui';
import { BarChart, type BarGroup } from '../review/charts';
import { ABOUTS, KINDS, NEGATIVE, POSITIVE, SCORE_LABELS, STATES, aboutLabel, channelLabel, kindLabel, reasonLabel, stateLabel, periodLabel } from './labels';
import { mean1 } from './SurveyResults';
import type { Calendar } from '../../gen/Calendar';
import type { FeedbackAbout } from '../../gen/FeedbackAbout';
import type { FeedbackChannel } from '../../gen/FeedbackChannel';
import type { FeedbackKind } from '../../gen/FeedbackKind';
import type { FeedbackState } from '../../gen/FeedbackState';
import type { RatingReason } from '../../gen/RatingReason';
import type { Formatters } from '../../i18n/format';

type Dim = 'kind' | 'channel' | 'about' | 'service' | 'agency' | 'desk' | 'state' | 'month';
const DIMS: Dim[] = ['kind', 'channel', 'about', 'service', 'agency', 'desk', 'state', 'month'];
type RatingDim = 'desk' | 'service' | 'staff';

/** The figures of a period's report: items by every breakdown, root causes, answer times, suggestions, ratings. */
export function ReportFigures({ report }: { report: FeedbackReport }) {
  const t = useT();
  const { fmt } = useApp();
  const a = report.answer_times;
  const r = report.ratings;
  const share = (part: number, whole: number) => (whole > 0 ? fmt.number(Math.round((part / whole) * 100)) : '—');
  return (
    <div className="review-body fb-report-body">
      <section className="kpis fb-kpis" aria-label={t('feedback.report.kpis')}>
        <Kpi icon={<Inbox size={16} aria-hidden="true" />} label={t('feedback.report.total')} value={fmt.number(report.total)} sub={periodLabel(report.label, t, fmt.number)} />
        <Kpi
          icon={<CheckCircle2 size={16} aria-hidden="true" />}
          label={t('feedback.report.on_time')}
          value={a.answered ? t('feedback.report.percent', { value: share(a.on_time, a.answered) }) : '—'}
          sub={t('feedback.report.on_time_sub', { on_time: a.on_time, answered: a.answered })}
        />
        <Kpi icon={<Clock size={16} aria-hidden="true" />} label={t('feedback.report.open')} value={fmt.number(a.open)} sub={t('feedback.report.open_sub', { overdue: a.open_overdue })} />
        <Kpi icon={<Lightbulb size={16} aria-hidden="true" />} label={t('feedback.report.adopted')} value={fmt.number(report.adopted)} sub={t('feedback.report.adopted_sub', { suggestions: report.suggestions })} />
        <Kpi
          icon={<Smile size={16} aria-hidden="true" />}
          label={t('feedback.report.rating_mean')}
          value={r.mean != null ? fmt.number(mean1(r.mean)) : '—'}
          sub={t('feedback.report.rating_sub', { ratings: r.ratings, share: share(r.ratings, r.visits) })}
        />
      </section>

      {r.ratings > 0 ? (
        <div className="card chart-card fb-headline">
          <MeanChart
            title={t('feedback.report.by_wait')}
            groupHeader={t('feedback.report.wait_band')}
            groups={r.by_wait.map((b) => ({ key: b.key, label: bandLabel(t, b), ratings: b.ratings, mean: b.mean }))}
          />
          <p className="muted small chart-note">{t('feedback.report.by_wait_help')}</p>
        </div>
      ) : null}

      <Breakdown report={report} />

      <div className="card chart-card">
        <BarChart
          title={t('feedback.report.root_causes')}
          series={[{ id: 'count', label: t('feedback.report.items') }]}
          groups={counts(t, fmt, 'root_cause', report.root_causes, report.calendar)}
          groupHeader={t('feedback.report.root_cause')}
          empty={<Nothing />}
        />
      </div>

      <section className="card fact-card" aria-labelledby="fb-answer-times">
        <h2 id="fb-answer-times" className="card-title"><Timer size={16} aria-hidden="true" />{t('feedback.report.answer_times')}</h2>
        <dl className="facts facts-row">
          <Fact label={t('feedback.report.answered')} value={fmt.number(a.answered)} />
          <Fact label={t('feedback.report.on_time_n')} value={fmt.number(a.on_time)} />
          <Fact label={t('feedback.report.late')} value={fmt.number(a.late)} />
          <Fact label={t('feedback.report.still_open')} value={fmt.number(a.open)} />
          <Fact label={t('feedback.report.overdue')} value={fmt.number(a.open_overdue)} />
          <Fact label={t('feedback.report.median_days')} value={a.median_days != null ? t('feedback.report.days', { days: mean1(a.median_days) }) : '—'} />
          <Fact label={t('feedback.report.p90_days')} value={a.p90_days != null ? t('feedback.report.days', { days: mean1(a.p90_days) }) : '—'} />
        </dl>
      </section>

      <Ratings report={report} />
    </div>
  );
}

function Kpi({ icon, label, value, sub }: { icon: ReactNode; label: string; value: string; sub: string }) {
  return (
    <div className="kpi kpi-static">
      <span className="kpi-label">{icon}{label}</span>
      <span className="kpi-value">{value}</span>
      <span className="kpi-sub">{sub}</span>
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Nothing() {
  const t = useT();
  return <EmptyState icon={<ListChecks size={28} />} title={t('feedback.report.nothing')} />;
}

const CHANNELS: readonly FeedbackChannel[] = ['desk', 'public_page', 'kiosk', 'open311', 'rating'];
const REASONS: readonly RatingReason[] = [...POSITIVE, ...NEGATIVE];
const isIn = <K extends string>(list: readonly K[], key: string): key is K => (list as readonly string[]).includes(key);

/** A month of the office's calendar (`YYYY-MM`, as the report keys it) in the reader's words. */
function monthLabel(fmt: Formatters, key: string, calendar: Calendar): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return key;
  const mid = new CalendarDate(calendar === 'persian' ? new PersianCalendar() : new GregorianCalendar(), Number(m[1]), Number(m[2]), 15);
  return fmt.monthShort(toCalendar(mid, new GregorianCalendar()).toString());
}

/**
 * What a count's key reads as: the codes (kinds, channels, subjects, states, reasons) in the
 * UI's words, a month by its name; else the label the core gave (a service's, an agency's or a
 * root cause's name in the reader's language), else the key itself (a desk's label).
 */
function keyLabel(t: T, fmt: Formatters, dim: Dim | 'reason' | 'root_cause', key: string, given: string, calendar: Calendar): string {
  if (dim === 'kind' && isIn<FeedbackKind>(KINDS, key)) return kindLabel(t, key);
  if (dim === 'channel' && isIn<FeedbackChannel>(CHANNELS, key)) return channelLabel(t, key);
  if (dim === 'about' && isIn<FeedbackAbout>(ABOUTS, key)) return aboutLabel(t, key);
  if (dim === 'state' && isIn<FeedbackState>(STATES, key)) return stateLabel(t, key);
  if (dim === 'reason' && isIn<RatingReason>(REASONS, key)) return reasonLabel(t, key);
  if (dim === 'month') return monthLabel(fmt, key, calendar);
  return given || key;
}

/** Counts as bars, each under its key's words. */
function counts(t: T, fmt: Formatters, dim: Dim | 'reason' | 'root_cause', list: FeedbackCount[], calendar: Calendar): BarGroup<'count'>[] {
  return list.map((c) => ({ key: c.key, label: keyLabel(t, fmt, dim, c.key, c.label, calendar), values: { count: c.count } }));
}

function Breakdown({ report }: { report: FeedbackReport }) {
  const t = useT();
  const { fmt } = useApp();
  const [dim, setDim] = useState<Dim>('kind');
  const source: Record<Dim, FeedbackCount[]> = {
    kind: report.by_kind, channel: report.by_channel, about: report.by_about, service: report.by_service,
    agency: report.by_agency, desk: report.by_desk, state: report.by_state, month: report.by_month,
  };
  return (
    <div className="card chart-card">
      <Tabs selectedKey={dim} onSelectionChange={(k) => setDim(k as Dim)} className="tabs breakdown-tabs">
        <div className="breakdown-head">
          <h2 className="card-title">{t('feedback.report.breakdown')}</h2>
          <TabList aria-label={t('feedback.report.breakdown')} className="tablist">
            {DIMS.map((d) => <Tab key={d} id={d} className="tab">{t(`feedback.report.by.${d}` as MessageId)}</Tab>)}
          </TabList>
        </div>
        {DIMS.map((d) => (
          <TabPanel key={d} id={d} className="tabpanel">
            {d === dim ? (
              <BarChart
                title={t(`feedback.report.chart.${d}` as MessageId)}
                series={[{ id: 'count', label: t('feedback.report.items') }]}
                groups={counts(t, fmt, d, source[d], report.calendar)}
                groupHeader={t(`feedback.report.by.${d}` as MessageId)}
                empty={<Nothing />}
              />
            ) : null}
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}

/** A band of minutes as it reads: "5–10 min", "60 min or more". */
function bandLabel(t: T, b: RatingBand): string {
  return b.to_minutes == null ? t('feedback.report.band_open', { from: b.from_minutes }) : t('feedback.report.band', { from: b.from_minutes, to: b.to_minutes });
}

/** Mean ratings as bars on a 1–5 scale, each group's number of ratings in its name and its table row. */
function MeanChart({ title, groupHeader, groups }: { title: string; groupHeader: string; groups: { key: string; label: string; ratings: number; mean?: number | null }[] }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <BarChart
      title={title}
      series={[{ id: 'mean', label: t('feedback.report.mean') }]}
      groups={groups.map((g) => ({
        key: g.key,
        label: t('feedback.report.group_n', { label: g.label, count: g.ratings }),
        values: { mean: g.mean != null ? mean1(g.mean) : 0 },
        extra: [fmt.number(g.ratings)],
      }))}
      groupHeader={groupHeader}
      extraHeaders={[t('feedback.report.ratings_n')]}
      scaleMax={5}
      empty={<Nothing />}
    />
  );
}

function Ratings({ report }: { report: FeedbackReport }) {
  const t = useT();
  const { fmt } = useApp();
  const r = report.ratings;
  const [dim, setDim] = useState<RatingDim>('desk');
  const dims: RatingDim[] = r.by_staff.length ? ['desk', 'service', 'staff'] : ['desk', 'service'];
  const groups: Record<RatingDim, RatingGroup[]> = { desk: r.by_desk, service: r.by_service, staff: r.by_staff };
  const shown: RatingDim = dims.includes(dim) ? dim : 'desk';
  return (
    <section className="card fb-ratings-report" aria-labelledby="fb-ratings-title">
      <h2 id="fb-ratings-title" className="card-title"><Smile size={16} aria-hidden="true" />{t('feedback.report.ratings')}</h2>
      {r.ratings === 0 ? (
        <p className="muted">{t('feedback.report.no_ratings')}</p>
      ) : (
        <>
          <dl className="facts facts-row">
            <Fact label={t('feedback.report.ratings_n')} value={fmt.number(r.ratings)} />
            <Fact label={t('feedback.report.visits')} value={fmt.number(r.visits)} />
            <Fact label={t('feedback.report.mean')} value={r.mean != null ? fmt.number(mean1(r.mean)) : '—'} />
            <Fact label={t('feedback.report.median_wait')} value={r.median_wait_minutes != null ? t('feedback.report.minutes', { minutes: r.median_wait_minutes }) : '—'} />
          </dl>
          <BarChart
            title={t('feedback.report.distribution')}
            series={[{ id: 'count', label: t('feedback.report.ratings_n') }]}
            groups={r.distribution.map((n, i) => ({ key: String(i + 1), label: `${fmt.number(i + 1)} · ${t(SCORE_LABELS[i] ?? 'rate.score.3')}`, values: { count: n } }))}
            groupHeader={t('feedback.report.score')}
            empty={<Nothing />}
          />
          <MeanChart
            title={t('feedback.report.by_service_time')}
            groupHeader={t('feedback.report.service_band')}
            groups={r.by_service_time.map((b) => ({ key: b.key, label: bandLabel(t, b), ratings: b.ratings, mean: b.mean }))}
          />
          <Tabs selectedKey={shown} onSelectionChange={(k) => setDim(k as RatingDim)} className="tabs breakdown-tabs">
            <div className="breakdown-head">
              <h3 className="subheading">{t('feedback.report.ratings_by')}</h3>
              <TabList aria-label={t('feedback.report.ratings_by')} className="tablist">
                {dims.map((d) => <Tab key={d} id={d} className="tab">{t(`feedback.report.rating_by.${d}` as MessageId)}</Tab>)}
              </TabList>
            </div>
            {dims.map((d) => (
              <TabPanel key={d} id={d} className="tabpanel">
                {d === shown ? (
                  <>
                    <MeanChart title={t(`feedback.report.rating_chart.${d}` as MessageId)} groupHeader={t(`feedback.report.rating_by.${d}` as MessageId)} groups={groups[d]} />
                    {d === 'staff' ? <p className="muted small chart-note">{t('feedback.report.staff_help')}</p> : null}
                  </>
                ) : null}
              </TabPanel>
            ))}
          </Tabs>
          <BarChart
            title={t('feedback.report.reasons')}
            series={[{ id: 'count', label: t('feedback.report.ratings_n') }]}
            groups={counts(t, fmt, 'reason', r.reasons, report.calendar)}
            groupHeader={t('feedback.report.reason')}
            empty={<Nothing />}
          />
        </>
      )}
    </section>
  );
}
